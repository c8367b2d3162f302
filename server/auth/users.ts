import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { TokenScope, UserInfo, UserRole } from '../../shared/api.js';
import type { MetaDb } from '../meta/index.js';

export const userRoles = ['viewer', 'editor', 'admin'] as const satisfies readonly UserRole[];

/** What a role may do, in token scopes: a user never ingests. */
export const roleScopes: Record<UserRole, readonly TokenScope[]> = { viewer: ['read'], editor: ['read', 'write'], admin: ['admin'] };

// OWASP's scrypt floor (N=2^17 costs 128 MiB a check; 2^15 with r=8 is 32 MiB and ~60 ms here)
const PARAMS = { N: 2 ** 15, r: 8, p: 1 };
const KEY_BYTES = 32;

function derive(password: string, salt: Buffer, { N, r, p }: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { N, r, p, maxmem: 256 * N * r };
  return new Promise((resolve, reject) => scrypt(password.normalize('NFKC'), salt, KEY_BYTES, options, (err, key) => (err ? reject(err) : resolve(key))));
}

/** `scrypt:N:r:p:salt:key`, so stronger parameters later leave old hashes readable. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64'), key.toString('base64')].join(':');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, N, r, p, salt, key] = stored.split(':');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const derived = await derive(password, Buffer.from(salt, 'base64'), { N: Number(N), r: Number(r), p: Number(p) });
  const expected = Buffer.from(key, 'base64');
  return derived.length === expected.length && timingSafeEqual(derived, expected);
}

// An unknown name costs the same scrypt as a wrong password, so timing does not tell which names exist.
const decoy = hashPassword(randomBytes(16).toString('hex'));

export interface LoggedInUser {
  name: string;
  role: UserRole;
}

/** Local users in the metadata store. */
export function createUserStore(db: MetaDb) {
  const info = (row: { name: string; role: string; teams: string[]; created_by: string; created_at: Date }): UserInfo => ({
    name: row.name,
    role: row.role as UserRole,
    teams: row.teams,
    createdBy: row.created_by,
    createdAt: new Date(row.created_at).toISOString(),
  });
  return {
    /** undefined when the name is taken */
    async add(input: { name: string; password: string; role: UserRole; teams?: readonly string[]; createdBy: string }): Promise<UserInfo | undefined> {
      const row = await db
        .insertInto('users')
        .values({ name: input.name, password_hash: await hashPassword(input.password), role: input.role, teams: JSON.stringify([...new Set(input.teams ?? [])]), created_by: input.createdBy })
        .onConflict((oc) => oc.column('name').doNothing())
        .returning(['name', 'role', 'teams', 'created_by', 'created_at'])
        .executeTakeFirst();
      return row && info(row);
    },

    async list(): Promise<UserInfo[]> {
      return (await db.selectFrom('users').select(['name', 'role', 'teams', 'created_by', 'created_at']).orderBy('name').execute()).map(info);
    },

    /** removes the user and, with them, their sessions; false when there was none */
    async remove(name: string): Promise<boolean> {
      const { numDeletedRows } = await db.deleteFrom('users').where('name', '=', name).executeTakeFirst();
      return numDeletedRows > 0n;
    },

    /**
     * A person an identity provider vouched for (server/auth/oidc.ts): added at their first
     * login, their role and teams set again at each. `identity` stands where a password hash
     * would, so it never verifies; false when the name is a local user's or another IdP person's.
     */
    async upsertExternal(input: { name: string; identity: string; role: UserRole; teams: readonly string[] }): Promise<boolean> {
      const teams = JSON.stringify([...new Set(input.teams)]);
      const row = await db
        .insertInto('users')
        .values({ name: input.name, password_hash: input.identity, role: input.role, teams, created_by: 'oidc' })
        .onConflict((oc) => oc.column('name').doUpdateSet({ role: input.role, teams }).where('users.password_hash', '=', input.identity))
        .returning('name')
        .executeTakeFirst();
      return row !== undefined;
    },

    /** the user when the password is theirs */
    async check(name: string, password: string): Promise<LoggedInUser | undefined> {
      const row = await db.selectFrom('users').select(['name', 'role', 'password_hash']).where('name', '=', name).executeTakeFirst();
      const ok = await verifyPassword(password, row?.password_hash ?? (await decoy));
      return row && ok ? { name: row.name, role: row.role as UserRole } : undefined;
    },
  };
}

export type UserStore = ReturnType<typeof createUserStore>;
