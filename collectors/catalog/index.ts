import type { Collector, CollectorInstance } from '../types.js';
import { createBackstagePull } from './backstage.js';
import { catalogConfigSchema, type CatalogConfig } from './config.js';
import { catalogRoutes } from './routes.js';

/**
 * The service catalog: Backstage entities uploaded (POST /ingest/catalog, `octolens import
 * catalog`) or pulled from a Backstage backend (OCTOLENS_BACKSTAGE_URL), stored as snapshots
 * in catalog_snapshots; the worker derives each service's owning team from them
 * (server/catalog/sync-catalog.ts).
 */
export const catalogCollector: Collector<CatalogConfig> = {
  name: 'catalog',
  stability: 'alpha',
  configSchema: catalogConfigSchema,
  create: (config, deps): CollectorInstance => {
    const routes = catalogRoutes(config, deps);
    if (config.backstageUrl === undefined) return { routes };
    const pull = createBackstagePull({ ...config, backstageUrl: config.backstageUrl }, deps);
    return { routes, start: pull.start, stop: pull.stop };
  },
};
