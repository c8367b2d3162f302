import { otlpCollector } from './otlp/index.js';
import type { Collector } from './types.js';

/** Every collector by name: a new source adds a row here, nothing else branches on names. */
export const collectors = {
  otlp: otlpCollector,
} satisfies Record<string, Collector<unknown>>;
