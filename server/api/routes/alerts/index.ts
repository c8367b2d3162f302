import { Hono } from 'hono';
import { z } from 'zod';
import type { AlertAck, AlertsResult } from '../../../../shared/api.js';
import { ackAlert } from '../../../alerting/acks.js';
import { recordAudit } from '../../../audit/log.js';
import { principalOf } from '../../../auth/guard.js';
import { requireOwnership } from '../../../auth/ownership.js';
import type { ApiDeps } from '../../app.js';
import { AppError } from '../../errors.js';
import { validate } from '../../validate.js';
import { alertList } from './list.js';

const listQuery = z.object({}).strict();
const ackBody = z
  .object({
    by: z.string().trim().min(1, 'who acknowledges: a name').max(200),
    comment: z.string().max(2000).default(''),
  })
  .strict();

/** Pending and firing alerts, and those resolved in the last day: SLO alerts, and rule alerts of the evaluator in this process. */
export function alertsRoutes({ meta, rules }: ApiDeps): Hono {
  const app = new Hono();
  app.get('/', validate('query', listQuery), async (c) => c.json({ alerts: await alertList({ meta, rules, nowMs: Date.now() }) } satisfies AlertsResult));

  // Alert ids hold `:` and, for group instances, `/` (`checkout-latency/route=/cart:page-fast`):
  // clients send the id as one encoded segment; unencoded ones match too.
  app.post('/:id{.+}/ack', validate('json', ackBody), async (c) => {
    const id = c.req.param('id');
    const { by, comment } = c.req.valid('json');
    const nowMs = Date.now();
    const alert = (await alertList({ meta, rules, nowMs })).find((a) => a.id === id);
    if (!alert || alert.state === 'resolved') throw new AppError('not_found', `no pending or firing alert "${id}" (GET /api/v1/alerts lists them)`);
    await requireOwnership(c, meta, alert.labels.service ? [alert.labels.service] : [], `acknowledge alert "${id}"`);
    const ack = await meta.transaction().execute(async (trx) => {
      const made = await ackAlert({ db: trx, input: { alertId: id, by: principalOf(c)?.name ?? by, comment, at: new Date(nowMs) } });
      await recordAudit(trx, c, { action: 'alert.ack', target: id, after: made });
      return made;
    });
    return c.json(ack satisfies AlertAck);
  });
  return app;
}
