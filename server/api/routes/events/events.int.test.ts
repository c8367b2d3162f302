import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventsResult } from '../../../../shared/api.js';
import { formatMillis, type DeploymentRow, type IncidentRow } from '../../../storage/rows.js';
import { openTestApi, type TestApi } from '../testing.js';

const T = Date.parse('2026-11-30T10:00:00.000Z');
const min = 60_000;

const deployment = (over: Partial<DeploymentRow>): DeploymentRow => ({
  DeploymentId: 'd', Source: 'events', Service: 'checkout', Repo: '', Environment: 'production', IsProduction: true, Status: 'success',
  ReportedAt: formatMillis(T), StartedAt: formatMillis(0), FinishedAt: formatMillis(0), CommitSha: '', CommitShas: [], Artifact: '', Kind: 'planned',
  RollbackOf: '', Url: '', DeliveryId: 'x', ...over,
});
const incident = (over: Partial<IncidentRow>): IncidentRow => ({
  IncidentId: 'i', Provider: 'events', Service: 'checkout', Status: 'triggered', At: formatMillis(T), CreatedAt: formatMillis(0), Severity: '', Title: '',
  CauseDeploymentId: '', CauseCommitSha: '', Url: '', DeliveryId: 'x', ...over,
});

let api: TestApi;
beforeAll(async () => {
  api = await openTestApi();
  await api.insert('deployments', [
    // pending, then success at T+5m: one marker at its finish, with the latest status
    deployment({ DeploymentId: 'gh:1', Status: 'pending', ReportedAt: formatMillis(T), StartedAt: formatMillis(T), CommitSha: '9fceb02d0ae598e95dc970b74767f19372d61af8' }),
    deployment({ DeploymentId: 'gh:1', Status: 'success', ReportedAt: formatMillis(T + 5 * min), StartedAt: formatMillis(T), FinishedAt: formatMillis(T + 5 * min), CommitSha: '9fceb02d0ae598e95dc970b74767f19372d61af8', Url: 'https://github.example/acme/checkout/deployments/1' }),
    // the same row again (a redelivery): FINAL keeps one
    deployment({ DeploymentId: 'gh:1', Status: 'success', ReportedAt: formatMillis(T + 5 * min), StartedAt: formatMillis(T), FinishedAt: formatMillis(T + 5 * min), CommitSha: '9fceb02d0ae598e95dc970b74767f19372d61af8', Url: 'https://github.example/acme/checkout/deployments/1' }),
    deployment({ DeploymentId: 'gh:2', Status: 'failure', Kind: 'rollback', ReportedAt: formatMillis(T + 30 * min), FinishedAt: formatMillis(T + 30 * min) }),
    deployment({ DeploymentId: 'gh:3', Environment: 'staging', IsProduction: false, ReportedAt: formatMillis(T + 10 * min), FinishedAt: formatMillis(T + 10 * min) }),
    deployment({ DeploymentId: 'gh:4', Service: 'tax', ReportedAt: formatMillis(T + 20 * min), FinishedAt: formatMillis(T + 20 * min) }),
    // outside the window
    deployment({ DeploymentId: 'gh:0', ReportedAt: formatMillis(T - 90 * min), FinishedAt: formatMillis(T - 90 * min) }),
  ]);
  await api.insert('incidents', [
    incident({ IncidentId: 'pd:Q1', Status: 'triggered', At: formatMillis(T + 12 * min), CreatedAt: formatMillis(T + 11 * min), Severity: 'SEV2', Title: 'checkout 500s' }),
    incident({ IncidentId: 'pd:Q1', Status: 'resolved', At: formatMillis(T + 40 * min), Severity: 'SEV2', Title: 'checkout 500s' }),
  ]);
  await api.meta
    .insertInto('alert_transitions')
    .values([
      { instance_id: 'checkout-availability', alert_name: 'page-fast', slo_id: 'checkout-availability', name: 'CheckoutAvailability', severity: 'page', from_state: 'pending', to_state: 'firing', at: new Date(T + 13 * min), value: 14.4, labels: JSON.stringify({ service: 'checkout' }), annotations: '{}' },
      { instance_id: 'tax-latency', alert_name: 'page-fast', slo_id: 'tax-latency', name: 'TaxLatency', severity: 'page', from_state: 'pending', to_state: 'firing', at: new Date(T + 14 * min), value: 20, labels: JSON.stringify({ service: 'tax' }), annotations: '{}' },
    ])
    .execute();
});
afterAll(async () => {
  await api?.close();
});

const window = `from=${T - 60 * min}&to=${T + 60 * min}`;

describe('GET /api/v1/events', () => {
  it("lists one service's production deploys, incidents and alert firings in time order", async () => {
    const { status, body } = await api.get<EventsResult>(`/api/v1/events?${window}&service=checkout`);
    expect(status).toBe(200);
    expect(body.truncated).toBe(false);
    expect(body.events).toEqual([
      {
        kind: 'deploy', id: 'gh:1', time: '2026-11-30T10:05:00.000Z', service: 'checkout', label: 'deploy 9fceb02', url: 'https://github.example/acme/checkout/deployments/1',
        detail: { environment: 'production', status: 'success', kind: 'planned', commit: '9fceb02d0ae598e95dc970b74767f19372d61af8' },
      },
      { kind: 'incident', id: 'pd:Q1', time: '2026-11-30T10:11:00.000Z', service: 'checkout', label: 'incident SEV2: checkout 500s', detail: { status: 'resolved', severity: 'SEV2', resolved: '2026-11-30T10:40:00.000Z' } },
      { kind: 'alert', id: 'checkout-availability', time: '2026-11-30T10:13:00.000Z', service: 'checkout', label: 'CheckoutAvailability firing', detail: { severity: 'page', slo: 'checkout-availability' } },
      { kind: 'deploy', id: 'gh:2', time: '2026-11-30T10:30:00.000Z', service: 'checkout', label: 'rollback (failure)', detail: { environment: 'production', status: 'failure', kind: 'rollback', commit: '' } },
    ]);
  });

  it('marks another environment only when asked, and every service without a filter', async () => {
    const staging = await api.get<EventsResult>(`/api/v1/events?${window}&service=checkout&environment=staging`);
    expect(staging.body.events.filter((e) => e.kind === 'deploy').map((e) => e.id)).toEqual(['gh:3']);
    const all = await api.get<EventsResult>(`/api/v1/events?${window}`);
    expect(all.body.events.map((e) => `${e.kind}:${e.id}`)).toEqual([
      'deploy:gh:1', 'incident:pd:Q1', 'alert:checkout-availability', 'alert:tax-latency', 'deploy:gh:4', 'deploy:gh:2',
    ]);
  });

  it('answers an empty list for a window with nothing, and 400 naming a bad parameter', async () => {
    const empty = await api.get<EventsResult>(`/api/v1/events?from=${T - 600 * min}&to=${T - 300 * min}`);
    expect(empty.body).toEqual({ range: { from: T - 600 * min, to: T - 300 * min }, events: [], truncated: false });
    const bad = await api.get<{ code: string; message: string }>(`/api/v1/events?${window}&servce=checkout`);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('servce');
  });
});
