/**
 * Authentication on every route of the app's own route table (issue 13), on real chDB and
 * PGlite: the routes are enumerated here, so a new one is covered without editing this file.
 * Each must refuse a request without a credential (401) and with a token lacking its scope
 * (403), naming what is missing, and let the right scope through; the probes stay open.
 */
import { createHmac } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { TokenScope } from '../../shared/api.js';
import { collectorEntries } from '../../collectors/index.js';
import { recordingDeps } from '../../collectors/delivery/testing.js';
import { createApp, type CollectorApp } from '../api/app.js';
import { openTestApi } from '../api/routes/testing.js';
import { createHubMetrics } from '../telemetry/metrics.js';
import { createHubAuth } from './index.js';
import { createTokenStore, tokenScopes } from './tokens.js';

const api = await openTestApi();
afterAll(() => api.close());

const GITHUB_SECRET = 'route-auth-test-secret';
const recorded = recordingDeps();
/** every collector on its defaults, but GitHub with a webhook secret: a route that checks its sender itself */
const collectorApps: CollectorApp[] = collectorEntries.flatMap(([name, collector]) => {
  const config = collector.configSchema.parse(name === 'github' ? { webhookSecret: GITHUB_SECRET } : {});
  const instance = collector.create(config, recorded.deps);
  return instance.routes ? [{ routes: instance.routes, authenticatesSenders: instance.authenticatesSenders }] : [];
});
const hubAuth = createHubAuth(api.meta, { metricsPublic: false, sessionTtlMs: 3_600_000 });
const { tokens } = hubAuth;
const appWith = (metricsPublic: boolean) =>
  createApp({
    store: api.store,
    meta: api.meta,
    metrics: createHubMetrics(),
    isReady: async () => true,
    collectorApps,
    ingest: { otlp: { httpPort: 4318, grpcPort: 4317 } },
    deadLetters: { list: async () => [], count: async () => 0 },
    auth: { ...hubAuth, metricsPublic },
  });
const app = appWith(false);

/** What each route needs, stated by this test: the rule the issue sets, not read from the code. */
const collectorPaths = new Set(collectorApps.flatMap((c) => c.routes.routes.map((r) => r.path)));
function expected(method: string, path: string): TokenScope | 'open' | 'own signature' {
  if (path === '/healthz' || path === '/readyz' || /^\/api\/v1\/session(\/|$)/.test(path)) return 'open';
  if (path === '/metrics') return 'read';
  if (path === '/ingest/github') return 'own signature';
  if (collectorPaths.has(path)) return 'ingest';
  if (/^\/api\/v1\/(tokens|users|audit)(\/|$)/.test(path)) return 'admin';
  return method === 'GET' ? 'read' : 'write';
}

const routes = [...new Map(app.routes.filter((r) => r.method !== 'ALL').map((r) => [`${r.method} ${r.path}`, r])).values()].map((r) => ({
  method: r.method,
  path: r.path,
  url: r.path.replace(/:(\w+)(\{[^}]*\})?/g, 'x'),
}));

/** a token for each scope, and one holding every scope but that one and admin */
const exactly = Object.fromEntries(await Promise.all(tokenScopes.map(async (s) => [s, (await tokens.create({ name: `only-${s}`, scopes: [s], createdBy: 'test' })).token]))) as Record<TokenScope, string>;
const allBut = Object.fromEntries(
  await Promise.all(tokenScopes.map(async (s) => [s, (await tokens.create({ name: `all-but-${s}`, scopes: tokenScopes.filter((o) => o !== s && o !== 'admin'), createdBy: 'test' })).token])),
) as Record<TokenScope, string>;

const send = async (route: (typeof routes)[number], authorization?: string) => {
  const headers: Record<string, string> = { 'Content-Type': 'application/json', ...(authorization ? { Authorization: authorization } : {}) };
  const res = await app.request(route.url, { method: route.method, headers, body: route.method === 'GET' || route.method === 'HEAD' ? undefined : '{}' });
  const text = await res.text();
  let message = text;
  try {
    message = (JSON.parse(text) as { message?: string }).message ?? text;
  } catch {
    // a text or protobuf answer: the body as it is
  }
  return { status: res.status, message, challenge: res.headers.get('WWW-Authenticate') };
};

