import type { TableName } from '../storage/rows.js';

/**
 * Rows for one table, already encoded: JSONEachRow (one JSON object per line,
 * newline-terminated), or a Native block (collectors/encode-native.ts). Collectors encode
 * once; the queue, Redis and the writer only concatenate parts of one format.
 */
export interface EncodedRows {
  table: TableName;
  /** the JSONEachRow text or its UTF-8 bytes (remote_write writes its samples straight into a buffer), or the Native block */
  data: string | Buffer;
  rows: number;
  /** absent: JSONEachRow */
  format?: 'Native';
}

/**
 * One client request's rows: the unit the queue stores, refuses and answers as a whole.
 *
 * `key` identifies the request by its content (the collector hashes the bytes it received),
 * so a client that re-sends a request it got no 2xx for is matched with the first copy
 * instead of being stored again (docs/architecture.md, "Idempotency").
 */
export interface IngestRequest {
  key: string;
  parts: EncodedRows[];
}

/** Rows of one table of a request that the store refused for good (bad data, not a store outage). */
export interface RefusedPart {
  table: TableName;
  rows: number;
  /** ClickHouse's reason, fit to show the client */
  message: string;
}

/** How a request ended once durable: empty `refused` means every row is stored. */
export interface PushResult {
  refused: RefusedPart[];
}

/** What a queue consumer receives: the requests cut into one batch. */
export interface Batch {
  /** Stable across retries of the same batch: the base of the insert deduplication tokens. */
  id: string;
  requests: IngestRequest[];
}

/**
 * Stores a batch. Resolves with one PushResult per request (in order) once every table is
 * stored or refused; throws on a transient failure, and is then called again with the same
 * batch, so it must be idempotent per batch id.
 */
export type BatchHandler = (batch: Batch) => Promise<PushResult[]>;

export interface IngestQueue {
  /**
   * Resolves once every row of the request is durable (inserted, or persisted by the
   * broker) or refused by the store. A request whose key was pushed before is not taken
   * again: it gets the first copy's result, or waits for it.
   * Rejects with QueueFullError when accepting would exceed the bounds (nothing was taken),
   * or QueueUnavailableError when the store keeps failing: the caller answers 429/503 and the
   * client retries.
   */
  push(request: IngestRequest): Promise<PushResult>;
  /**
   * Throws QueueFullError when the queue is already at a bound, so a collector can refuse
   * a request before spending CPU decoding rows that could not be taken anyway.
   */
  admit(): void;
  /** Rows and bytes accepted but not yet durable. */
  depth(): { rows: number; bytes: number };
  start(): Promise<void>;
  /** Flushes what is pending, then stops; safe twice or before start(). */
  stop(): Promise<void>;
}

export class QueueFullError extends Error {
  constructor(
    message: string,
    /** seconds the client should wait before retrying */
    readonly retryAfterSeconds: number,
  ) {
    super(message);
    this.name = 'QueueFullError';
  }
}

/** The batch is not durable yet (e.g. the store is down); the client may retry. */
export class QueueUnavailableError extends Error {
  constructor(message: string, readonly retryAfterSeconds: number, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'QueueUnavailableError';
  }
}
