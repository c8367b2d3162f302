import type { Collector } from '../types.js';
import { otlpConfigSchema, type OtlpConfig } from './config.js';
import { otlpRoutes } from './routes.js';

export type { OtlpConfig } from './config.js';

/** OTLP/HTTP receiver: traces, logs and metrics, protobuf or JSON (see routes.ts). */
export const otlpCollector: Collector<OtlpConfig> = {
  name: 'otlp',
  stability: 'alpha',
  configSchema: otlpConfigSchema,
  create: (config, deps) => ({ routes: otlpRoutes(config, deps) }),
};
