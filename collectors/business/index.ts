import type { Collector } from '../types.js';
import { businessConfigSchema, type BusinessConfig } from './config.js';
import { businessRoutes } from './routes.js';

/** Business KPIs as events at POST /ingest/business (routes.ts). */
export const businessCollector: Collector<BusinessConfig> = {
  name: 'business',
  stability: 'alpha',
  configSchema: businessConfigSchema,
  create: (config, deps) => ({ routes: businessRoutes(config, deps) }),
};
