import type { AlertAck } from '../../shared/api.js';
import type { MetaDb } from '../meta/index.js';

/** Records that `by` took an alert on; every acknowledgement is kept. */
export async function ackAlert({ db, input }: { db: MetaDb; input: { alertId: string; by: string; comment: string; at: Date } }): Promise<AlertAck> {
  const row = await db
    .insertInto('alert_acks')
    .values({ alert_id: input.alertId, acked_by: input.by, acked_at: input.at, comment: input.comment })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { by: row.acked_by, at: row.acked_at.toISOString(), comment: row.comment };
}

/**
 * The latest acknowledgement of each alert made at or after `since` (alert id → epoch ms):
 * an acknowledgement belongs to the episode it was made in, so an alert that resolved and
 * fires again is unacknowledged.
 */
export async function currentAcks(db: MetaDb, since: Map<string, number>): Promise<Map<string, AlertAck>> {
  const out = new Map<string, AlertAck>();
  if (since.size === 0) return out;
  const rows = await db.selectFrom('alert_acks').selectAll().where('alert_id', 'in', [...since.keys()]).orderBy('acked_at', 'asc').orderBy('id', 'asc').execute();
  for (const r of rows) {
    if (r.acked_at.getTime() >= since.get(r.alert_id)!) out.set(r.alert_id, { by: r.acked_by, at: r.acked_at.toISOString(), comment: r.comment });
  }
  return out;
}
