/**
 * GET /api/v1/privacy: the daily privacy report (issue 13). What the OTLP collector scrubbed
 * before storage, counted per day the hub received it, service, signal and kind
 * (privacy_redactions, migration 0016). `from`/`to` pick whole UTC days, both included;
 * `service=` narrows to one service. The counts only: what was scrubbed is gone.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { PrivacyResult, RedactionDay } from '../../../../shared/privacy.js';
import type { ApiDeps } from '../../app.js';
import { checkRange, timeParam } from '../../time.js';
import { validate } from '../../validate.js';

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function privacyRoutes({ store, limits }: ApiDeps): Hono {
  const app = new Hono();
  const query = checkRange(z.object({ from: timeParam('now-30d', false), to: timeParam('now', true), service: z.string().min(1).optional() }).strict(), limits.longRange);
  app.get('/', validate('query', query), async (c) => {
    const { from, to, service } = c.req.valid('query');
    const params = { from: day(from), to: day(to), service: service ?? '' };
    // sum(): a SummingMergeTree adds a key's rows up only when it merges their parts.
    const rows = await store.query<{ day: string; service: string; signal: string; kind: string; count: number }>(
      `SELECT toString(Day) AS day, ServiceName AS service, Signal AS signal, Kind AS kind, sum(Count) AS count
       FROM privacy_redactions
       WHERE Day >= {from:Date} AND Day <= {to:Date} AND ({service:String} = '' OR ServiceName = {service:String})
       GROUP BY Day, ServiceName, Signal, Kind
       ORDER BY Day DESC, ServiceName, Signal, Kind`,
      params,
    );
    const days: RedactionDay[] = rows.map((r) => ({ ...r, count: Number(r.count) }));
    const totals = new Map<string, number>();
    for (const d of days) totals.set(d.kind, (totals.get(d.kind) ?? 0) + d.count);
    return c.json({
      from: params.from,
      to: params.to,
      days,
      totals: [...totals].map(([kind, count]) => ({ kind, count })).sort((a, b) => b.count - a.count || a.kind.localeCompare(b.kind)),
    } satisfies PrivacyResult);
  });
  return app;
}
