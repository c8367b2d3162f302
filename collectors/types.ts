import type { Hono } from 'hono';
import type { z } from 'zod';
import type { Logger } from '../server/lib/log.js';
import type { IngestQueue } from '../server/queue/types.js';
import type { SeriesLimiter } from './series-limit.js';

export type TelemetrySignal = 'traces' | 'logs' | 'metrics';

/** What a collector's rows are, for its counters: telemetry signals, delivery/incident events, catalog entities, or cost rows. */
export type Signal = TelemetrySignal | 'events' | 'catalog' | 'cost';

/** Closed list: a refused row is counted under exactly one of these. */
export type RefusalReason =
  | 'invalid_payload'
  | 'invalid_item'
  | 'series_limit'
  | 'too_large'
  | 'unauthorized'
  | 'unsupported_media_type'
  | 'store_refused'
  | 'queue_full'
  | 'unavailable';

/** Counters a collector reports to; the hub backs them with prom-client. */
export interface IngestCounters {
  accepted(signal: Signal, rows: number): void;
  refused(signal: Signal, reason: RefusalReason, rows: number): void;
  /** a whole request refused before its rows could be counted (malformed, too large, wrong type) */
  refusedRequest(signal: Signal, reason: RefusalReason): void;
  /** values scrubbed before storage (collectors/otlp/scrub.ts), by kind; optional for collectors' test counters */
  redacted?(signal: Signal, kind: string, count: number): void;
}

/**
 * Why a request was refused before it was read: 401 no credential or a bad one, 403 one
 * without the ingest scope, 429 past its rate limit (retry after `retryAfterSeconds`).
 */
export interface AuthRefusal {
  status: 401 | 403 | 429;
  message: string;
  retryAfterSeconds?: number;
}

/**
 * What a sender may send, as its credential says (the hub's guard decides it): telemetry of
 * these services only, an OTLP resource's `service.name` or a remote_write series' `job`.
 * No grant: anything.
 */
export interface IngestGrant {
  services: ReadonlySet<string>;
}

/** The hub's check of a request's Authorization value and peer address: a refusal, or what it may send (undefined: anything). */
export type AuthCheck = (authorization: string | undefined, peer: string) => Promise<AuthRefusal | IngestGrant | undefined>;

/** What the hub wires into every collector. */
export interface CollectorDeps {
  queue: IngestQueue;
  counters: IngestCounters;
  /** already tagged with the collector's name */
  log: Logger;
  /** the process's bound on active metric series (series-limit.ts), for the receivers of metrics; absent, none */
  seriesLimiter?: SeriesLimiter;
}

/**
 * A running collector. Push sources (OTLP, webhooks) mount routes; pull sources and
 * importers (catalog, cost files, OpenCost) do their work between start() and stop().
 * stop() is safe twice or before start(), and returns once in-flight work is handed over.
 */
export interface CollectorInstance {
  /** a Hono sub-app with absolute paths (e.g. /v1/traces), mounted at the root of the API and ingest ports */
  routes?: Hono;
  /**
   * Its routes check their senders themselves (a webhook secret is set): with authentication
   * on, the hub asks them for no API token.
   */
  authenticatesSenders?: boolean;
  start?(): Promise<void>;
  stop?(): Promise<void>;
}

export interface Collector<Config = unknown> {
  name: string;
  stability: 'development' | 'alpha' | 'beta' | 'stable';
  /**
   * What an operator sets, with defaults; `.strict()` so a typo fails at startup. The hub's
   * configuration holds it under `collectors.<name>` (server/config), env vars included.
   */
  configSchema: z.ZodType<Config, unknown>;
  create(config: Config, deps: CollectorDeps): CollectorInstance;
  /** settings that work but are probably not meant (an open webhook), logged at start; `hubAuth`: API tokens are required */
  warnings?(config: Config, hub: { hubAuth: boolean }): ConfigWarning[];
}

/** A suspicious setting: what it means, and what to do about it. */
export interface ConfigWarning {
  message: string;
  explain: string;
}
