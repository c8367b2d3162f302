/**
 * One snapshot → one queue request: its marker row and its entities in catalog_snapshots,
 * keyed by location and content, so a re-sent upload inside the queue's dedup window is
 * answered without storing a second snapshot.
 */
import { createHash } from 'node:crypto';
import { QueueFullError, QueueUnavailableError } from '../../server/queue/types.js';
import { encodeRows } from '../encode.js';
import { DeliveryError } from '../delivery/errors.js';
import type { CollectorDeps } from '../types.js';
import type { CatalogEntity } from './model.js';
import { snapshotRows, type SnapshotParams } from './normalise.js';

/** A hash of what a snapshot says (not when it was taken): equal for an unchanged catalog. */
export function snapshotHash(location: string, entities: readonly CatalogEntity[]): string {
  const h = createHash('sha256').update(location);
  for (const e of [...entities].sort((a, b) => (a.ref < b.ref ? -1 : 1))) h.update('\n').update(JSON.stringify(e));
  return h.digest('hex');
}

/** Stores the snapshot; throws DeliveryError (400 refused, 429/503 retry later). */
export async function storeSnapshot(entities: readonly CatalogEntity[], params: SnapshotParams, deps: CollectorDeps): Promise<void> {
  const part = encodeRows('catalog_snapshots', snapshotRows(entities, params));
  try {
    const result = await deps.queue.push({ key: `catalog/${params.location}/${snapshotHash(params.location, entities)}`, parts: [part] });
    if (result.refused.length > 0) {
      deps.counters.refused('catalog', 'store_refused', part.rows);
      throw new DeliveryError('store_refused', result.refused.map((r) => `${r.rows} rows of ${r.table} refused: ${r.message}`).join('; '));
    }
  } catch (err) {
    if (err instanceof QueueFullError) {
      deps.counters.refused('catalog', 'queue_full', part.rows);
      throw new DeliveryError('queue_full', `${err.message}; retry later`, err.retryAfterSeconds);
    }
    if (err instanceof QueueUnavailableError) {
      deps.counters.refused('catalog', 'unavailable', part.rows);
      throw new DeliveryError('unavailable', 'the hub could not store the catalog; retry later', err.retryAfterSeconds);
    }
    throw err;
  }
  deps.counters.accepted('catalog', part.rows);
}

/** Entities per kind, in the order of catalogKinds' first appearance. @example { Component: 3, Group: 2 } */
export function countKinds(entities: readonly CatalogEntity[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of entities) out[e.kind] = (out[e.kind] ?? 0) + 1;
  return out;
}
