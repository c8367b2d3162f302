/**
 * GET /api/v1/audit: who changed what, and when (admin scope). `from`/`to` default to the last
 * 7 days; `actor=` one user or token, `action=` one action or every action of a thing
 * (`silence`); pages of `limit`, newest first, with `cursor`.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AuditResult } from '../../../../shared/api.js';
import { listAudit } from '../../../audit/log.js';
import type { ApiDeps } from '../../app.js';
import { checkRange, timeParam } from '../../time.js';
import { validate } from '../../validate.js';
import { cursorParam, encodeCursor } from '../cursor.js';

export function auditRoutes({ meta, limits }: ApiDeps): Hono {
  const app = new Hono();
  const query = checkRange(
    z
      .object({
        from: timeParam('now-7d', false),
        to: timeParam('now', true),
        actor: z.string().min(1).max(200).optional(),
        action: z.string().regex(/^[a-z_]+(\.[a-z_]+)?$/, 'an action such as silence.create, or a thing such as silence').optional(),
        limit: z.coerce.number().int().min(1).max(500).default(100),
        cursor: cursorParam(z.object({ id: z.string().regex(/^\d+$/) })).optional(),
      })
      .strict(),
    limits.longRange,
  );
  app.get('/', validate('query', query), async (c) => {
    const q = c.req.valid('query');
    const rows = await listAudit(meta, { fromMs: q.from, toMs: q.to, actor: q.actor, action: q.action, limit: q.limit, beforeId: q.cursor?.id });
    const entries = rows.slice(0, q.limit);
    return c.json({ entries, nextCursor: rows.length > q.limit ? encodeCursor({ id: entries.at(-1)!.id }) : null } satisfies AuditResult);
  });
  return app;
}
