import { createHash, randomBytes } from 'node:crypto';
import type { IngestGrant } from '../../collectors/types.js';
import type { CreatedToken, TokenInfo, TokenScope, UserRole } from '../../shared/api.js';
import type { MetaDb } from '../meta/index.js';

export const tokenScopes = ['ingest', 'read', 'write', 'admin'] as const satisfies readonly TokenScope[];

/** Every token starts so: a secret scanner (or a person) can tell what leaked. */
export const TOKEN_PREFIX = 'olt_';

/** Who a request is, once its credential checked out. */
export interface Principal {
  /** the name `created_by` shows: the token's, or the user's */
  name: string;
  scopes: readonly TokenScope[];
  /** an API token's id, when it is one (a UI session opened with a token too) */
  tokenId?: string;
  /** a local user's role, when it is one */
  role?: UserRole;
  /** the teams whose services it may change; undefined: any (server/auth/ownership.ts) */
  teams?: readonly string[];
  /** the services it may send telemetry of and change; undefined: any (ingestGrant, ownership.ts) */
  services?: readonly string[];
}

/** `admin` may do everything; every other scope is exactly one kind of request. */
export function allows(principal: Principal, scope: TokenScope): boolean {
  return principal.scopes.includes(scope) || principal.scopes.includes('admin');
}

/**
 * What a principal may send (collectors/grant.ts checks it): its services as a set, one
 * lookup per resource or series; undefined: anything. An admin is held to none, as with
 * teams: it could make itself an unlimited token anyway.
 */
export function ingestGrant(principal: Principal | undefined): IngestGrant | undefined {
  return principal?.services && !allows(principal, 'admin') ? { services: new Set(principal.services) } : undefined;
}

/** 32 random bytes: guessing one is out of reach, so a fast hash is enough to store it (not a password). */
export function generateToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface NewToken {
  name: string;
  scopes: readonly TokenScope[];
  createdBy: string;
  expiresAt?: Date;
  /** only these teams' services may it change; absent, any */
  teams?: readonly string[];
  /** only these services' telemetry may it send, only what belongs to them change; absent, any */
  services?: readonly string[];
  /** a token the operator chose (OCTOLENS_BOOTSTRAP_TOKEN); otherwise one is generated */
  token?: string;
}

export interface TokenStoreOptions {
  /**
   * How long a verified token is believed without asking the store again. Revoking through
   * this process takes effect at once; through another replica, within this long.
   */
  cacheMs?: number;
  now?: () => number;
}

type TokenRow = { id: string; name: string; scopes: string[]; teams: string[] | null; services: string[] | null; created_by: string; created_at: Date; expires_at: Date | null; revoked_at: Date | null; last_used_at: Date | null };

const iso = (d: Date | null) => (d === null ? null : new Date(d).toISOString());

function info(row: TokenRow): TokenInfo {
  return {
    id: row.id,
    name: row.name,
    scopes: row.scopes as TokenScope[],
    teams: row.teams,
    services: row.services,
    createdBy: row.created_by,
    createdAt: iso(row.created_at)!,
    expiresAt: iso(row.expires_at),
    revokedAt: iso(row.revoked_at),
    lastUsedAt: iso(row.last_used_at),
  };
}

/** A token's principal, as verify and a token-backed UI session (sessions.ts) build it: its limits only where it has them. */
export function tokenPrincipal(row: { id: string; name: string; scopes: string[]; teams: string[] | null; services: string[] | null }): Principal & { tokenId: string } {
  return {
    tokenId: row.id,
    name: row.name,
    scopes: row.scopes as TokenScope[],
    ...(row.teams === null ? {} : { teams: row.teams }),
    ...(row.services === null ? {} : { services: row.services }),
  };
}

/** a list as its jsonb text, each name once; absent (no limit) as null */
const jsonList = (list: readonly string[] | undefined) => (list === undefined ? null : JSON.stringify([...new Set(list)]));

const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * API tokens in the metadata store. `verify` sits on every authenticated request, ingest
 * included, so it answers from a short-lived cache of hashes it has seen: one store read
 * per token and `cacheMs`, not per request.
 */
