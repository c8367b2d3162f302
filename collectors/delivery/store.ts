/**
 * The end of every delivery collector's route: the delivery as received (raw_events) and the
 * rows derived from it go to the queue as one request, keyed by source and delivery id, so a
 * redelivery inside the queue's dedup window is answered without storing anything, and one
 * after it collapses into the first copy (ReplacingMergeTree on the same keys, migration 0008).
 */
import { formatMillis, type TableName } from '../../server/storage/rows.js';
import { encodeAll, type RowsByTable } from '../encode.js';
import { pushCounted } from '../http/push.js';
import type { CollectorDeps } from '../types.js';
import { DeliveryError } from './errors.js';

export interface Delivery {
  /** the collector's name: raw_events.Source and the key's prefix */
  source: string;
  deliveryId: string;
  eventType: string;
  /** the body as received */
  raw: Uint8Array;
  receivedAtMs: number;
  /** what the delivery says, normalised; empty when the event type carries nothing to derive */
  rows: RowsByTable;
}

export interface DeliveryAnswer {
  /** rows stored per table, raw_events included */
  stored: Partial<Record<TableName, number>>;
  /** why an accepted delivery derived no rows (an event type Octolens does not use) */
  ignored?: string;
}

/**
 * Stores the delivery; resolves with what was stored, or throws DeliveryError (400 when the
 * store refused rows, 429/503 when it cannot take them now).
 */
export async function storeDelivery(delivery: Delivery, deps: CollectorDeps): Promise<DeliveryAnswer> {
  const parts = encodeAll({
    raw_events: [
      {
        Source: delivery.source,
        DeliveryId: delivery.deliveryId,
        EventType: delivery.eventType,
        ReceivedAt: formatMillis(delivery.receivedAtMs),
        Body: Buffer.from(delivery.raw.buffer, delivery.raw.byteOffset, delivery.raw.byteLength).toString('utf8'),
      },
    ],
    ...delivery.rows,
  });
  const refused = await pushCounted(deps, 'events', { key: `${delivery.source}/${delivery.deliveryId}`, parts }, 'the delivery');
  if (refused.length > 0) throw new DeliveryError('store_refused', refused.map((r) => `${r.rows} rows of ${r.table} refused: ${r.message}`).join('; '));
  const stored: DeliveryAnswer['stored'] = {};
  for (const p of parts) stored[p.table] = p.rows;
  return stored.raw_events !== undefined && parts.length === 1
    ? { stored, ignored: `a "${delivery.eventType}" event carries nothing Octolens derives; kept in raw_events` }
    : { stored };
}
