/**
 * The audit log on real PGlite through the app: each change made through the API is one
 * entry with who, what, when, before and after, never a secret; GET /api/v1/audit filters
 * and pages them.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { AuditEntry, AuditResult, SilenceInfo } from '../../shared/api.js';
import { createApp } from '../api/app.js';
import { openTestApi } from '../api/routes/testing.js';
import { createHubAuth } from '../auth/index.js';
import { createHubMetrics } from '../telemetry/metrics.js';

const api = await openTestApi();
afterAll(() => api.close());

const auth = createHubAuth(api.meta, { metricsPublic: false, sessionTtlMs: 3_600_000 });
const app = createApp({ store: api.store, meta: api.meta, metrics: createHubMetrics(), isReady: async () => true, auth });
const admin = (await auth.tokens.create({ name: 'ops-admin', scopes: ['admin'], createdBy: 'test' })).token;
const asAdmin = { Authorization: `Bearer ${admin}`, 'Content-Type': 'application/json' };
const PASSWORD = 'correct horse battery';

async function audit(query = ''): Promise<AuditResult> {
  const res = await app.request(`/api/v1/audit${query}`, { headers: asAdmin });
  expect(res.status).toBe(200);
  return (await res.json()) as AuditResult;
}
const summary = (e: AuditEntry) => [e.actor, e.actorKind, e.action, e.target];

describe('the audit log', () => {
  let tokenValue: string;
  let tokenId: string;
  let silence: SilenceInfo;

  it('records each change with who made it, and never a secret', async () => {
    const created = (await (await app.request('/api/v1/tokens', { method: 'POST', headers: asAdmin, body: JSON.stringify({ name: 'collector', scopes: ['ingest'] }) })).json()) as { id: string; token: string };
    [tokenValue, tokenId] = [created.token, created.id];
    await app.request('/api/v1/users', { method: 'POST', headers: asAdmin, body: JSON.stringify({ name: 'eve', password: PASSWORD, role: 'editor' }) });
    const login = (password: string) => app.request('/api/v1/session', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'eve', password }) });
    expect((await login('wrong horse battery')).status).toBe(401);
    const cookie = (await login(PASSWORD)).headers.get('set-cookie')!.split(';')[0]!;
    const asEve = { Cookie: cookie, 'Sec-Fetch-Site': 'same-origin', 'Content-Type': 'application/json' };
    silence = (await (await app.request('/api/v1/silences', { method: 'POST', headers: asEve, body: JSON.stringify({ matchers: [{ label: 'service', value: 'checkout' }], endsAt: Date.now() + 3_600_000, comment: 'deploy', createdBy: 'x' }) })).json()) as SilenceInfo;
    await app.request(`/api/v1/silences/${silence.id}`, { method: 'DELETE', headers: asEve });
    await app.request('/api/v1/session', { method: 'DELETE', headers: asEve });
    await app.request(`/api/v1/tokens/${tokenId}`, { method: 'DELETE', headers: asAdmin });
    await app.request('/api/v1/users/eve', { method: 'DELETE', headers: asAdmin });

    const { entries } = await audit();
    expect(entries.map(summary)).toEqual([
      ['ops-admin', 'token', 'user.remove', 'eve'],
      ['ops-admin', 'token', 'token.revoke', tokenId],
      ['eve', 'user', 'session.logout', 'eve'],
      ['eve', 'user', 'silence.expire', silence.id],
      ['eve', 'user', 'silence.create', silence.id],
      ['eve', 'user', 'session.login', 'eve'],
      ['eve', 'user', 'session.login_failed', 'eve'],
      ['ops-admin', 'token', 'user.add', 'eve'],
      ['ops-admin', 'token', 'token.create', tokenId],
    ]);
    const text = JSON.stringify(entries);
    for (const secret of [tokenValue, tokenValue.slice(4, 24), PASSWORD, 'scrypt:']) expect(text).not.toContain(secret);
    expect(new Set(entries.map((e) => e.requestId)).size).toBe(entries.length);
  });

  it('keeps the thing before and after the change', async () => {
    const { entries } = await audit('?action=silence');
    const [expire, create] = entries;
    expect(create).toMatchObject({ before: null, after: { id: silence.id, createdBy: 'eve', comment: 'deploy', expiredAt: null } });
    expect(expire).toMatchObject({ before: { id: silence.id, state: 'active', endsAt: silence.endsAt, expiredAt: null }, after: { id: silence.id, state: 'expired', expiredAt: expect.any(String) } });
    const { entries: removed } = await audit('?action=user.remove');
    expect(removed.map((e) => [e.before, e.after])).toEqual([[{ name: 'eve', role: 'editor', teams: [], createdBy: 'ops-admin', createdAt: expect.any(String) }, null]]);
  });

  it('filters by actor, action or thing, and pages newest first', async () => {
    expect((await audit('?actor=eve')).entries.map((e) => e.action)).toEqual(['session.logout', 'silence.expire', 'silence.create', 'session.login', 'session.login_failed']);
    expect((await audit('?action=token')).entries.map((e) => e.action)).toEqual(['token.revoke', 'token.create']);
    const first = await audit('?limit=4');
    const second = await audit(`?limit=4&cursor=${first.nextCursor}`);
    const third = await audit(`?limit=4&cursor=${second.nextCursor}`);
    expect([first.entries.length, second.entries.length, third.entries.length, third.nextCursor]).toEqual([4, 4, 1, null]);
    expect([...first.entries, ...second.entries, ...third.entries].map((e) => e.id)).toEqual((await audit()).entries.map((e) => e.id));
    expect((await audit(`?to=${Date.now() - 3_600_000}`)).entries).toEqual([]);
  });

  it('is the admin’s: an editor’s session is refused', async () => {
    await app.request('/api/v1/users', { method: 'POST', headers: asAdmin, body: JSON.stringify({ name: 'ed', password: PASSWORD, role: 'editor' }) });
    const cookie = (await app.request('/api/v1/session', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'ed', password: PASSWORD }) })).headers.get('set-cookie')!.split(';')[0]!;
    const res = await app.request('/api/v1/audit', { headers: { Cookie: cookie } });
    expect([res.status, ((await res.json()) as { message: string }).message]).toEqual([403, 'the editor role of "ed" lacks the admin scope']);
  });
});
