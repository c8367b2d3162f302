import type { Collector } from '../types.js';
import { defaultOtlpConfig, type OtlpConfig } from './config.js';
import { otlpRoutes } from './routes.js';

export type { OtlpConfig } from './config.js';

/** OTLP/HTTP receiver: traces, logs and metrics, protobuf or JSON (see routes.ts). */
export const otlpCollector: Collector<OtlpConfig> = {
  name: 'otlp',
  stability: 'alpha',
  defaultConfig: defaultOtlpConfig,
  routes: otlpRoutes,
};
