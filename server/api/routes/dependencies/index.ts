import { Hono } from 'hono';
import { z } from 'zod';
import type { DependenciesResult } from '../../../../shared/api.js';
import {
  dependencyEdgesSql,
  dependencyServicesSql,
  MAX_EDGES,
  MAX_SERVICES,
  type DependencyEdgeRow,
} from '../../../query/dependencies/dependencies-query.js';
import type { ApiDeps } from '../../app.js';
import { checkRange, timeRangeQuery } from '../../time.js';
import { validate } from '../../validate.js';
import { graphNodes, toEdge } from './graph.js';

/** GET /api/v1/dependencies: the service map's nodes and edges over a range (docs/service-map.md). */
export function dependenciesRoutes({ store, limits }: ApiDeps): Hono {
  const app = new Hono();
  const query = checkRange(timeRangeQuery.extend({ service: z.string().min(1).optional() }).strict(), limits.searchRange);

  app.get('/', validate('query', query), async (c) => {
    const { from, to, service } = c.req.valid('query');
    const range = { fromMs: from, toMs: to, service };
    const edgesQ = dependencyEdgesSql(range);
    const servicesQ = dependencyServicesSql(range);
    const [edgeRows, serviceRows] = await Promise.all([
      store.query<DependencyEdgeRow>(edgesQ.sql, edgesQ.params),
      store.query<{ name: string }>(servicesQ.sql, servicesQ.params),
    ]);
    const seconds = (to - from) / 1000;
    const edges = edgeRows.slice(0, MAX_EDGES).map((r) => toEdge(r, seconds));
    const services = serviceRows.slice(0, MAX_SERVICES).map((r) => r.name);
    return c.json({
      range: { from, to },
      service: service ?? null,
      nodes: graphNodes(services, edges),
      edges,
      truncated: edgeRows.length > MAX_EDGES || serviceRows.length > MAX_SERVICES,
    } satisfies DependenciesResult);
  });

  return app;
}
