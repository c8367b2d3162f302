import type { MetaDb } from '../meta/index.js';
import type { Authenticator } from './guard.js';
import type { OidcLogin } from './oidc.js';
import { createSessionStore, type SessionStore } from './sessions.js';
import { createTokenStore, type TokenStore } from './tokens.js';
import { createUserStore, type UserStore } from './users.js';

/** Everything authentication keeps in the metadata store, as the app and its routes use it. */
export interface HubAuth extends Authenticator {
  tokens: TokenStore;
  sessions: SessionStore;
  users: UserStore;
  /** single sign-on (OCTOLENS_OIDC_ISSUER); absent, only local users and tokens log in */
  oidc?: OidcLogin;
}

export function createHubAuth(db: MetaDb, { metricsPublic, sessionTtlMs, oidc }: { metricsPublic: boolean; sessionTtlMs: number; oidc?: OidcLogin }): HubAuth {
  return { tokens: createTokenStore(db), sessions: createSessionStore(db, { ttlMs: sessionTtlMs }), users: createUserStore(db), metricsPublic, ...(oidc ? { oidc } : {}) };
}
