/**
 * Local users and UI sessions on real PGlite through the app: scrypt passwords, the session
 * cookie's attributes, roles as scopes, the same-origin check on state-changing requests,
 * and sessions that end with their user, their token, or a logout.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.js';
import { openTestApi } from '../api/routes/testing.js';
import { createHubMetrics } from '../telemetry/metrics.js';
import { createHubAuth } from './index.js';
import { hashPassword, verifyPassword } from './users.js';

const api = await openTestApi();
afterAll(() => api.close());

const auth = createHubAuth(api.meta, { metricsPublic: false, sessionTtlMs: 3_600_000 });
const app = createApp({ store: api.store, meta: api.meta, metrics: createHubMetrics(), isReady: async () => true, auth });
const admin = (await auth.tokens.create({ name: 'admin', scopes: ['admin'], createdBy: 'test' })).token;

const json = (body: unknown, headers: Record<string, string> = {}) => ({ method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
const messageOf = async (res: Response) => ((await res.json()) as { message: string }).message;
const addUser = (name: string, role: string, password = 'correct horse battery') => app.request('/api/v1/users', json({ name, password, role }, { Authorization: `Bearer ${admin}` }));
/** logs in; the cookie as a Cookie header, and the Set-Cookie as sent */
async function login(body: unknown, headers: Record<string, string> = {}) {
  const res = await app.request('/api/v1/session', json(body, headers));
  const setCookie = res.headers.get('set-cookie') ?? '';
  return { res, setCookie, cookie: setCookie.split(';')[0]! };
}
const silence = { matchers: [{ label: 'service', value: 'checkout' }], endsAt: Date.now() + 3_600_000, comment: 'deploy', createdBy: 'test' };

await addUser('vera', 'viewer');
await addUser('eddie', 'editor');

describe('local users', () => {
  it('keeps a scrypt hash with its parameters, never the password, and checks it', async () => {
    const stored = await hashPassword('correct horse battery');
    expect(stored).toMatch(/^scrypt:32768:8:1:[A-Za-z0-9+/]{22}==:[A-Za-z0-9+/]{43}=$/);
    expect([await verifyPassword('correct horse battery', stored), await verifyPassword('correct horse batterY', stored)]).toEqual([true, false]);
    const row = await api.meta.selectFrom('users').select('password_hash').where('name', '=', 'vera').executeTakeFirstOrThrow();
    expect(row.password_hash).not.toContain('correct horse');
  });

  it('refuses a taken name, a short password and an unknown role, naming each', async () => {
    const answers = await Promise.all([addUser('vera', 'viewer'), addUser('sam', 'viewer', 'short'), addUser('sam', 'root')]);
    expect(await Promise.all(answers.map(async (r) => [r.status, await messageOf(r)]))).toEqual([
      [400, 'name: a user "vera" exists already'],
      [400, 'password: at least 12 characters'],
      [400, expect.stringMatching(/^role: /)],
    ]);
  });

  it('lists users without their hashes (admin only)', async () => {
    const res = await app.request('/api/v1/users', { headers: { Authorization: `Bearer ${admin}` } });
    const text = await res.text();
    expect(text).not.toContain('scrypt');
    expect((JSON.parse(text) as { users: Array<{ name: string; role: string; createdBy: string }> }).users.map((u) => [u.name, u.role, u.createdBy])).toEqual([
      ['eddie', 'editor', 'admin'],
      ['vera', 'viewer', 'admin'],
    ]);
  });
});

