import type { TableName } from '../storage/rows.js';

/**
 * Rows for one table, already encoded as JSONEachRow (one JSON object per line,
 * newline-terminated). Collectors encode once; the queue, Redis and the writer
 * only concatenate.
 */
export interface EncodedRows {
  table: TableName;
  data: string;
  rows: number;
}

/** What a queue consumer receives: every row pushed since the last flush, per table. */
export interface Batch {
  /** Stable across retries of the same batch: the insert deduplication token. */
  id: string;
  parts: EncodedRows[];
}

export type BatchHandler = (batch: Batch) => Promise<void>;

export interface IngestQueue {
  /**
   * Resolves once every row is durable (inserted, or persisted by the broker).
   * Rejects with QueueFullError when accepting would exceed the bounds: the caller
   * answers 429/503 and the client retries; nothing was taken.
   */
  push(parts: EncodedRows[]): Promise<void>;
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

/** The batch could not be made durable (e.g. the store is down); the client may retry. */
export class QueueUnavailableError extends Error {
  constructor(message: string, readonly retryAfterSeconds: number, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'QueueUnavailableError';
  }
}
