import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertInfo, AlertsResult, SilenceInfo, SilencesResult } from '../../../../shared/api.js';
import { fixtureSlo } from '../../../slo/evaluate/fixtures.js';
import { openTestApi, type TestApi } from '../testing.js';

/**
 * The alert list's details and the silence and acknowledgement routes over a real metadata
 * store, with alert states written as the SLO engine writes them.
 */
describe('alerts, silences and acknowledgements', () => {
  let api: TestApi;
  const slo = fixtureSlo({ alerting: { ...fixtureSlo().alerting, budgetExhausted: true, annotations: { runbook_url: 'https://runbooks.example.com/checkout' } } });
  const since = new Date(Date.now() - 600_000);

  beforeAll(async () => {
    api = await openTestApi();
    await api.meta
      .insertInto('slo_status')
      .values({ instance_id: slo.id, slo_id: slo.id, group_key: '', group_values: '{}', definition: JSON.stringify(slo), definition_hash: 'h', evaluation: null, message: null, evaluated_at: since })
      .execute();
    const row = (alert: string, value: number) => ({
      instance_id: slo.id,
      alert_name: alert,
      slo_id: slo.id,
      name: 'CheckoutAvailability',
      severity: 'page',
      state: 'firing',
      since,
      value,
      labels: JSON.stringify({ service: 'checkout', slo: 'availability' }),
      annotations: JSON.stringify(slo.alerting.annotations),
    });
    await api.meta.insertInto('alert_state').values([row('page-fast', 25.5), row('budget-exhausted', -0.679)]).execute();
  }, 120_000);
  afterAll(async () => {
    await api?.close();
  });

  const send = async <T>(method: string, path: string, body?: unknown) => {
    const res = await api.app.request(path, { method, headers: { 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as T };
  };
  const alerts = async () => (await api.get<AlertsResult>('/api/v1/alerts')).body.alerts;
  const byId = (list: AlertInfo[], id: string) => list.find((a) => a.id === id)!;

  it('each alert says what raised it, its unit, windows, threshold and runbook', async () => {
    const list = await alerts();
    expect(byId(list, 'checkout-availability:page-fast')).toMatchObject({
      alert: 'page-fast',
      alertKind: 'burn_rate',
      unit: 'burn_rate',
      value: 25.5,
      condition: { op: '>', threshold: 14.4, windows: [3600, 300], forSeconds: 0 },
      runbook: 'https://runbooks.example.com/checkout',
      silencedBy: [],
      ack: null,
    });
    // the budget left, a ratio: -67.9 %, not a burn rate
    expect(byId(list, 'checkout-availability:budget-exhausted')).toMatchObject({ alertKind: 'budget_exhausted', unit: 'ratio', value: -0.679, condition: { op: '<=', threshold: 0, windows: [2_592_000] } });
  });

  it('a silence on an alert id holds back that alert only, and expiring it lifts it', async () => {
    const endsAt = new Date(Date.now() + 3_600_000).toISOString();
    const created = await send<SilenceInfo>('POST', '/api/v1/silences', { alertId: 'checkout-availability:page-fast', endsAt, comment: 'known: provider outage', createdBy: 'ana' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ matchers: [{ label: 'octolens_alert', op: '=', value: 'checkout-availability:page-fast' }], endsAt, comment: 'known: provider outage', createdBy: 'ana', state: 'active' });

    let list = await alerts();
    expect(byId(list, 'checkout-availability:page-fast').silencedBy).toEqual([created.body.id]);
    expect(byId(list, 'checkout-availability:budget-exhausted').silencedBy).toEqual([]);
    expect((await api.get<SilencesResult>('/api/v1/silences')).body.silences.map((s) => [s.id, s.state])).toEqual([[created.body.id, 'active']]);

    const expired = await send<SilenceInfo>('DELETE', `/api/v1/silences/${created.body.id}`);
    expect(expired.status).toBe(200);
    expect(expired.body.state).toBe('expired');
    list = await alerts();
    expect(byId(list, 'checkout-availability:page-fast').silencedBy).toEqual([]);
    expect((await send('DELETE', '/api/v1/silences/nope')).status).toBe(404);
  });

  it('a silence on labels holds back every alert they select', async () => {
    const created = await send<SilenceInfo>('POST', '/api/v1/silences', { matchers: [{ label: 'service', value: 'checkout' }, { label: 'alertname', op: '=~', value: 'Checkout.*' }], endsAt: 'now+2h', comment: 'maintenance', createdBy: 'bo' });
    expect(created.status).toBe(201);
    const list = await alerts();
    expect(list.map((a) => a.silencedBy)).toEqual([[created.body.id], [created.body.id]]);
    await send('DELETE', `/api/v1/silences/${created.body.id}`);
  });

  it.each([
    [{ endsAt: 'now+1h', comment: 'x', createdBy: 'a' }, 'matchers: give matchers or an alertId'],
    [{ matchers: [{ label: 'team', op: '=~', value: '.*' }], endsAt: 'now+1h', comment: 'x', createdBy: 'a' }, 'matchers: these match every alert'],
    [{ matchers: [{ label: 'http.route', value: '/a' }], endsAt: 'now+1h', comment: 'x', createdBy: 'a' }, 'matchers.0.label: a label name as notifications carry it'],
    [{ matchers: [{ label: 'service', op: '=~', value: '(' }], endsAt: 'now+1h', comment: 'x', createdBy: 'a' }, 'matchers.0.value: not a regular expression'],
    [{ alertId: 'a', endsAt: 'tomorrow', comment: 'x', createdBy: 'a' }, 'endsAt: expected epoch milliseconds, RFC 3339 or an expression like now+2h, got "tomorrow"'],
    [{ alertId: 'a', endsAt: 'now-1h', comment: 'x', createdBy: 'a' }, 'endsAt: must be after startsAt'],
    [{ alertId: 'a', endsAt: 'now+1h', comment: ' ', createdBy: 'a' }, 'comment: say why: a comment is required'],
    [{ alertId: 'a', endsAt: 'now+1h', comment: 'x' }, 'createdBy:'],
    [{ alertId: 'a', endsAt: 'now+1h', comment: 'x', createdBy: 'a', until: 'now+2h' }, 'until: unknown parameter'],
  ])('POST %j is a 400: %s', async (body, message) => {
    const res = await send<{ code: string; message: string }>('POST', '/api/v1/silences', body);
    expect(res.status).toBe(400);
    expect(res.body.message).toContain(message);
  });

  it('acknowledging records who and when, and the list shows it', async () => {
    const res = await send<{ by: string; at: string; comment: string }>('POST', `/api/v1/alerts/${encodeURIComponent('checkout-availability:page-fast')}/ack`, { by: 'ana', comment: 'on it' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ by: 'ana', comment: 'on it' });
    expect(Math.abs(Date.parse(res.body.at) - Date.now())).toBeLessThan(10_000);
    expect(byId(await alerts(), 'checkout-availability:page-fast').ack).toEqual(res.body);
    expect(byId(await alerts(), 'checkout-availability:budget-exhausted').ack).toBeNull();

    expect((await send<{ message: string }>('POST', '/api/v1/alerts/nope/ack', { by: 'ana' })).status).toBe(404);
    const bad = await send<{ message: string }>('POST', '/api/v1/alerts/checkout-availability:page-fast/ack', { comment: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('by:');
  });
});
