import { Hono } from 'hono';
import { z } from 'zod';
import type { AlertsResult } from '../../../../shared/api.js';
import { listAlerts } from '../../../slo/engine/index.js';
import type { ApiDeps } from '../../app.js';
import { validate } from '../../validate.js';

const listQuery = z.object({}).strict();

/** Pending and firing alerts, and those resolved in the last day. */
export function alertsRoutes({ meta }: ApiDeps): Hono {
  const app = new Hono();
  app.get('/', validate('query', listQuery), async (c) => c.json((await listAlerts({ db: meta, input: { now: Date.now() } })) satisfies AlertsResult));
  return app;
}
