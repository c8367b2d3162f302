import { Hono } from 'hono';
import { z } from 'zod';
import type { SlosResult } from '../../../../shared/api.js';
import { getSlo, listSlos } from '../../../slo/engine/index.js';
import { recordAudit } from '../../../audit/log.js';
import type { ApiDeps } from '../../app.js';
import { AppError } from '../../errors.js';
import { validate } from '../../validate.js';
import { stepParam } from '../params.js';

const detailQuery = z.object({ step: stepParam.optional() }).strict();
/** team: the owning team of the SLO's service, through the catalog (services.team) */
const listQuery = z.object({ service: z.string().min(1).optional(), team: z.string().min(1).optional() }).strict();

/**
 * SLO status as the engine last persisted it (any process with the metadata store can
 * answer); reload needs the engine in this process.
 */
export function slosRoutes({ store, meta, slo }: ApiDeps): Hono {
  const app = new Hono();

  app.get('/', validate('query', listQuery), async (c) => {
    const { service, team } = c.req.valid('query');
    const all = await listSlos({ db: meta });
    const slos = all.slos.filter((s) => (service === undefined || s.service === service) && (team === undefined || s.team === team));
    return c.json({ ...all, slos } satisfies SlosResult);
  });

  app.post('/reload', async (c) => {
    if (!slo) {
      throw new AppError(
        'unavailable',
        'the SLO engine does not run in this process (it runs in the worker role, which reloads on its own when the spec directory changes); send the reload to a hub started with --role all or worker,api',
      );
    }
    await slo.reload();
    const result = await listSlos({ db: meta });
    await recordAudit(meta, c, { action: 'slos.reload', target: 'slo-specs', after: { slos: result.slos.length } });
    return c.json(result satisfies SlosResult);
  });

  // Group instance ids hold `/` (`checkout-latency/route=/cart`): clients send them as one
  // encoded segment; unencoded ones match too.
  app.get('/:id{.+}', validate('query', detailQuery), async (c) => {
    const id = c.req.param('id');
    // PostgreSQL text cannot hold NUL and SLOs are looked up there: a 400, not a 500
    if (id.includes('\0')) throw new AppError('bad_request', 'id: must not contain a NUL character', [{ parameter: 'id', message: 'must not contain a NUL character' }]);
    const { step } = c.req.valid('query');
    if (step !== undefined && step % 60 !== 0) throw new AppError('bad_request', `step: must be whole minutes (60s, 5m, 1h…), got ${step}s`, [{ parameter: 'step', message: 'whole minutes' }]);
    const detail = await getSlo({ db: meta, store, input: { id, stepSeconds: step } });
    if (!detail) throw new AppError('not_found', `no SLO "${id}": not in the spec directory, or not evaluated yet`);
    return c.json(detail);
  });

  return app;
}
