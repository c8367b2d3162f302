import type { Collector } from '../types.js';
import { eventsConfigSchema, type EventsConfig } from './config.js';
import { eventsRoutes } from './routes.js';

/** The generic events API: deployments, changes and incidents as JSON batches (routes.ts). */
export const eventsCollector: Collector<EventsConfig> = {
  name: 'events',
  stability: 'alpha',
  configSchema: eventsConfigSchema,
  create: (config, deps) => ({ routes: eventsRoutes(config, deps) }),
};
