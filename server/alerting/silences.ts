import { randomUUID } from 'node:crypto';
import type { SilenceInfo, SilenceMatcher, SilenceState } from '../../shared/api.js';
import type { MetaDb } from '../meta/index.js';
import type { Selectable } from 'kysely';
import type { SilencesTable } from '../meta/schema.js';

/** A silence as notifiers use it: matchers and its time span (epoch ms). */
export interface Silence {
  id: string;
  matchers: SilenceMatcher[];
  startsAtMs: number;
  endsAtMs: number;
}

export interface NewSilence {
  matchers: SilenceMatcher[];
  startsAt: Date;
  endsAt: Date;
  comment: string;
  createdBy: string;
}

/** pending before its start, active until its end, expired after (an expired one ended early). */
export function silenceState(s: Pick<Silence, 'startsAtMs' | 'endsAtMs'>, nowMs: number): SilenceState {
  if (nowMs >= s.endsAtMs) return 'expired';
  return nowMs < s.startsAtMs ? 'pending' : 'active';
}

const info = (r: Selectable<SilencesTable>, nowMs: number): SilenceInfo => ({
  id: r.id,
  matchers: r.matchers as SilenceMatcher[],
  startsAt: r.starts_at.toISOString(),
  endsAt: r.ends_at.toISOString(),
  comment: r.comment,
  createdBy: r.created_by,
  createdAt: r.created_at.toISOString(),
  state: silenceState({ startsAtMs: r.starts_at.getTime(), endsAtMs: r.ends_at.getTime() }, nowMs),
  expiredAt: r.expired_at ? r.expired_at.toISOString() : null,
});

export async function createSilence({ db, input, nowMs }: { db: MetaDb; input: NewSilence; nowMs: number }): Promise<SilenceInfo> {
  const row = await db
    .insertInto('silences')
    .values({
      id: randomUUID(),
      matchers: JSON.stringify(input.matchers),
      starts_at: input.startsAt,
      ends_at: input.endsAt,
      comment: input.comment,
      created_by: input.createdBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return info(row, nowMs);
}

/**
 * Ends a silence now, as Alertmanager's expire does: an active one ends, a pending one
 * never starts. Null when there is no such silence; an expired one is returned unchanged.
 * `changed` runs in the same transaction when it did change (the audit log's record).
 */
export async function expireSilence({ db, id, nowMs, changed }: { db: MetaDb; id: string; nowMs: number; changed?: (tx: MetaDb, before: SilenceInfo, after: SilenceInfo) => Promise<void> }): Promise<SilenceInfo | null> {
  const now = new Date(nowMs);
  return db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom('silences').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!row) return null;
    if (row.ends_at.getTime() <= nowMs) return info(row, nowMs);
    const updated = await tx
      .updateTable('silences')
      .set({ ends_at: now, expired_at: now, starts_at: row.starts_at.getTime() > nowMs ? now : row.starts_at })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await changed?.(tx, info(row, nowMs), info(updated, nowMs));
    return info(updated, nowMs);
  });
}

const stateRank: Record<SilenceState, number> = { active: 0, pending: 1, expired: 2 };

/** Active and pending silences, and those that ended within `expiredWithinMs` (default 7 days); active first. */
export async function listSilences({ db, nowMs, expiredWithinMs = 7 * 86_400_000 }: { db: MetaDb; nowMs: number; expiredWithinMs?: number }): Promise<SilenceInfo[]> {
  const rows = await db.selectFrom('silences').selectAll().where('ends_at', '>', new Date(nowMs - expiredWithinMs)).orderBy('created_at', 'desc').orderBy('id').execute();
  return rows.map((r) => info(r, nowMs)).sort((a, b) => stateRank[a.state] - stateRank[b.state]);
}

/** Silences in force at `nowMs`, for notifiers and the alert list. */
export async function activeSilences(db: MetaDb, nowMs: number): Promise<Silence[]> {
  const now = new Date(nowMs);
  const rows = await db.selectFrom('silences').select(['id', 'matchers', 'starts_at', 'ends_at']).where('starts_at', '<=', now).where('ends_at', '>', now).orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, matchers: r.matchers as SilenceMatcher[], startsAtMs: r.starts_at.getTime(), endsAtMs: r.ends_at.getTime() }));
}