export function createTokenStore(db: MetaDb, { cacheMs = 10_000, now = Date.now }: TokenStoreOptions = {}) {
  const verified = new Map<string, { principal: Principal & { tokenId: string }; expiresAtMs: number | null; until: number }>();
  const lastUsedWritten = new Map<string, number>();

  function touch(id: string, nowMs: number): void {
    if (nowMs - (lastUsedWritten.get(id) ?? 0) < LAST_USED_RESOLUTION_MS) return;
    lastUsedWritten.set(id, nowMs);
    // best effort: a missed write only makes "last used" a minute older
    void db
      .updateTable('api_tokens')
      .set({ last_used_at: new Date(nowMs - (nowMs % LAST_USED_RESOLUTION_MS)) })
      .where('id', '=', id)
      .execute()
      .catch(() => lastUsedWritten.delete(id));
  }

  return {
    async create(input: NewToken): Promise<CreatedToken> {
      const token = input.token ?? generateToken();
      const row = await db
        .insertInto('api_tokens')
        .values({
          id: randomBytes(8).toString('hex'),
          name: input.name,
          hash: hashToken(token),
          scopes: JSON.stringify([...new Set(input.scopes)]),
          teams: jsonList(input.teams),
          services: jsonList(input.services),
          created_by: input.createdBy,
          expires_at: input.expiresAt ?? null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return { ...info(row), token };
    },

    async list(): Promise<TokenInfo[]> {
      const rows = await db.selectFrom('api_tokens').selectAll().orderBy('created_at', 'desc').orderBy('id').execute();
      return rows.map(info);
    },

    /** whether a token with this exact secret exists (revoked or not): the bootstrap token is added once */
    async exists(token: string): Promise<boolean> {
      return (await db.selectFrom('api_tokens').select('id').where('hash', '=', hashToken(token)).executeTakeFirst()) !== undefined;
    },

    /** tokens that still work: none means a fresh hub that needs its first one */
    async countActive(): Promise<number> {
      const nowDate = new Date(now());
      const { n } = await db
        .selectFrom('api_tokens')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('revoked_at', 'is', null)
        .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', nowDate)]))
        .executeTakeFirstOrThrow();
      return Number(n);
    },

    /** the revoked token, or undefined when there is no such id; revoking twice keeps the first time */
    async revoke(id: string): Promise<TokenInfo | undefined> {
      await db.updateTable('api_tokens').set({ revoked_at: new Date(now()) }).where('id', '=', id).where('revoked_at', 'is', null).execute();
      const row = await db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
      for (const [hash, entry] of verified) if (entry.principal.tokenId === id) verified.delete(hash);
      return row && info(row);
    },

    /** the token's principal, or why it is refused */
    async verify(token: string): Promise<(Principal & { tokenId: string }) | 'unknown' | 'revoked' | 'expired'> {
      const nowMs = now();
      const hash = hashToken(token);
      const cached = verified.get(hash);
      if (cached && cached.until > nowMs && (cached.expiresAtMs === null || cached.expiresAtMs > nowMs)) {
        touch(cached.principal.tokenId, nowMs);
        return cached.principal;
      }
      verified.delete(hash);
      const row = await db.selectFrom('api_tokens').select(['id', 'name', 'scopes', 'teams', 'services', 'expires_at', 'revoked_at']).where('hash', '=', hash).executeTakeFirst();
      if (!row) return 'unknown';
      if (row.revoked_at !== null) return 'revoked';
      const expiresAtMs = row.expires_at === null ? null : new Date(row.expires_at).getTime();
      if (expiresAtMs !== null && expiresAtMs <= nowMs) return 'expired';
      const principal = tokenPrincipal({ id: row.id, name: row.name, scopes: row.scopes, teams: row.teams, services: row.services });
      verified.set(hash, { principal, expiresAtMs, until: nowMs + cacheMs });
      touch(row.id, nowMs);
      return principal;
    },
  };
}

export type TokenStore = ReturnType<typeof createTokenStore>;
