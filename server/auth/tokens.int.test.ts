/**
 * Tokens limited to services, on both metadata backends (embedded PGlite and a real
 * PostgreSQL server): what the store keeps and lists, the principal a token and a session
 * opened with it act as, and what ownership then lets them change (a three-line app around
 * requireOwnership, the way the silences and alerts routes call it).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, postgresSkipReason } from '../../test/support/postgres.js';
import { renderError } from '../api/errors.js';
import { openMetaDb, type MetaDb } from '../meta/index.js';
import { requireScope } from './guard.js';
import { requireOwnership } from './ownership.js';
import { createSessionStore } from './sessions.js';
import * as migration0008 from '../meta/migrations/0008_token_services.js';
import { createTokenStore, hashToken, ingestGrant, type TokenStore } from './tokens.js';

const backends = [
  {
    name: 'PGlite',
    skip: undefined,
    open: async () => {
      const dir = mkdtempSync(join(tmpdir(), 'octolens-tokens-'));
      return { db: await openMetaDb({ dataDir: dir }), cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: 'PostgreSQL',
    skip: postgresSkipReason(),
    open: async () => {
      const database = await createTestDatabase();
      return { db: await openMetaDb({ databaseUrl: database.url, dataDir: '/nonexistent' }), cleanup: database.drop };
    },
  },
];

describe.each(backends)('tokens limited to services on $name', ({ skip, open }) => {
  let db: MetaDb;
  let cleanup: () => Promise<void>;
  let tokens: TokenStore;
  /** POST /change?service=a&service=b: requireOwnership of those services, as a write */
  let app: Hono;
  beforeAll(async () => {
    if (skip) return;
    ({ db, cleanup } = await open());
    tokens = createTokenStore(db);
    const sessions = createSessionStore(db, { ttlMs: 3_600_000 });
    app = new Hono().onError(renderError);
    app.post('/change', requireScope({ tokens, sessions, metricsPublic: false }, 'write'), async (c) => {
      await requireOwnership(c, db, c.req.queries('service') ?? [], 'silence these alerts');
      return c.text('ok');
    });
    // checkout is the payments team's, search the discovery team's
    await db.insertInto('services').values([{ name: 'checkout', team: 'payments' }, { name: 'search', team: 'discovery' }]).execute();
  });
  afterAll(async () => {
    await db?.destroy();
    await cleanup?.();
  });

  const change = async (credential: { token: string } | { cookie: string }, services: string[]) => {
    const headers: Record<string, string> = 'token' in credential ? { Authorization: `Bearer ${credential.token}` } : { Cookie: `octolens_session=${credential.cookie}`, 'Sec-Fetch-Site': 'same-origin' };
    const res = await app.request(`/change?${services.map((s) => `service=${s}`).join('&')}`, { method: 'POST', headers });
    return [res.status, res.status === 200 ? 'ok' : ((await res.json()) as { message: string }).message];
  };

  it.skipIf(skip)('adds the column to a store that has tokens already: they stay, limited to no service', async () => {
    await migration0008.down(db as unknown as Kysely<unknown>);
    const before = await tokens.create({ name: 'made-before-0008', scopes: ['ingest'], createdBy: 'test' }).catch((err: Error) => err.message);
    expect(before).toMatch(/column "services" of relation "api_tokens" does not exist/);
    await sql`INSERT INTO api_tokens (id, name, hash, scopes, created_by) VALUES ('old', 'made-before-0008', ${hashToken('olt_old')}, '["ingest"]', 'test')`.execute(db);
    await migration0008.up(db as unknown as Kysely<unknown>);
    expect(await tokens.verify('olt_old')).toEqual({ tokenId: 'old', name: 'made-before-0008', scopes: ['ingest'] });
    expect((await tokens.list()).map((t) => [t.name, t.services])).toEqual([['made-before-0008', null]]);
  });

  it.skipIf(skip)('keeps the services once each as a jsonb list, lists them, and gives them to the principal; null for any', async () => {
    const limited = await tokens.create({ name: 'checkout-bot', scopes: ['ingest', 'write'], services: ['checkout', 'cart', 'checkout'], createdBy: 'test' });
    const unlimited = await tokens.create({ name: 'ops-bot', scopes: ['write'], createdBy: 'test' });
    expect([limited.services, unlimited.services]).toEqual([['checkout', 'cart'], null]);
    const raw = await db.selectFrom('api_tokens').select(['name', 'services']).where('name', 'in', ['checkout-bot', 'ops-bot']).orderBy('name').execute();
    expect(raw).toEqual([
      { name: 'checkout-bot', services: ['checkout', 'cart'] },
      { name: 'ops-bot', services: null },
    ]);
    expect((await tokens.list()).filter((t) => t.name.endsWith('-bot')).map((t) => [t.name, t.services])).toEqual([
      ['ops-bot', null],
      ['checkout-bot', ['checkout', 'cart']],
    ]);
    expect(await tokens.verify(limited.token)).toEqual({ tokenId: limited.id, name: 'checkout-bot', scopes: ['ingest', 'write'], services: ['checkout', 'cart'] });
    expect(await tokens.verify(unlimited.token)).toEqual({ tokenId: unlimited.id, name: 'ops-bot', scopes: ['write'] });
  });

  it.skipIf(skip)('holds a service-limited token, and a session opened with it, to changing those services only; an admin to none', async () => {
    const limited = await tokens.create({ name: 'cart-bot', scopes: ['write'], services: ['checkout', 'legacy'], createdBy: 'test' });
    const cookie = (await createSessionStore(db, { ttlMs: 3_600_000 }).open({ tokenId: limited.id })).cookie;
    const admin = await tokens.create({ name: 'root', scopes: ['admin'], services: ['checkout'], createdBy: 'test' });
    const outside = 'service "search" is not one of the services "cart-bot" is limited to ("checkout", "legacy"): only a token for it or an admin may silence these alerts';
    for (const credential of [{ token: limited.token }, { cookie }]) {
      // owned by another team or by none: the token's services are what counts
      expect(await change(credential, ['checkout', 'legacy'])).toEqual([200, 'ok']);
      expect(await change(credential, ['checkout', 'search'])).toEqual([403, outside]);
      expect(await change(credential, [])).toEqual([403, "silence these alerts is not tied to a service (no service=<name> matcher, or an alert without a service label), so it could touch any service's alerts: only an admin may do that"]);
    }
    expect(await change({ token: admin.token }, ['search'])).toEqual([200, 'ok']);
  });

  it.skipIf(skip)('applies both limits to a token with teams and services', async () => {
    const both = await tokens.create({ name: 'both-bot', scopes: ['write'], teams: ['discovery'], services: ['checkout', 'search'], createdBy: 'test' });
    expect(await change({ token: both.token }, ['search'])).toEqual([200, 'ok']);
    expect(await change({ token: both.token }, ['checkout'])).toEqual([403, 'service "checkout" is owned by team "payments", "both-bot" is in "discovery": only its members or an admin may silence these alerts']);
    expect(await change({ token: both.token }, ['legacy'])).toEqual([403, 'service "legacy" is not one of the services "both-bot" is limited to ("checkout", "search"): only a token for it or an admin may silence these alerts']);
  });

  it.skipIf(skip)('grants ingest the set of services a principal is held to: none for an admin or an unlimited token', () => {
    expect(ingestGrant({ name: 'a', scopes: ['ingest'], services: ['checkout', 'cart'] })).toEqual({ services: new Set(['checkout', 'cart']) });
    expect([ingestGrant({ name: 'b', scopes: ['admin'], services: ['checkout'] }), ingestGrant({ name: 'c', scopes: ['ingest'] }), ingestGrant(undefined)]).toEqual([undefined, undefined, undefined]);
  });
});
