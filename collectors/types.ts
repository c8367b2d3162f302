import type { Hono } from 'hono';
import type { IngestQueue } from '../server/queue/types.js';

export type Signal = 'traces' | 'logs' | 'metrics';

/** Closed list: a refused row is counted under exactly one of these. */
export type RefusalReason =
  | 'invalid_payload'
  | 'invalid_item'
  | 'too_large'
  | 'unsupported_media_type'
  | 'queue_full'
  | 'unavailable';

/** Counters a collector reports to; the hub backs them with prom-client. */
export interface IngestCounters {
  accepted(signal: Signal, rows: number): void;
  refused(signal: Signal, reason: RefusalReason, rows: number): void;
  /** a whole request refused before its rows could be counted (malformed, too large, wrong type) */
  refusedRequest(signal: Signal, reason: RefusalReason): void;
}

export interface CollectorDeps {
  queue: IngestQueue;
  counters: IngestCounters;
}

export interface Collector<Config = unknown> {
  name: string;
  stability: 'development' | 'alpha' | 'beta' | 'stable';
  defaultConfig(): Config;
  /** A Hono sub-app with absolute paths (e.g. /v1/traces), mounted at the root. */
  routes(config: Config, deps: CollectorDeps): Hono;
}
