import type { Context } from 'hono';
import type { AuditEntry } from '../../shared/api.js';
import { principalOf } from '../auth/guard.js';
import type { Principal } from '../auth/tokens.js';
import type { MetaDb } from '../meta/index.js';

export interface Actor {
  name: string;
  kind: AuditEntry['actorKind'];
}

/** Who a principal is in the log: a token, or a user (a session opened with a token is the token). */
export const actorOf = (principal: Principal): Actor => ({ name: principal.name, kind: principal.tokenId ? 'token' : 'user' });

export interface AuditChange {
  action: string;
  target: string;
  before?: unknown;
  after?: unknown;
}

/**
 * Records a change made by the request's principal. Call it with the transaction that made
 * the change, so a change is never stored without its record. Pass no secrets: a token's
 * value and a password never belong in `before` or `after`.
 */
export async function recordAudit(db: MetaDb, c: Context, change: AuditChange, actor?: Actor): Promise<void> {
  const principal = principalOf(c);
  const who = actor ?? (principal ? actorOf(principal) : { name: 'anonymous', kind: 'anonymous' as const });
  await db
    .insertInto('audit_log')
    .values({
      actor: who.name,
      actor_kind: who.kind,
      action: change.action,
      target: change.target,
      before: change.before === undefined ? null : JSON.stringify(change.before),
      after: change.after === undefined ? null : JSON.stringify(change.after),
      request_id: (c.get('requestId' as never) as string | undefined) ?? '',
    })
    .execute();
}

export interface AuditQuery {
  fromMs: number;
  toMs: number;
  actor?: string;
  /** an action, or a thing (`silence`) for all its actions */
  action?: string;
  limit: number;
  /** the id the previous page ended before */
  beforeId?: string;
}

/** Entries in [from, to], newest first, one more than `limit` when there are more. */
export async function listAudit(db: MetaDb, q: AuditQuery): Promise<AuditEntry[]> {
  let query = db
    .selectFrom('audit_log')
    .selectAll()
    .where('at', '>=', new Date(q.fromMs))
    .where('at', '<=', new Date(q.toMs));
  if (q.actor !== undefined) query = query.where('actor', '=', q.actor);
  if (q.action !== undefined) query = q.action.includes('.') ? query.where('action', '=', q.action) : query.where('action', 'like', `${q.action.replace(/[\\%_]/g, '\\$&')}.%`);
  if (q.beforeId !== undefined) query = query.where('id', '<', q.beforeId);
  const rows = await query.orderBy('id', 'desc').limit(q.limit + 1).execute();
  return rows.map((r) => ({
    id: String(r.id),
    at: new Date(r.at).toISOString(),
    actor: r.actor,
    actorKind: r.actor_kind as AuditEntry['actorKind'],
    action: r.action,
    target: r.target,
    before: r.before ?? null,
    after: r.after ?? null,
    requestId: r.request_id,
  }));
}
