/**
 * A collector's last step: one request to the queue, counted, with a full or failing queue
 * turned into the retryable 429/503 every JSON collector answers (collectors/delivery/errors.ts).
 */
import { QueueFullError, QueueUnavailableError, type IngestRequest, type RefusedPart } from '../../server/queue/types.js';
import { DeliveryError } from '../delivery/errors.js';
import type { CollectorDeps, Signal } from '../types.js';

/** Resolves once durable, with the parts the store refused for good (counted as such). */
export async function pushCounted(deps: CollectorDeps, signal: Signal, request: IngestRequest, what = 'the data'): Promise<RefusedPart[]> {
  const rows = request.parts.reduce((n, p) => n + p.rows, 0);
  try {
    const { refused } = await deps.queue.push(request);
    const refusedRows = refused.reduce((n, p) => n + p.rows, 0);
    if (refusedRows > 0) deps.counters.refused(signal, 'store_refused', refusedRows);
    if (rows > refusedRows) deps.counters.accepted(signal, rows - refusedRows);
    return refused;
  } catch (err) {
    if (err instanceof QueueFullError) {
      deps.counters.refused(signal, 'queue_full', rows);
      throw new DeliveryError('queue_full', `${err.message}; retry later`, err.retryAfterSeconds);
    }
    if (err instanceof QueueUnavailableError) {
      deps.counters.refused(signal, 'unavailable', rows);
      // the cause may be a storage error text: it stays out of the answer
      throw new DeliveryError('unavailable', `the hub could not store ${what}; retry later`, err.retryAfterSeconds);
    }
    throw err;
  }
}

/** Refuses at once when the queue is full, before decoding what could not be taken. */
export function admitOrRefuse(deps: CollectorDeps, signal: Signal): void {
  try {
    deps.queue.admit();
  } catch (err) {
    if (!(err instanceof QueueFullError)) throw err;
    deps.counters.refusedRequest(signal, 'queue_full');
    throw new DeliveryError('queue_full', `${err.message}; retry later`, err.retryAfterSeconds);
  }
}
