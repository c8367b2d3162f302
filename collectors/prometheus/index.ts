import type { Collector } from '../types.js';
import { prometheusConfigSchema, type PrometheusConfig } from './config.js';
import { prometheusRoutes } from './routes.js';

/** Prometheus remote_write 1.0 at POST /api/v1/write (routes.ts, docs/prometheus.md). */
export const prometheusCollector: Collector<PrometheusConfig> = {
  name: 'prometheus',
  stability: 'alpha',
  configSchema: prometheusConfigSchema,
  create: (config, deps) => ({ routes: prometheusRoutes(config, deps) }),
};
