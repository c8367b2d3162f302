import type { AuditEntry } from '$shared/api';

/**
 * The actions the hub records (server/audit/log.ts callers), in the order the filter offers
 * them, with what each one means in words.
 */
export const AUDIT_ACTIONS = [
  { action: 'silence.create', text: 'created a silence' },
  { action: 'silence.expire', text: 'expired a silence' },
  { action: 'alert.ack', text: 'acknowledged an alert' },
  { action: 'token.create', text: 'created an API token' },
  { action: 'token.revoke', text: 'revoked an API token' },
  { action: 'user.add', text: 'added a user' },
  { action: 'user.remove', text: 'removed a user' },
  { action: 'session.login', text: 'logged in' },
  { action: 'session.login_failed', text: 'failed to log in' },
  { action: 'session.logout', text: 'logged out' },
  { action: 'slos.reload', text: 'reloaded the SLO specs' },
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number]['action'];

// a Map, not an object: `toString` from a URL must not look like a known action
const texts = new Map<string, string>(AUDIT_ACTIONS.map((a) => [a.action, a.text]));

/** `action` when it is one the filter offers, else '' (all): a hand-edited URL does not reach the API. */
export function knownAction(action: string): AuditAction | '' {
  return texts.has(action) ? (action as AuditAction) : '';
}

/** What the action means in words; an action this UI does not know yet is shown as it is. */
export const actionText = (action: string): string => texts.get(action) ?? action;

/**
 * One line for an entry: who did what to which. The target is left out where it only
 * repeats the actor (a user logging in or out as themselves).
 * @example entrySummary({ actor: 'bootstrap', actorKind: 'token', action: 'user.add', target: 'ada', … }) // 'bootstrap (token) added a user: ada'
 */
export function entrySummary(entry: Pick<AuditEntry, 'actor' | 'actorKind' | 'action' | 'target'>): string {
  const who = entry.actorKind === 'anonymous' ? entry.actor : `${entry.actor} (${entry.actorKind})`;
  const what = actionText(entry.action);
  return entry.target === '' || entry.target === entry.actor ? `${who} ${what}` : `${who} ${what}: ${entry.target}`;
}

/**
 * `before` or `after` as indented JSON text, for a <pre> (text, never markup: the values are
 * whatever a user typed into a comment or a name). Null is what a creation has before and a
 * removal after.
 */
export function formatState(value: unknown): string {
  return value === null || value === undefined ? '(none)' : JSON.stringify(value, null, 2);
}
