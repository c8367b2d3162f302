/**
 * GET /api/v1/catalog: the service catalog (entities, owners, relations, snapshots) and its
 * reconciliation with the data received in from/to (default the last 7 days): unowned and
 * dark services (server/catalog/get-catalog.ts, docs/catalog.md).
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { CatalogResult } from '../../../../shared/api.js';
import { getCatalog } from '../../../catalog/get-catalog.js';
import type { ApiDeps } from '../../app.js';
import { checkRange, timeParam } from '../../time.js';
import { validate } from '../../validate.js';

export function catalogRoutes({ store, meta, limits }: ApiDeps): Hono {
  const app = new Hono();
  const query = checkRange(z.object({ from: timeParam('now-7d', false), to: timeParam('now', true) }).strict(), limits.longRange);
  app.get('/', validate('query', query), async (c) => {
    const { from, to } = c.req.valid('query');
    return c.json((await getCatalog({ store, meta, input: { from, to } })) satisfies CatalogResult);
  });
  return app;
}
