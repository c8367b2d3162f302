import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DoraResult } from '../../shared/api.js';
import { createApp } from '../api/app.js';
import { D, H, insertDoraHistory, T0 } from '../api/routes/dora/history.js';
import { openTestApi, type TestApi } from '../api/routes/testing.js';
import { formatMillis } from '../storage/rows.js';
import { createHubMetrics } from '../telemetry/metrics.js';
import { createDeliveryFacts, FactsPendingError } from './rollup.js';

// The history of ../api/routes/dora/history.ts, whose figures dora.int.test.ts checks; here
// what changes when an event arrives after the facts were derived.
let api: TestApi;
beforeAll(async () => {
  api = await openTestApi();
  await insertDoraHistory(api);
});
afterAll(async () => {
  await api?.close();
});

const week = `from=${T0}&to=${T0 + 7 * D}`;
const dora = async () => (await api.get<DoraResult>(`/api/v1/dora?${week}`)).body;

describe('DORA facts rollup', () => {
  it('derives the facts on the first read, then takes a later status into account', async () => {
    expect((await dora()).deploymentFrequency.deployments).toBe(6);

    // D5 (T0+4d 10:00) reported failed half an hour later: it never shipped c6, R1 rolled back
    // nothing that counts, and I4 (cause c6, now in no deployment) falls back to the heuristic
    // link: R1, 30 min before it opened. Deployments D1 D3 D4 R1 L1; failed D1 (I2), D3 (I1),
    // R1 (I4); lead [15 60 60 120 180 420 480 1440] without c6; recovery [60 180 5280].
    const failed = {
      DeploymentId: 'D5', Source: 'events', Service: 'checkout', Repo: 'acme/checkout', Environment: 'production', IsProduction: true,
      Status: 'failure' as const, ReportedAt: formatMillis(T0 + 4 * D + 10.5 * H), StartedAt: formatMillis(T0 + 4 * D + 9.5 * H),
      FinishedAt: formatMillis(T0 + 4 * D + 10 * H), CommitSha: 'c6', CommitShas: [], Artifact: '', Kind: 'planned' as const, RollbackOf: '', Url: '', DeliveryId: 'late',
    };
    await api.insert('deployments', [failed]);
    const after = await dora();
    expect(after.deploymentFrequency).toEqual({ deployments: 5, deploymentDays: 4, perDay: 5 / 7, perWeek: 5 });
    expect(after.changeFailureRate).toEqual({ value: 3 / 5, failedDeployments: 3, deployments: 5, rolledBack: 0, causedIncident: 3 });
    expect(after.leadTimeMinutes).toEqual({ median: 150, p90: 768, samples: 8, droppedNegative: 1 });
    expect(after.failedDeploymentRecoveryMinutes).toEqual({ median: 180, p90: 4260, samples: 3, unresolved: 0 });
    expect(after.incidentLinks).toEqual({ explicit: 1, heuristic: 2 });
    const d5 = (await api.get<{ items: Array<{ id: string; status: string; counted: boolean }> }>(`/api/v1/dora/deployments?${week}`)).body.items.find((d) => d.id === 'D5');
    expect(d5).toMatchObject({ status: 'failure', counted: false });

    // the same event again changes nothing
    await api.insert('deployments', [failed]);
    expect(await dora()).toEqual(after);
  });

  it('re-links every incident when the link window changes, with no new event', async () => {
    const method = async (id: string) =>
      (await api.store.query<{ m: string }>(`SELECT Method AS m FROM delivery_incident_facts FINAL WHERE Target = '' AND IncidentId = {id:String}`, { id }))[0]?.m;
    expect(await method('I1')).toBe('heuristic');
    // I1 opened 2 h after D3: inside 24 h, outside 1 h
    await createDeliveryFacts({ store: api.store, linkWindowMs: H }).fresh();
    expect(await method('I1')).toBe('');
    await createDeliveryFacts({ store: api.store, linkWindowMs: D }).fresh();
    expect(await method('I1')).toBe('heuristic');
  });

  it('answers 503 with Retry-After while a derivation runs past the wait', async () => {
    await api.insert('incidents', [{
      IncidentId: 'I9', Provider: 'events', Service: 'ledger', Status: 'triggered', At: formatMillis(T0 + 6 * D), CreatedAt: formatMillis(T0 + 6 * D),
      Severity: 'sev3', Title: 'I9', CauseDeploymentId: '', CauseCommitSha: '', Url: '', DeliveryId: 'i9',
    }]);
    const impatient = createDeliveryFacts({ store: api.store, linkWindowMs: D, waitMs: 0 });
    await expect(impatient.fresh()).rejects.toBeInstanceOf(FactsPendingError);
    const app = createApp({ store: api.store, meta: api.meta, metrics: createHubMetrics(), isReady: async () => true, deliveryFacts: impatient });
    await api.insert('incidents', [{
      IncidentId: 'I10', Provider: 'events', Service: 'ledger', Status: 'triggered', At: formatMillis(T0 + 6 * D), CreatedAt: formatMillis(T0 + 6 * D),
      Severity: 'sev3', Title: 'I10', CauseDeploymentId: '', CauseCommitSha: '', Url: '', DeliveryId: 'i10',
    }]);
    const res = await app.request(`/api/v1/dora?${week}`);
    expect(res.status).toBe(503);
    expect(res.headers.get('Retry-After')).toBe('5');
    expect(((await res.json()) as { message: string }).message).toMatch(/^DORA facts are being derived from the stored events \(\d+ of \d+ services done\); retry shortly$/);
    // a patient reader gets both new incidents: newest first, then by id
    const incidents = (await api.get<{ incidents: Array<{ id: string }> }>(`/api/v1/incidents?from=${T0}&to=${T0 + 7 * D}&service=ledger`)).body.incidents;
    expect(incidents.map((i) => i.id)).toEqual(['I10', 'I9', 'I3']);
  });
});