describe('authentication on every route of the route table', () => {
  it('finds the API, ingest and probe routes in the app itself', () => {
    const paths = routes.map((r) => `${r.method} ${r.path}`);
    expect(routes.length).toBeGreaterThan(60);
    expect(paths).toEqual(expect.arrayContaining(['GET /healthz', 'GET /metrics', 'POST /v1/traces', 'POST /api/v1/write', 'POST /ingest/github', 'GET /api/v1/logs', 'POST /api/v1/silences', 'POST /api/v1/tokens', 'DELETE /api/v1/tokens/:id']));
  });

  it('refuses every route but the probes without a credential: 401, a challenge, and what to send', async () => {
    const wrong: string[] = [];
    for (const route of routes) {
      const need = expected(route.method, route.path);
      if (need === 'open' || need === 'own signature') continue;
      const r = await send(route);
      const ok = r.status === 401 && r.challenge === 'Bearer realm="octolens"' && r.message === `authentication required: send Authorization: Bearer <token>, a token with the ${need} scope (octolens token create --scope ${need})`;
      if (!ok) wrong.push(`${route.method} ${route.path}: ${r.status} ${r.message}`);
    }
    expect(wrong).toEqual([]);
  });

  it('refuses a token that lacks the route’s scope with 403 naming it, and lets the right scope and admin through', async () => {
    const wrong: string[] = [];
    for (const route of routes) {
      const need = expected(route.method, route.path);
      if (need === 'open' || need === 'own signature') continue;
      const denied = await send(route, `Bearer ${allBut[need]}`);
      const has = tokenScopes.filter((s) => s !== need && s !== 'admin').join(', ');
      if (denied.status !== 403 || denied.message !== `the token "all-but-${need}" lacks the ${need} scope (it has ${has})`) wrong.push(`${route.method} ${route.path} without ${need}: ${denied.status} ${denied.message}`);
      for (const token of [exactly[need], exactly.admin]) {
        const allowed = await send(route, `Bearer ${token}`);
        if (allowed.status === 401 || allowed.status === 403 || allowed.status === 500) wrong.push(`${route.method} ${route.path} with ${need}: ${allowed.status} ${allowed.message}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('keeps /healthz, /readyz and the UI session routes open', async () => {
    const open = routes.filter((r) => expected(r.method, r.path) === 'open');
    const answers = await Promise.all(open.map(async (r) => `${r.method} ${r.path} ${(await send(r)).status}`));
    // the login takes a body ({} is refused as such, not for want of a credential); logging out without a session is fine;
    // single sign-on says it is off, and its start and callback that there is none here
    expect(answers.sort()).toEqual([
      'DELETE /api/v1/session 204',
      'GET /api/v1/session 200',
      'GET /api/v1/session/oidc 200',
      'GET /api/v1/session/oidc/callback 404',
      'GET /api/v1/session/oidc/login 404',
      'GET /healthz 200',
      'GET /readyz 200',
      'POST /api/v1/session 400',
    ]);
  });

  it('leaves a webhook with its own secret to its signature: no token asked, a bad signature refused by it', async () => {
    const route = routes.find((r) => r.path === '/ingest/github')!;
    const body = JSON.stringify({ zen: 'Keep it logically awesome.', hook_id: 1 });
    const signature = `sha256=${createHmac('sha256', GITHUB_SECRET).update(body).digest('hex')}`;
    const signed = await app.request('/ingest/github', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-GitHub-Event': 'ping', 'X-GitHub-Delivery': 'd-1', 'X-Hub-Signature-256': signature }, body });
    expect(signed.status).toBe(200);
    const unsigned = await send(route);
    expect([unsigned.status, unsigned.message]).toEqual([401, 'missing X-Hub-Signature-256 header: the hub has a webhook secret (OCTOLENS_GITHUB_WEBHOOK_SECRET), so set the same secret on the GitHub webhook']);
  });

  it('takes /metrics without a token when OCTOLENS_METRICS_PUBLIC is set, and nothing else', async () => {
    const open = appWith(true);
    expect((await open.request('/metrics')).status).toBe(200);
    expect((await open.request('/api/v1/services')).status).toBe(401);
  });
});

describe('credentials', () => {
  const services = routes.find((r) => r.path === '/api/v1/services' && r.method === 'GET')!;

  it('refuses a mistyped, a revoked and an expired token, and a scheme other than Bearer or Basic, each saying why', async () => {
    const revoked = await tokens.create({ name: 'revoked', scopes: ['read'], createdBy: 'test' });
    expect((await send(services, `Bearer ${revoked.token}`)).status).toBe(200);
    await tokens.revoke(revoked.id);
    const expired = await tokens.create({ name: 'expired', scopes: ['read'], createdBy: 'test', expiresAt: new Date(Date.now() - 1000) });
    const answers = await Promise.all([`Bearer ${exactly.read}x`, `Bearer ${revoked.token}`, `Bearer ${expired.token}`, `Token ${exactly.read}`, 'Basic ' + Buffer.from('user').toString('base64')].map((a) => send(services, a)));
    expect(answers.map((a) => [a.status, a.message])).toEqual([
      [401, 'the token is not one this hub issued (mistyped, or from another hub)'],
      [401, 'the token was revoked'],
      [401, 'the token has expired'],
      [401, 'Authorization must be "Bearer <token>", got the scheme "Token"'],
      [401, 'Authorization: Basic carries no password; put the API token there (user:token), or send Authorization: Bearer <token>'],
    ]);
  });

  it('takes the token as the password of Basic, for senders that only put credentials in a URL', async () => {
    const basic = 'Basic ' + Buffer.from(`github:${exactly.ingest}`).toString('base64');
    const res = await app.request('/ingest/events', { method: 'POST', headers: { Authorization: basic, 'Content-Type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).not.toMatch(/token|Authorization/);
  });

  it('believes a verified token for the cache period only, so a revocation elsewhere takes effect within it', async () => {
    let nowMs = Date.now();
    const replica = createTokenStore(api.meta, { cacheMs: 10_000, now: () => nowMs });
    const t = await tokens.create({ name: 'cached', scopes: ['read'], createdBy: 'test' });
    expect(await replica.verify(t.token)).toEqual({ tokenId: t.id, name: 'cached', scopes: ['read'] });
    await tokens.revoke(t.id);
    nowMs += 9_999;
    expect(await replica.verify(t.token)).toEqual({ tokenId: t.id, name: 'cached', scopes: ['read'] });
    nowMs += 2;
    expect(await replica.verify(t.token)).toBe('revoked');
  });
});

describe('/api/v1/tokens', () => {
  const admin = { Authorization: `Bearer ${exactly.admin}`, 'Content-Type': 'application/json' };

  it('creates a token shown once, lists it without its secret, and revokes it at once', async () => {
    const created = await app.request('/api/v1/tokens', { method: 'POST', headers: admin, body: JSON.stringify({ name: 'otel-collector prod', scopes: ['ingest'], expiresInDays: 30 }) });
    expect(created.status).toBe(201);
    expect(created.headers.get('Cache-Control')).toBe('no-store');
    const body = (await created.json()) as { id: string; token: string; name: string; scopes: string[]; createdBy: string; expiresAt: string; revokedAt: null };
    expect(body.token).toMatch(/^olt_[A-Za-z0-9_-]{43}$/);
    expect([body.name, body.scopes, body.createdBy, body.revokedAt]).toEqual(['otel-collector prod', ['ingest'], 'only-admin', null]);
    expect(Math.abs(Date.parse(body.expiresAt) - (Date.now() + 30 * 86_400_000))).toBeLessThan(60_000);

    const traces = () => app.request('/v1/traces', { method: 'POST', headers: { Authorization: `Bearer ${body.token}`, 'Content-Type': 'application/json' }, body: '{"resourceSpans":[]}' });
    expect((await traces()).status).toBe(200);

    const listed = await app.request('/api/v1/tokens', { headers: admin });
    const text = await listed.text();
    expect(text).not.toContain(body.token);
    expect(text).not.toContain(body.token.slice(4, 20));
    const row = (JSON.parse(text) as { tokens: Array<{ id: string; lastUsedAt: string | null }> }).tokens.find((t) => t.id === body.id)!;
    expect(row).toMatchObject({ id: body.id, lastUsedAt: expect.stringMatching(/:00\.000Z$/) });

    const revoked = await app.request(`/api/v1/tokens/${body.id}`, { method: 'DELETE', headers: admin });
    expect([revoked.status, ((await revoked.json()) as { revokedAt: string | null }).revokedAt]).toEqual([200, expect.any(String)]);
    const after = await traces();
    expect([after.status, ((await after.json()) as { message: string }).message]).toEqual([401, 'the token was revoked']);
  });

  it('limits a token to services, each named once, and lists them; unlimited tokens list null', async () => {
    const created = await app.request('/api/v1/tokens', { method: 'POST', headers: admin, body: JSON.stringify({ name: 'checkout sender', scopes: ['ingest'], services: ['checkout', ' checkout ', 'payments'] }) });
    const body = (await created.json()) as { id: string; services: string[] | null; teams: string[] | null };
    expect([created.status, body.services, body.teams]).toEqual([201, ['checkout', 'payments'], null]);
    const { tokens: listed } = (await (await app.request('/api/v1/tokens', { headers: admin })).json()) as { tokens: Array<{ id: string; name: string; services: string[] | null }> };
    expect(listed.find((t) => t.id === body.id)?.services).toEqual(['checkout', 'payments']);
    expect(listed.find((t) => t.name === 'only-ingest')?.services).toBeNull();
    const refusals = await Promise.all([[], [''], ['  ']].map(async (services) => {
      const res = await app.request('/api/v1/tokens', { method: 'POST', headers: admin, body: JSON.stringify({ name: 'x', scopes: ['ingest'], services }) });
      return [res.status, ((await res.json()) as { message: string }).message];
    }));
    expect(refusals).toEqual([
      [400, 'services: give at least one service, or leave services out for any'],
      [400, 'services.0: a service name is not empty'],
      [400, 'services.0: a service name is not empty'],
    ]);
  });

  it('refuses a token without a scope or with an unknown one, and an unknown id', async () => {
    const none = await app.request('/api/v1/tokens', { method: 'POST', headers: admin, body: JSON.stringify({ name: 'x', scopes: [] }) });
    expect([none.status, ((await none.json()) as { message: string }).message]).toEqual([400, 'scopes: give at least one of ingest, read, write, admin']);
    const unknown = await app.request('/api/v1/tokens', { method: 'POST', headers: admin, body: JSON.stringify({ name: 'x', scopes: ['root'] }) });
    expect(unknown.status).toBe(400);
    const missing = await app.request('/api/v1/tokens/nope', { method: 'DELETE', headers: admin });
    expect([missing.status, ((await missing.json()) as { message: string }).message]).toEqual([404, 'no token "nope"']);
  });
});
