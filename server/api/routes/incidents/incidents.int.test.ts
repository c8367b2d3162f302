import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentDetail, IncidentsResult } from '../../../../shared/api.js';
import { recordSeenServices } from '../../../meta/services.js';
import { formatMillis, formatNanos, type DeploymentRow, type IncidentRow, type SpanRow } from '../../../storage/rows.js';
import { openTestApi, type TestApi } from '../testing.js';

// Two days ago on a whole hour: recent enough for the spans' retention, whole minutes for the math.
const T = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 2 * 86_400_000;
const min = 60_000;
const iso = (offsetMs: number) => new Date(T + offsetMs).toISOString();

const deployment = (over: Partial<DeploymentRow> & { at: number }): DeploymentRow => {
  const { at, ...rest } = over;
  return {
    DeploymentId: 'd', Source: 'events', Service: 'checkout', Repo: '', Environment: 'production', IsProduction: true, Status: 'success',
    ReportedAt: formatMillis(T + at), StartedAt: formatMillis(0), FinishedAt: formatMillis(T + at), CommitSha: '', CommitShas: [], Artifact: '', Kind: 'planned',
    RollbackOf: '', Url: '', DeliveryId: 'x', ...rest,
  };
};
const incident = (over: Partial<IncidentRow> & { at: number }): IncidentRow => {
  const { at, ...rest } = over;
  return {
    IncidentId: 'i', Provider: 'pagerduty', Service: 'checkout', Status: 'triggered', At: formatMillis(T + at), CreatedAt: formatMillis(0), Severity: '', Title: '',
    CauseDeploymentId: '', CauseCommitSha: '', Url: '', DeliveryId: 'x', ...rest,
  };
};
let spanSeq = 0;
function span(service: string, kind: string, offsetMs: number, over: Partial<SpanRow> = {}): SpanRow {
  const id = (++spanSeq).toString(16).padStart(16, '0');
  return {
    Timestamp: formatNanos(BigInt(T + offsetMs) * 1_000_000n),
    TraceId: id.padStart(32, '0'), SpanId: id, ParentSpanId: '', TraceState: '',
    SpanName: 'GET /cart', SpanKind: kind, ServiceName: service,
    ResourceAttributes: { 'service.name': service }, ScopeName: 'test', ScopeVersion: '1', SpanAttributes: {},
    Duration: '1000000', StatusCode: 'Ok', StatusMessage: '',
    'Events.Timestamp': [], 'Events.Name': [], 'Events.Attributes': [],
    'Links.TraceId': [], 'Links.SpanId': [], 'Links.TraceState': [], 'Links.Attributes': [],
    ...over,
  };
}
const alert = (instance: string, service: string, from: string, to: string, at: number) => ({
  instance_id: instance, alert_name: 'page-fast', slo_id: instance, name: `${service} availability`, severity: 'page', from_state: from, to_state: to,
  at: new Date(T + at), value: 14.4, labels: JSON.stringify({ service }), annotations: '{}',
});