describe('UI sessions', () => {
  it('refuses a wrong password and an unknown user alike', async () => {
    const answers = await Promise.all([login({ username: 'vera', password: 'wrong horse battery' }), login({ username: 'nobody', password: 'correct horse battery' })]);
    expect(await Promise.all(answers.map(async ({ res, setCookie }) => [res.status, await messageOf(res), setCookie]))).toEqual([
      [401, 'wrong user name or password', ''],
      [401, 'wrong user name or password', ''],
    ]);
  });

  it('sets an HttpOnly, SameSite=Strict cookie, Secure behind TLS, and says who is logged in', async () => {
    const plain = await login({ username: 'vera', password: 'correct horse battery' });
    expect(plain.res.status).toBe(200);
    expect(plain.setCookie).toMatch(/^octolens_session=[A-Za-z0-9_-]{43}; Path=\/; Expires=[^;]+; HttpOnly; SameSite=Strict$/);
    const tls = await login({ username: 'vera', password: 'correct horse battery' }, { 'X-Forwarded-Proto': 'https' });
    expect(tls.setCookie).toMatch(/; HttpOnly; Secure; SameSite=Strict$/);
    const who = await (await app.request('/api/v1/session', { headers: { Cookie: plain.cookie } })).json();
    expect(who).toEqual({ auth: true, user: { name: 'vera', role: 'viewer' }, expiresAt: expect.any(String) });
    expect(await (await app.request('/api/v1/session')).json()).toEqual({ auth: true, user: null, expiresAt: null });
  });

  it('lets a viewer read but not change, and an editor change only from the hub’s own pages', async () => {
    const viewer = (await login({ username: 'vera', password: 'correct horse battery' })).cookie;
    const editor = (await login({ username: 'eddie', password: 'correct horse battery' })).cookie;
    expect((await app.request('/api/v1/services', { headers: { Cookie: viewer } })).status).toBe(200);
    const attempts = await Promise.all([
      app.request('/api/v1/silences', json(silence, { Cookie: viewer, 'Sec-Fetch-Site': 'same-origin' })),
      app.request('/api/v1/silences', json(silence, { Cookie: editor, 'Sec-Fetch-Site': 'cross-site' })),
      app.request('http://hub.example/api/v1/silences', json(silence, { Cookie: editor, Origin: 'https://evil.example', Host: 'hub.example' })),
      app.request('/api/v1/silences', json(silence, { Cookie: editor })),
    ]);
    const csrf = 'cross-site request refused: a UI session changes things only from the hub’s own pages (CSRF protection); API clients send Authorization: Bearer <token>';
    expect(await Promise.all(attempts.map(async (r) => [r.status, await messageOf(r)]))).toEqual([
      [403, 'the viewer role of "vera" lacks the write scope'],
      [403, csrf],
      [403, csrf],
      [403, csrf],
    ]);
    const fromPage = await app.request('/api/v1/silences', json(silence, { Cookie: editor, 'Sec-Fetch-Site': 'same-origin' }));
    const fromOrigin = await app.request('http://hub.example/api/v1/silences', json(silence, { Cookie: editor, Origin: 'http://hub.example', Host: 'hub.example' }));
    expect([fromPage.status, fromOrigin.status]).toEqual([201, 201]);
    // who silenced is who is logged in, not what the body claims
    expect(((await fromPage.json()) as { createdBy: string }).createdBy).toBe('eddie');
  });

  it('opens a session with a readable API token, refuses an ingest-only one, and ends it with the token', async () => {
    const ingest = await auth.tokens.create({ name: 'collector', scopes: ['ingest'], createdBy: 'test' });
    const refused = await login({ token: ingest.token });
    expect([refused.res.status, await messageOf(refused.res)]).toEqual([403, 'the token "collector" lacks the read scope a UI session needs (it has ingest)']);
    const reader = await auth.tokens.create({ name: 'grafana', scopes: ['read'], createdBy: 'test' });
    const { res, cookie } = await login({ token: reader.token });
    expect(await res.json()).toEqual({ auth: true, user: { name: 'grafana', role: 'viewer' }, expiresAt: expect.any(String) });
    expect((await app.request('/api/v1/services', { headers: { Cookie: cookie } })).status).toBe(200);
    await auth.tokens.revoke(reader.id);
    const after = await app.request('/api/v1/services', { headers: { Cookie: cookie } });
    expect([after.status, await messageOf(after)]).toEqual([401, 'the session has ended (expired, logged out, or its user or token removed): log in again']);
  });

  it('ends a session at logout and when its user is removed', async () => {
    const first = (await login({ username: 'vera', password: 'correct horse battery' })).cookie;
    const out = await app.request('/api/v1/session', { method: 'DELETE', headers: { Cookie: first } });
    expect([out.status, out.headers.get('set-cookie')]).toEqual([204, expect.stringMatching(/^octolens_session=; Max-Age=0; Path=\//)]);
    expect((await app.request('/api/v1/services', { headers: { Cookie: first } })).status).toBe(401);

    const second = (await login({ username: 'eddie', password: 'correct horse battery' })).cookie;
    expect((await app.request('/api/v1/users/eddie', { method: 'DELETE', headers: { Authorization: `Bearer ${admin}` } })).status).toBe(204);
    expect((await app.request('/api/v1/services', { headers: { Cookie: second } })).status).toBe(401);
    expect((await login({ username: 'eddie', password: 'correct horse battery' })).res.status).toBe(401);
  });
});
