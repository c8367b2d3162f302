/**
 * CDEvents into real chDB through the queue and writer: deployments, changes and incidents
 * land as derived, and a redelivery changes nothing, whether it comes in the same or the
 * other CloudEvents mode, inside the queue's dedup window and past it (readers use FINAL).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TelemetryStore } from '../../server/storage/index.js';
import { startStorePipeline, type StorePipeline } from '../../test/support/pipeline.js';
import { cdeventsConfigSchema } from './config.js';
import { cdeventsRoutes } from './routes.js';

const TOKEN = 'cdv-int-81f2';
let store: TelemetryStore;
let pipeline: StorePipeline;

beforeAll(async () => {
  const config = cdeventsConfigSchema.parse({ token: TOKEN, repoServices: 'acme/checkout-api=checkout-api' });
  pipeline = await startStorePipeline({ routes: (deps) => cdeventsRoutes(config, deps), queue: { dedupWindowMs: 1500, flushIntervalMs: 20 } });
  store = pipeline.store;
});

afterAll(async () => {
  await pipeline?.close();
});

const bytes = (name: string) => readFileSync(new URL(`./testdata/${name}.json`, import.meta.url));
const structured = (name: string, token = TOKEN) =>
  fetch(`${pipeline.url}/ingest/cdevents`, { method: 'POST', headers: { 'Content-Type': 'application/cloudevents+json', Authorization: `Bearer ${token}` }, body: bytes(name) });
const binary = (name: string) => {
  const event = JSON.parse(bytes(name).toString('utf8')) as { id: string; source: string; type: string; data: unknown };
  return fetch(`${pipeline.url}/ingest/cdevents`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}`, 'ce-specversion': '1.0', 'ce-id': event.id, 'ce-source': event.source, 'ce-type': event.type },
    body: JSON.stringify(event.data),
  });
};

describe('CDEvents on chDB', () => {
  it('stores what each event derives once, however often and in whichever mode it is delivered', async () => {
    expect((await structured('service-deployed')).status).toBe(200);
    // the same event in the other mode, inside the window: answered from the queue
    expect((await binary('service-deployed')).status).toBe(200);
    for (const name of ['change-created', 'incident-detected', 'service-rolledback', 'incident-resolved', 'pipelinerun-finished']) expect((await structured(name)).status).toBe(200);
    expect((await structured('service-upgraded', 'wrong-token')).status).toBe(401);
    await new Promise((r) => setTimeout(r, 1600));
    // Past the window the queue has forgotten the keys: the rows are inserted again, in binary mode.
    expect((await binary('service-deployed')).status).toBe(200);
    expect((await binary('incident-detected')).status).toBe(200);

    const raw = await store.query<{ DeliveryId: string; n: string }>("SELECT DeliveryId, count() AS n FROM raw_events FINAL WHERE Source = 'cdevents' GROUP BY DeliveryId ORDER BY DeliveryId");
    expect(raw.map((r) => [r.DeliveryId, Number(r.n)])).toEqual([
      ['/alerting/prod-eu-1:0c6f4a2e-5b91-4d8c-a3e7-9f1b2d4c6e80', 1],
      ['/alerting/prod-eu-1:e4a1c8d6-3f2b-4a90-b7e5-6d8c0f2a4b17', 1],
      ['/argocd/prod-eu-1:3f9e2c1a-7b4d-4e0a-9c55-1d2e8f6a0b71', 1],
      ['/argocd/prod-eu-1:c02d6b9e-41f8-4a37-b6e0-8f1c3a5d7e92', 1],
      ['/tekton/ci:d9f0b2a4-6c8e-4f1a-9b3d-5e7a0c2e4f68', 1],
      ['https%3A//review.acme.dev:gerrit-8841-created', 1],
    ]);
    const unmerged = await store.query<{ n: string }>("SELECT count() AS n FROM raw_events WHERE DeliveryId = '/argocd/prod-eu-1:3f9e2c1a-7b4d-4e0a-9c55-1d2e8f6a0b71'");
    expect(Number(unmerged[0]!.n)).toBe(2);
    const deployments = await store.query(
      `SELECT DeploymentId, Service, Environment, IsProduction, Status, toString(FinishedAt) AS finished, CommitSha, Kind, RollbackOf
       FROM deployments FINAL WHERE Source = 'cdevents' ORDER BY FinishedAt`,
    );
    expect(deployments).toEqual([
      {
        DeploymentId: 'cdevents:/argocd/prod-eu-1:3f9e2c1a-7b4d-4e0a-9c55-1d2e8f6a0b71', Service: 'checkout-api', Environment: 'production', IsProduction: true, Status: 'success',
        finished: '2026-11-30 10:04:30.250', CommitSha: '9f3c1e27b4d85a06c2e91f4b7d3a58e0c6b21f94', Kind: 'planned', RollbackOf: '',
      },
      {
        DeploymentId: 'cdevents:/argocd/prod-eu-1:c02d6b9e-41f8-4a37-b6e0-8f1c3a5d7e92', Service: 'checkout-api', Environment: 'production', IsProduction: true, Status: 'success',
        finished: '2026-11-30 10:49:03.004', CommitSha: '41d0b8a3e6f29c75d1a04be8c3f7e5921a6d0c3b', Kind: 'rollback', RollbackOf: '41d0b8a3e6f29c75d1a04be8c3f7e5921a6d0c3b',
      },
    ]);
    const changes = await store.query(`SELECT Repo, CommitSha, Service, toString(CommittedAt) AS committed FROM changes FINAL WHERE Source = 'cdevents'`);
    expect(changes).toEqual([{ Repo: 'acme/checkout-api', CommitSha: '2b7e9d41c06a58f3e1d24b9c7a0f6e385d1c4b2a', Service: 'checkout-api', committed: '2026-11-29 08:12:40.000' }]);
    const incidents = await store.query(
      `SELECT IncidentId, Service, Status, toString(At) AS at, toString(CreatedAt) AS created, Severity, CauseCommitSha FROM incidents FINAL WHERE Provider = 'cdevents' ORDER BY At`,
    );
    expect(incidents).toEqual([
      { IncidentId: 'cdevents:INC-2026-1130-01', Service: 'checkout-api', Status: 'triggered', at: '2026-11-30 10:20:00.000', created: '2026-11-30 10:20:00.000', Severity: 'critical', CauseCommitSha: '9f3c1e27b4d85a06c2e91f4b7d3a58e0c6b21f94' },
      { IncidentId: 'cdevents:INC-2026-1130-01', Service: 'checkout-api', Status: 'resolved', at: '2026-11-30 11:05:00.000', created: '1970-01-01 00:00:00.000', Severity: '', CauseCommitSha: '' },
    ]);
  });
});
