/**
 * GET /api/v1/adoption: adoption facts per service, scorecard results, per-team rollups,
 * leadership figures and the daily trend (server/adoption/get-adoption.ts, docs/adoption.md).
 * `team=` narrows everything to the catalog's services of that team, `service=` to one service
 * (its own trend); `days` is the trend's length.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AdoptionResult } from '../../../../shared/adoption.js';
import { getAdoption } from '../../../adoption/get-adoption.js';
import type { Scorecard } from '../../../adoption/scorecards.js';
import type { ApiDeps } from '../../app.js';
import { validate } from '../../validate.js';
import { intParam } from '../params.js';

export function adoptionRoutes({ store, meta, limits }: ApiDeps, scorecards: Scorecard[]): Hono {
  const app = new Hono();
  const maxDays = limits.longRange.maxDays;
  const query = z.object({ team: z.string().min(1).optional(), service: z.string().min(1).optional(), days: intParam(1, maxDays).default(90) }).strict();
  app.get('/', validate('query', query), async (c) => {
    const { team, service, days } = c.req.valid('query');
    return c.json((await getAdoption({ store, meta, scorecards, input: { team, service, days } })) satisfies AdoptionResult);
  });
  return app;
}
