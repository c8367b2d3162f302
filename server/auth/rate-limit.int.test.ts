/**
 * Rate limits through the app on real chDB and PGlite (issue 13): a token past its API budget
 * gets 429 with Retry-After while another token goes on; failed logins past the limit stop
 * the right password too, per client address and per user name; an OTel exporter sending
 * hundreds of requests is never throttled by the default ingest limit.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { recordingDeps } from '../../collectors/delivery/testing.js';
import { collectors } from '../../collectors/index.js';
import { createApp } from '../api/app.js';
import { openTestApi } from '../api/routes/testing.js';
import { createHubMetrics } from '../telemetry/metrics.js';
import { createHubAuth } from './index.js';
import { rateLimitsConfigSchema } from './rate-limit-config.js';
import { createRateLimits } from './rate-limit.js';

const api = await openTestApi();
afterAll(() => api.close());

const auth = createHubAuth(api.meta, { metricsPublic: false, sessionTtlMs: 3_600_000 });
const metrics = createHubMetrics();
/** time stands still unless a test moves it: every count below is exact */
let now = 1_700_000_000_000;
const rateLimits = createRateLimits(rateLimitsConfigSchema.parse({ api: '5/s,burst=10', login: '3/min' }), { now: () => now, refused: (kind) => metrics.rateLimited.inc({ kind }) });
const app = createApp({ store: api.store, meta: api.meta, metrics, isReady: async () => true, auth, rateLimits });

const bearer = (token: string) => ({ headers: { Authorization: `Bearer ${token}` } });
/** the request as @hono/node-server hands it over from a peer at `address` */
const from = (address: string) => ({ incoming: { socket: { remoteAddress: address } } });
const login = (username: string, password: string, address: string) =>
  app.request('/api/v1/session', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password }) }, from(address));
const answer = async (res: Response) => [res.status, res.headers.get('retry-after'), ((await res.json()) as { message?: string }).message];

await auth.users.add({ name: 'vera', password: 'correct horse battery', role: 'viewer', createdBy: 'test' });
await auth.users.add({ name: 'eddie', password: 'correct horse battery', role: 'editor', createdBy: 'test' });

describe('API rate limit', () => {
  it('refuses a token past its burst with 429 and Retry-After, and leaves another token alone', async () => {
    const grafana = (await auth.tokens.create({ name: 'grafana', scopes: ['read'], createdBy: 'test' })).token;
    const script = (await auth.tokens.create({ name: 'script', scopes: ['read'], createdBy: 'test' })).token;
    const statuses = [];
    for (let i = 0; i < 12; i++) statuses.push((await app.request('/api/v1/services', bearer(grafana))).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 429, 429]);
    const refused = await app.request('/api/v1/services', bearer(grafana));
    // 5/s: the next request is allowed 200 ms on, which Retry-After rounds up to 1 s
    expect(await answer(refused)).toEqual([429, '1', 'too many api requests from the token "grafana": the limit is 5/s,burst=10 (OCTOLENS_RATE_LIMIT_API); retry in 1 s']);
    expect((await app.request('/api/v1/services', bearer(script))).status).toBe(200);
    now += 200;
    expect([(await app.request('/api/v1/services', bearer(grafana))).status, (await app.request('/api/v1/services', bearer(grafana))).status]).toEqual([200, 429]);
  });
});

describe('login rate limit', () => {
  it('stops guessing per address and per user name, the right password too, and never counts a login that worked', async () => {
    const wrong = [];
    for (let i = 0; i < 3; i++) wrong.push((await login('vera', 'wrong horse battery', '192.0.2.1')).status);
    expect(wrong).toEqual([401, 401, 401]);
    // 3/min: one more attempt every 20 s
    expect(await answer(await login('eddie', 'correct horse battery', '192.0.2.1'))).toEqual([
      429,
      '20',
      'too many login requests from the address 192.0.2.1: the limit is 3/min (OCTOLENS_RATE_LIMIT_LOGIN); retry in 20 s',
    ]);
    expect(await answer(await login('vera', 'correct horse battery', '198.51.100.7'))).toEqual([
      429,
      '20',
      'too many login requests from the user name "vera": the limit is 3/min (OCTOLENS_RATE_LIMIT_LOGIN); retry in 20 s',
    ]);
    // the refused attempts were given back: 198.51.100.7 has its whole budget, and logins that work cost nothing
    const ok = [];
    for (let i = 0; i < 5; i++) ok.push((await login('eddie', 'correct horse battery', '198.51.100.7')).status);
    expect(ok).toEqual([200, 200, 200, 200, 200]);
    now += 20_000;
    expect((await login('vera', 'correct horse battery', '203.0.113.9')).status).toBe(200);
  });

  it('counts the refusals in /metrics by kind', async () => {
    const text = await metrics.registry.getSingleMetricAsString('octolens_rate_limited_total');
    expect(text.split('\n').filter((l) => l.startsWith('octolens_rate_limited_total{'))).toEqual(['octolens_rate_limited_total{kind="api"} 4', 'octolens_rate_limited_total{kind="login"} 2']);
  });
});

describe('ingest rate limit', () => {
  it('lets 500 OTLP/HTTP requests of one token through in a burst with the default limits', async () => {
    const recorded = recordingDeps();
    const otlp = collectors.otlp.create(collectors.otlp.configSchema.parse({}), recorded.deps);
    const ingestApp = createApp({
      metrics: createHubMetrics(),
      isReady: async () => true,
      collectorApps: [{ routes: otlp.routes!, authenticatesSenders: otlp.authenticatesSenders }],
      auth,
      rateLimits: createRateLimits(rateLimitsConfigSchema.parse({})),
    });
    const collector = (await auth.tokens.create({ name: 'otel-collector', scopes: ['ingest'], createdBy: 'test' })).token;
    const body = JSON.stringify({ resourceSpans: [] });
    const statuses = await Promise.all(
      Array.from({ length: 500 }, async () => (await ingestApp.request('/v1/traces', { method: 'POST', headers: { Authorization: `Bearer ${collector}`, 'Content-Type': 'application/json' }, body })).status),
    );
    expect(statuses.filter((s) => s === 200)).toHaveLength(500);
  });
});
