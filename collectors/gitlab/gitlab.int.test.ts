/**
 * GitLab deliveries into real chDB through the queue and writer: rows land as mapped, and a
 * redelivery changes nothing, inside the queue's dedup window (not inserted) and past it
 * (inserted again, collapsed by the tables' ReplacingMergeTree keys: readers use FINAL).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TelemetryStore } from '../../server/storage/index.js';
import { startStorePipeline, type StorePipeline } from '../../test/support/pipeline.js';
import { gitlabConfigSchema } from './config.js';
import { gitlabRoutes } from './routes.js';

const TOKEN = 'octolens-hook-secret-7Qm2';
const M = '51dbee7d47ade242889af6cacfa01b9c2fec76e5';

let store: TelemetryStore;
let pipeline: StorePipeline;

beforeAll(async () => {
  const config = gitlabConfigSchema.parse({ webhookToken: TOKEN, repoServices: 'acme/payments/checkout-api=checkout' });
  pipeline = await startStorePipeline({ routes: (deps) => gitlabRoutes(config, deps), queue: { dedupWindowMs: 300, flushIntervalMs: 20 } });
  store = pipeline.store;
});

afterAll(async () => {
  await pipeline?.close();
});

const fixture = (name: string) => readFileSync(new URL(`./testdata/${name}.json`, import.meta.url), 'utf8');
const post = (body: string, event: string, token = TOKEN) =>
  fetch(`${pipeline.url}/ingest/gitlab`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Gitlab-Event': event, 'X-Gitlab-Token': token }, body });

describe('GitLab webhooks on chDB', () => {
  it('stores a deployment, a merge and an incident exactly, and each redelivery once, inside and past the dedup window', async () => {
    const deliveries: Array<[string, string]> = [
      ['deployment-running', 'Deployment Hook'],
      ['deployment-success', 'Deployment Hook'],
      ['merge-request-merged', 'Merge Request Hook'],
      ['incident-opened', 'Issue Hook'],
    ];
    for (const [name, event] of deliveries) expect((await post(fixture(name), event)).status).toBe(200);
    for (const [name, event] of deliveries) expect((await post(fixture(name), event)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 400));
    // Past the window the queue has forgotten the keys: the rows are inserted again.
    for (const [name, event] of deliveries) expect((await post(fixture(name), event)).status).toBe(200);
    // A wrong token stores nothing.
    expect((await post(fixture('deployment-failed-staging'), 'Deployment Hook', 'wrong')).status).toBe(401);

    const ids = deliveries.map(([name]) => `'${createHash('sha256').update(fixture(name)).digest('hex')}'`).join(',');
    const raw = await store.query<{ n: string; all: string }>(
      `SELECT (SELECT count() FROM raw_events FINAL WHERE Source = 'gitlab' AND DeliveryId IN (${ids})) AS n,
              (SELECT count() FROM raw_events WHERE Source = 'gitlab') AS all`,
    );
    expect(Number(raw[0]!.n)).toBe(4);
    // Without FINAL, copies inserted past the window may still sit in their own parts (or were
    // dropped by the insert's deduplication token, when the batch came out the same): never fewer.
    expect(Number(raw[0]!.all)).toBeGreaterThanOrEqual(4);

    const deployments = await store.query(
      `SELECT DeploymentId, Service, Environment, IsProduction, Status, toString(ReportedAt) AS reported, toString(StartedAt) AS started,
              toString(FinishedAt) AS finished, CommitSha FROM deployments FINAL WHERE Source = 'gitlab' ORDER BY ReportedAt`,
    );
    expect(deployments).toEqual([
      { DeploymentId: 'gitlab:acme/payments/checkout-api:1042', Service: 'checkout', Environment: 'production', IsProduction: true, Status: 'in_progress',
        reported: '2026-03-02 10:40:02.000', started: '2026-03-02 10:40:02.000', finished: '1970-01-01 00:00:00.000', CommitSha: M },
      { DeploymentId: 'gitlab:acme/payments/checkout-api:1042', Service: 'checkout', Environment: 'production', IsProduction: true, Status: 'success',
        reported: '2026-03-02 10:43:37.000', started: '1970-01-01 00:00:00.000', finished: '2026-03-02 10:43:37.000', CommitSha: M },
    ]);
    const changes = await store.query(
      `SELECT CommitSha, Branch, toString(CommittedAt) AS committed, PrNumber, toString(PrCreatedAt) AS created, toString(PrMergedAt) AS merged, MergeCommitSha
       FROM changes FINAL WHERE Source = 'gitlab' ORDER BY CommittedAt`,
    );
    expect(changes).toEqual([
      { CommitSha: '5716d7336138829b5bf5072f48683e51d4a77006', Branch: 'fix/tax-rounding', committed: '2026-03-02 09:05:52.000', PrNumber: 87,
        created: '2026-03-02 09:10:03.000', merged: '2026-03-02 10:31:40.000', MergeCommitSha: M },
      { CommitSha: M, Branch: 'fix/tax-rounding', committed: '2026-03-02 10:31:40.000', PrNumber: 87, created: '2026-03-02 09:10:03.000', merged: '2026-03-02 10:31:40.000', MergeCommitSha: M },
    ]);
    const incidents = await store.query(
      `SELECT IncidentId, Service, Status, toString(At) AS at, Severity, CauseCommitSha FROM incidents FINAL WHERE Provider = 'gitlab'`,
    );
    expect(incidents).toEqual([
      { IncidentId: 'gitlab:acme/payments/checkout-api#311', Service: 'checkout', Status: 'triggered', at: '2026-03-02 11:52:10.000', Severity: 'critical', CauseCommitSha: M },
    ]);
  });
});
