/**
 * Team ownership on real PGlite through the app: silences and acknowledgements of a
 * service's alerts are changed by its owning team (services.team) or an admin; reading stays
 * organisation-wide; a service no team owns is any editor's; an API token may be held to teams
 * or to services.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { SilenceInfo } from '../../shared/api.js';
import { createApp } from '../api/app.js';
import { openTestApi } from '../api/routes/testing.js';
import { fixtureSlo } from '../slo/evaluate/fixtures.js';
import { createHubMetrics } from '../telemetry/metrics.js';
import { createHubAuth } from './index.js';

const api = await openTestApi();
afterAll(() => api.close());

const auth = createHubAuth(api.meta, { metricsPublic: false, sessionTtlMs: 3_600_000 });
const app = createApp({ store: api.store, meta: api.meta, metrics: createHubMetrics(), isReady: async () => true, auth });
const admin = (await auth.tokens.create({ name: 'admin', scopes: ['admin'], createdBy: 'test' })).token;

// checkout is the payments team's, search the discovery team's, legacy nobody's
await api.meta.insertInto('services').values([{ name: 'checkout', team: 'payments' }, { name: 'search', team: 'discovery' }, { name: 'legacy', team: null }]).execute();
// a firing SLO alert of checkout, as the engine writes it
const slo = fixtureSlo();
await api.meta.insertInto('slo_status').values({ instance_id: slo.id, slo_id: slo.id, group_key: '', group_values: '{}', definition: JSON.stringify(slo), definition_hash: 'h', evaluation: null, message: null, evaluated_at: new Date() }).execute();
await api.meta
  .insertInto('alert_state')
  .values({ instance_id: slo.id, alert_name: 'page-fast', slo_id: slo.id, name: 'CheckoutAvailability', severity: 'page', state: 'firing', since: new Date(Date.now() - 60_000), value: 20, labels: JSON.stringify({ service: 'checkout' }), annotations: '{}' })
  .execute();
const ALERT = `${slo.id}:page-fast`;

const sameOrigin = { 'Content-Type': 'application/json', 'Sec-Fetch-Site': 'same-origin' };
async function sessionOf(name: string, role: string, teams: string[]): Promise<string> {
  await app.request('/api/v1/users', { method: 'POST', headers: { Authorization: `Bearer ${admin}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ name, password: 'correct horse battery', role, teams }) });
  const res = await app.request('/api/v1/session', { method: 'POST', headers: sameOrigin, body: JSON.stringify({ username: name, password: 'correct horse battery' }) });
  return res.headers.get('set-cookie')!.split(';')[0]!;
}
const pat = await sessionOf('pat', 'editor', ['payments']);
const dana = await sessionOf('dana', 'editor', ['discovery']);
const ada = await sessionOf('ada', 'admin', []);

const endsAt = Date.now() + 3_600_000;
const silenceOf = (matchers: Array<{ label: string; op?: string; value: string }>, extra: Record<string, unknown> = {}) => ({ matchers, endsAt, comment: 'maintenance', createdBy: 'claimed-by-body', ...extra });
const post = (cookie: string, path: string, body: unknown) => app.request(path, { method: 'POST', headers: { ...sameOrigin, Cookie: cookie }, body: JSON.stringify(body) });
const answer = async (res: Response) => [res.status, ((await res.json()) as { message?: string; createdBy?: string }).message ?? 'ok'];

describe('team ownership of silences and acknowledgements', () => {
  it('lets the owning team and an admin silence a service’s alerts, and refuses another team naming both', async () => {
    const service = [{ label: 'service', value: 'checkout' }];
    const byOwner = await post(pat, '/api/v1/silences', silenceOf(service));
    const byAdmin = await post(ada, '/api/v1/silences', silenceOf(service));
    const byOther = await post(dana, '/api/v1/silences', silenceOf(service));
    expect([byOwner.status, byAdmin.status]).toEqual([201, 201]);
    expect(((await byOwner.json()) as SilenceInfo).createdBy).toBe('pat');
    expect(await answer(byOther)).toEqual([403, 'service "checkout" is owned by team "payments", "dana" is in "discovery": only its members or an admin may silence these alerts']);
  });

  it('takes an alert id as its service’s, lets any editor silence a service no team owns, and keeps unpinned silences to admins', async () => {
    expect(await answer(await post(dana, '/api/v1/silences', silenceOf([], { alertId: ALERT })))).toEqual([403, 'service "checkout" is owned by team "payments", "dana" is in "discovery": only its members or an admin may silence these alerts']);
    expect((await post(pat, '/api/v1/silences', silenceOf([], { alertId: ALERT }))).status).toBe(201);
    expect((await post(dana, '/api/v1/silences', silenceOf([{ label: 'service', value: 'legacy' }]))).status).toBe(201);
    const unpinned = await post(pat, '/api/v1/silences', silenceOf([{ label: 'service', op: '=~', value: 'check.*' }]));
    expect(await answer(unpinned)).toEqual([403, 'silence these alerts is not tied to a service (no service=<name> matcher, or an alert without a service label), so it could touch any team\'s alerts: only an admin may do that']);
    expect((await post(ada, '/api/v1/silences', silenceOf([{ label: 'service', op: '=~', value: 'check.*' }]))).status).toBe(201);
  });

  it('lets only the owners expire a service’s silence', async () => {
    const { id } = (await (await post(pat, '/api/v1/silences', silenceOf([{ label: 'service', value: 'checkout' }]))).json()) as SilenceInfo;
    const expire = (cookie: string) => app.request(`/api/v1/silences/${id}`, { method: 'DELETE', headers: { Cookie: cookie, 'Sec-Fetch-Site': 'same-origin' } });
    expect(await answer(await expire(dana))).toEqual([403, `service "checkout" is owned by team "payments", "dana" is in "discovery": only its members or an admin may expire silence "${id}"`]);
    expect((await expire(pat)).status).toBe(200);
  });

  it('lets only the owners acknowledge a service’s alert, recorded as who is logged in', async () => {
    const ack = (cookie: string) => post(cookie, `/api/v1/alerts/${encodeURIComponent(ALERT)}/ack`, { by: 'someone else', comment: 'looking' });
    expect(await answer(await ack(dana))).toEqual([403, `service "checkout" is owned by team "payments", "dana" is in "discovery": only its members or an admin may acknowledge alert "${ALERT}"`]);
    const ok = await ack(pat);
    expect([ok.status, ((await ok.json()) as { by: string }).by]).toEqual([200, 'pat']);
  });

  it('keeps reading organisation-wide: another team’s editor sees the alert and its silences', async () => {
    const read = await app.request('/api/v1/alerts', { headers: { Cookie: dana } });
    expect(read.status).toBe(200);
    expect(((await read.json()) as { alerts: Array<{ id: string }> }).alerts.map((a) => a.id)).toContain(ALERT);
  });

  it('holds a token limited to teams to those teams’ services; an unlimited one to none', async () => {
    const limited = (await auth.tokens.create({ name: 'payments-bot', scopes: ['write', 'read'], teams: ['payments'], createdBy: 'test' })).token;
    const unlimited = (await auth.tokens.create({ name: 'ops-bot', scopes: ['write'], createdBy: 'test' })).token;
    const send = (token: string, service: string) => app.request('/api/v1/silences', { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(silenceOf([{ label: 'service', value: service }])) });
    expect([(await send(limited, 'checkout')).status, (await send(unlimited, 'search')).status]).toEqual([201, 201]);
    expect(await answer(await send(limited, 'search'))).toEqual([403, 'service "search" is owned by team "discovery", "payments-bot" is in "payments": only its members or an admin may silence these alerts']);
    const listed = (await (await app.request('/api/v1/tokens', { headers: { Authorization: `Bearer ${admin}` } })).json()) as { tokens: Array<{ name: string; teams: string[] | null }> };
    expect(listed.tokens.filter((t) => t.name.endsWith('-bot')).map((t) => [t.name, t.teams])).toEqual([
      ['ops-bot', null],
      ['payments-bot', ['payments']],
    ]);
  });

  it('holds a token limited to services to silencing and acknowledging those, whoever owns them', async () => {
    const bot = (await auth.tokens.create({ name: 'legacy-bot', scopes: ['write'], services: ['legacy', 'checkout'], createdBy: 'test' })).token;
    const headers = { Authorization: `Bearer ${bot}`, 'Content-Type': 'application/json' };
    const silence = (matchers: Array<{ label: string; op?: string; value: string }>) => app.request('/api/v1/silences', { method: 'POST', headers, body: JSON.stringify(silenceOf(matchers)) });
    expect([(await silence([{ label: 'service', value: 'legacy' }])).status, (await silence([{ label: 'service', value: 'checkout' }])).status]).toEqual([201, 201]);
    expect(await answer(await silence([{ label: 'service', value: 'search' }]))).toEqual([403, 'service "search" is not one of the services "legacy-bot" is limited to ("legacy", "checkout"): only a token for it or an admin may silence these alerts']);
    expect(await answer(await silence([{ label: 'env', value: 'prod' }]))).toEqual([403, "silence these alerts is not tied to a service (no service=<name> matcher, or an alert without a service label), so it could touch any service's alerts: only an admin may do that"]);
    const ack = (token: string) => app.request(`/api/v1/alerts/${encodeURIComponent(ALERT)}/ack`, { method: 'POST', headers: { ...headers, Authorization: `Bearer ${token}` }, body: JSON.stringify({ by: 'someone else', comment: 'looking' }) });
    const searchBot = (await auth.tokens.create({ name: 'search-bot', scopes: ['write'], services: ['search'], createdBy: 'test' })).token;
    expect(await answer(await ack(searchBot))).toEqual([403, `service "checkout" is not one of the services "search-bot" is limited to ("search"): only a token for it or an admin may acknowledge alert "${ALERT}"`]);
    const acked = await ack(bot);
    expect([acked.status, ((await acked.json()) as { by: string }).by]).toEqual([200, 'legacy-bot']);
  });
});