let api: TestApi;
beforeAll(async () => {
  api = await openTestApi();
  await api.insert('deployments', [
    deployment({ DeploymentId: 'dep:c1', at: -3 * 60 * min, CommitSha: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' }),
    // pending then success: one deployment, finished at T−30m
    deployment({ DeploymentId: 'dep:c2', Status: 'pending', at: -40 * min, FinishedAt: formatMillis(0) }),
    deployment({ DeploymentId: 'dep:c2', at: -30 * min, CommitSha: 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', Url: 'https://ci.example/checkout/2' }),
    // staging, later than c2: never a cause, never on the timeline
    deployment({ DeploymentId: 'dep:cs', Environment: 'staging', IsProduction: false, at: -5 * min }),
    // tax, the service checkout calls: on checkout's timeline, never its cause
    deployment({ DeploymentId: 'dep:t1', Service: 'tax', at: -10 * min }),
    // an unrelated service: not on the timeline
    deployment({ DeploymentId: 'dep:x1', Service: 'search', at: -8 * min }),
  ]);
  await api.insert('incidents', [
    // A: heuristic cause dep:c2 (the latest production deploy of checkout before it); MTTA 6, MTTR 45
    incident({ IncidentId: 'pd:A', at: 0, CreatedAt: formatMillis(T), Severity: 'SEV2', Title: 'checkout 500s', Url: 'https://pd.example/A' }),
    incident({ IncidentId: 'pd:A', Status: 'acknowledged', at: 6 * min, Severity: 'SEV2', Title: 'checkout 500s' }),
    incident({ IncidentId: 'pd:A', Status: 'resolved', at: 45 * min, Severity: 'SEV2', Title: 'checkout 500s' }),
    incident({ IncidentId: 'pd:A', Status: 'resolved', at: 45 * min, Severity: 'SEV2', Title: 'checkout 500s' }),
    // B: names dep:c1 (explicit), acknowledged after 3.5 minutes, still open
    incident({ IncidentId: 'gh:B', Provider: 'github', at: 120 * min, Severity: 'SEV1', Title: 'cart empty', CauseDeploymentId: 'dep:c1' }),
    incident({ IncidentId: 'gh:B', Provider: 'github', Status: 'acknowledged', at: 123.5 * min }),
    // C: another service with no deployment of its own: no cause (tax's and checkout's are not its); MTTR 20
    incident({ IncidentId: 'pd:C', Service: 'ledger', at: 60 * min, Severity: 'sev2', Title: 'ledger lag' }),
    incident({ IncidentId: 'pd:C', Service: 'ledger', Status: 'resolved', at: 80 * min }),
    // D: resolved, then reopened: open again, no resolution, no acknowledgement
    incident({ IncidentId: 'pd:D', at: 180 * min, Severity: 'SEV3', Title: 'slow cart' }),
    incident({ IncidentId: 'pd:D', Status: 'resolved', at: 190 * min }),
    incident({ IncidentId: 'pd:D', Status: 'reopened', at: 195 * min }),
  ]);
  await api.meta
    .insertInto('alert_transitions')
    .values([
      alert('checkout-old', 'checkout', 'pending', 'firing', -25 * 60 * min), // before the 24h lookback of every incident
      alert('checkout-availability', 'checkout', 'pending', 'firing', -4 * min),
      alert('checkout-availability', 'checkout', 'firing', 'resolved', 50 * min),
      alert('tax-latency', 'tax', 'pending', 'firing', -2 * min), // a callee's alert: on the timeline, not checkout's signal
      alert('search-latency', 'search', 'pending', 'firing', -3 * min),
    ])
    .execute();
  await recordSeenServices({ db: api.meta, input: ['checkout', 'ledger', 'tax'].map((name) => ({ name, firstSeen: new Date(T - 86_400_000), lastSeen: new Date(T) })) });
  await api.meta.updateTable('services').set({ team: 'payments' }).where('name', 'in', ['checkout', 'tax']).execute();

  // checkout calls tax (a Client span whose child is a tax Server span) and serves requests,
  // two of four failing in the minute before the incident.
  const client = span('checkout', 'Client', -60_000);
  const spans = [
    client,
    span('tax', 'Server', -59_000, { TraceId: client.TraceId, ParentSpanId: client.SpanId }),
    // search serves a request with no caller in checkout: not downstream
    span('search', 'Server', -59_000),
    ...[0, 1, 2, 3].map((i) => span('checkout', 'Server', -60_000 + i * 10_000, { StatusCode: i < 2 ? 'Error' : 'Ok' })),
  ];
  await api.insert('otel_traces', spans);
});
afterAll(async () => {
  await api?.close();
});

const range = `from=${T - 60 * min}&to=${T + 240 * min}`;

describe('GET /api/v1/incidents', () => {
  it('lists incidents newest first with status, cause and MTTA/MTTR/MTTD, and their medians', async () => {
    const { status, body } = await api.get<IncidentsResult>(`/api/v1/incidents?${range}`);
    expect(status).toBe(200);
    expect(body.truncated).toBe(false);
    expect(body.incidents.map((i) => [i.id, i.status, i.cause, i.mttaMinutes, i.mttrMinutes, i.mttdMinutes])).toEqual([
      ['pd:D', 'open', { deploymentId: 'dep:c2', method: 'heuristic', finishedAt: iso(-30 * min) }, null, null, 184],
      ['gh:B', 'acknowledged', { deploymentId: 'dep:c1', method: 'explicit', finishedAt: iso(-180 * min) }, 3.5, null, 124],
      ['pd:C', 'resolved', null, null, 20, null],
      ['pd:A', 'resolved', { deploymentId: 'dep:c2', method: 'heuristic', finishedAt: iso(-30 * min) }, 6, 45, 4],
    ]);
    expect(body.incidents[3]).toEqual({
      id: 'pd:A', provider: 'pagerduty', service: 'checkout', title: 'checkout 500s', severity: 'SEV2', status: 'resolved',
      openedAt: iso(0), acknowledgedAt: iso(6 * min), resolvedAt: iso(45 * min), url: 'https://pd.example/A',
      cause: { deploymentId: 'dep:c2', method: 'heuristic', finishedAt: iso(-30 * min) }, mttaMinutes: 6, mttrMinutes: 45, mttdMinutes: 4,
    });
    // MTTA of 6 and 3.5; MTTR of 45 and 20; MTTD of 4, 124 and 184
    expect(body.summary).toEqual({
      count: 4,
      mttaMinutes: { median: 4.75, samples: 2 },
      mttrMinutes: { median: 32.5, samples: 2 },
      mttdMinutes: { median: 124, samples: 3 },
    });
  });

  it('filters by service, team, severity (any case), status and range, and caps with limit', async () => {
    const ids = async (q: string) => (await api.get<IncidentsResult>(`/api/v1/incidents?${range}&${q}`)).body.incidents.map((i) => i.id);
    expect(await ids('service=ledger')).toEqual(['pd:C']);
    expect(await ids('team=payments')).toEqual(['pd:D', 'gh:B', 'pd:A']);
    expect(await ids('team=nobody')).toEqual([]);
    expect(await ids('severity=SEV2')).toEqual(['pd:C', 'pd:A']);
    expect(await ids('status=open')).toEqual(['pd:D']);
    expect(await ids('status=acknowledged')).toEqual(['gh:B']);
    expect(await ids('status=resolved&service=checkout')).toEqual(['pd:A']);
    const late = await api.get<IncidentsResult>(`/api/v1/incidents?from=${T + 100 * min}&to=${T + 240 * min}`);
    expect(late.body.incidents.map((i) => i.id)).toEqual(['pd:D', 'gh:B']);
    const limited = await api.get<IncidentsResult>(`/api/v1/incidents?${range}&limit=1`);
    expect(limited.body.incidents.map((i) => i.id)).toEqual(['pd:D']);
    expect(limited.body.truncated).toBe(true);
  });

  it('says "no data" as nulls for an empty range, and 400 naming a bad parameter or too long a range', async () => {
    const empty = await api.get<IncidentsResult>(`/api/v1/incidents?from=${T - 600 * min}&to=${T - 300 * min}`);
    expect(empty.body).toEqual({
      range: { from: T - 600 * min, to: T - 300 * min }, incidents: [], truncated: false,
      summary: { count: 0, mttaMinutes: { median: null, samples: 0 }, mttrMinutes: { median: null, samples: 0 }, mttdMinutes: { median: null, samples: 0 } },
    });
    const bad = await api.get<{ message: string }>(`/api/v1/incidents?${range}&status=closed`);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('status');
    const long = await api.get<{ message: string }>(`/api/v1/incidents?from=now-500d&to=now`);
    expect(long.status).toBe(400);
    expect(long.body.message).toContain('OCTOLENS_QUERY_MAX_LONG_RANGE_DAYS');
  });
});

describe('GET /api/v1/incidents/:id', () => {
  it('merges the incident, the deploys and alerts of its service and of the services it calls, with the first signal', async () => {
    const { status, body } = await api.get<IncidentDetail>('/api/v1/incidents/pd:A');
    expect(status).toBe(200);
    expect(body.incident.cause).toEqual({ deploymentId: 'dep:c2', method: 'heuristic', finishedAt: iso(-30 * min) });
    expect(body.transitions).toEqual([
      { status: 'triggered', at: iso(0) },
      { status: 'acknowledged', at: iso(6 * min) },
      { status: 'resolved', at: iso(45 * min) },
    ]);
    expect(body.firstSignal).toEqual({ sloId: 'checkout-availability', name: 'checkout availability', severity: 'page', at: iso(-4 * min) });
    expect(body.incident.mttdMinutes).toBe(4);
    expect(body.downstream).toEqual(['tax']);
    // an hour before the opening (the cause, at −30m, is later), to 30 minutes after the resolution
    expect(body.window).toEqual({ from: T - 60 * min, to: T + 75 * min });
    expect(body.timeline.map((e) => [e.time, e.kind, e.relation, e.label, e.cause ?? false])).toEqual([
      [iso(-30 * min), 'deploy', 'service', 'checkout deploy bbbbbbb', true],
      [iso(-10 * min), 'deploy', 'downstream', 'tax deploy', false],
      [iso(-4 * min), 'alert', 'service', 'checkout availability firing', false],
      [iso(-2 * min), 'alert', 'downstream', 'tax availability firing', false],
      [iso(0), 'incident', 'incident', 'incident triggered SEV2: checkout 500s', false],
      [iso(6 * min), 'incident', 'incident', 'incident acknowledged SEV2: checkout 500s', false],
      [iso(45 * min), 'incident', 'incident', 'incident resolved SEV2: checkout 500s', false],
      [iso(50 * min), 'alert', 'service', 'checkout availability resolved', false],
    ]);
    expect(body.timeline[0]!.url).toBe('https://ci.example/checkout/2');
    // the error rate: 2 of the 4 requests in the minute before the opening failed
    const fields = Object.fromEntries(body.series.schema!.fields.map((f, i) => [f.name, body.series.data!.values[i]!]));
    expect(body.step).toBe(120); // about 120 points over 135 minutes
    const at = (fields.time as number[]).indexOf(T - 120_000);
    expect(at).toBeGreaterThanOrEqual(0);
    expect((fields.errorRatio as number[])[at]).toBe(0.5);
  });

  it('reaches back to an explicit cause, and says 404 for an unknown id', async () => {
    const { body } = await api.get<IncidentDetail>('/api/v1/incidents/gh:B');
    expect(body.incident.status).toBe('acknowledged');
    expect(body.incident.cause?.method).toBe('explicit');
    // 15 minutes before the cause deployment, three hours before the opening
    expect(body.window.from).toBe(T - 195 * min);
    expect(body.timeline.find((e) => e.cause)?.id).toBe('dep:c1');
    const missing = await api.get<{ code: string; message: string }>('/api/v1/incidents/pd:nope');
    expect(missing.status).toBe(404);
    expect(missing.body.message).toBe('no incident "pd:nope"');
  });
});
