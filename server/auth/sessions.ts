import { randomBytes } from 'node:crypto';
import type { MetaDb } from '../meta/index.js';
import { hashToken, tokenPrincipal, type Principal } from './tokens.js';
import { roleScopes } from './users.js';
import type { UserRole } from '../../shared/api.js';

export const SESSION_COOKIE = 'octolens_session';

/**
 * UI sessions: a random cookie whose hash the store keeps, acting as a local user or as the
 * API token it was opened with. Each request reads the owner again, so a removed user, a
 * revoked token or a changed role takes effect at once; UI traffic is light enough for that.
 */
export function createSessionStore(db: MetaDb, { ttlMs, now = Date.now }: { ttlMs: number; now?: () => number }) {
  return {
    async open(owner: { user: string } | { tokenId: string }): Promise<{ cookie: string; expiresAt: Date }> {
      const cookie = randomBytes(32).toString('base64url');
      const expiresAt = new Date(now() + ttlMs);
      await db
        .insertInto('sessions')
        .values({ hash: hashToken(cookie), user_name: 'user' in owner ? owner.user : null, token_id: 'tokenId' in owner ? owner.tokenId : null, expires_at: expiresAt })
        .execute();
      // expired ones go when new ones come: no job of their own
      await db.deleteFrom('sessions').where('expires_at', '<=', new Date(now())).execute();
      return { cookie, expiresAt };
    },

    /** the session's principal and expiry, or undefined when it is unknown, expired or its owner is gone */
    async resolve(cookie: string): Promise<{ principal: Principal; expiresAt: Date } | undefined> {
      const row = await db
        .selectFrom('sessions as s')
        .leftJoin('users as u', 'u.name', 's.user_name')
        .leftJoin('api_tokens as t', 't.id', 's.token_id')
        .select(['s.expires_at', 'u.name as user', 'u.role', 'u.teams as userTeams', 't.id as tokenId', 't.name as tokenName', 't.scopes', 't.teams as tokenTeams', 't.services as tokenServices', 't.revoked_at', 't.expires_at as tokenExpiresAt'])
        .where('s.hash', '=', hashToken(cookie))
        .executeTakeFirst();
      const nowMs = now();
      if (!row || new Date(row.expires_at).getTime() <= nowMs) return undefined;
      const expiresAt = new Date(row.expires_at);
      // an admin is in every team; an editor changes only what their teams own
      if (row.user && row.role) return { principal: { name: row.user, role: row.role as UserRole, scopes: roleScopes[row.role as UserRole], ...(row.role === 'admin' ? {} : { teams: row.userTeams ?? [] }) }, expiresAt };
      if (row.tokenId && row.tokenName && row.revoked_at === null && (row.tokenExpiresAt === null || new Date(row.tokenExpiresAt).getTime() > nowMs)) {
        return { principal: tokenPrincipal({ id: row.tokenId, name: row.tokenName, scopes: row.scopes ?? [], teams: row.tokenTeams, services: row.tokenServices }), expiresAt };
      }
      return undefined;
    },

    async close(cookie: string): Promise<void> {
      await db.deleteFrom('sessions').where('hash', '=', hashToken(cookie)).execute();
    },
  };
}

export type SessionStore = ReturnType<typeof createSessionStore>;
