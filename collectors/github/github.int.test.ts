/**
 * Signed GitHub deliveries into real chDB through the queue and writer: the rows land as
 * normalise.ts says, a refused signature stores nothing, and a redelivery (same
 * X-GitHub-Delivery) changes nothing, inside the queue's dedup window (not inserted) and past
 * it (inserted again, collapsed by the tables' ReplacingMergeTree keys: readers use FINAL).
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TelemetryStore } from '../../server/storage/index.js';
import { startStorePipeline, type StorePipeline } from '../../test/support/pipeline.js';
import { githubConfigSchema } from './config.js';
import { githubRoutes } from './routes.js';

const SECRET = 'int-test-secret';
let store: TelemetryStore;
let pipeline: StorePipeline;

beforeAll(async () => {
  const config = githubConfigSchema.parse({ webhookSecret: SECRET, repoServices: { 'acme/checkout-api': 'checkout' } });
  pipeline = await startStorePipeline({ routes: (deps) => githubRoutes(config, deps), queue: { dedupWindowMs: 300, flushIntervalMs: 20 } });
  store = pipeline.store;
});

afterAll(async () => {
  await pipeline?.close();
});

const fixture = (name: string) => readFileSync(new URL(`./testdata/${name}.json`, import.meta.url), 'utf8');
const deliver = (event: string, body: string, deliveryId: string, secret = SECRET) =>
  fetch(`${pipeline.url}/ingest/github`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'X-GitHub-Event': event,
      'X-GitHub-Delivery': deliveryId,
      'X-Hub-Signature-256': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
    },
    body,
  });

const count = async (sql: string) => Number((await store.query<{ n: string }>(sql))[0]!.n);

describe('GitHub webhooks on chDB', () => {
  it('stores a release story exactly, a redelivery once inside and past the dedup window, and nothing for a bad signature', async () => {
    const story: Array<[string, string, string]> = [
      ['push', 'push', 'a1f0c3e0-0001-11f1-8000-000000000001'],
      ['pull_request', 'pull_request_closed', 'a1f0c3e0-0002-11f1-8000-000000000002'],
      ['deployment', 'deployment', 'a1f0c3e0-0003-11f1-8000-000000000003'],
      ['deployment_status', 'deployment_status', 'a1f0c3e0-0004-11f1-8000-000000000004'],
      ['issues', 'issues_opened', 'a1f0c3e0-0005-11f1-8000-000000000005'],
      ['issues', 'issues_closed', 'a1f0c3e0-0006-11f1-8000-000000000006'],
      ['ping', 'ping', 'a1f0c3e0-0007-11f1-8000-000000000007'],
    ];
    for (const [event, file, id] of story) expect((await deliver(event, fixture(file), id)).status).toBe(200);
    // GitHub's "Redeliver": the same delivery id and body, once at once and once past the window.
    const [event, file, id] = story[3]!;
    expect((await deliver(event, fixture(file), id)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 400));
    const secondRound = Date.now();
    for (const [e, f, i] of story) expect((await deliver(e, fixture(f), i)).status).toBe(200);
    expect((await deliver('push', fixture('push'), 'a1f0c3e0-0099-11f1-8000-000000000099', 'wrong')).status).toBe(401);

    expect(await count("SELECT count() AS n FROM raw_events FINAL WHERE Source = 'github'")).toBe(7);
    // Past the window the queue had forgotten the ids, so the copies were inserted again; the
    // table keeps the latest copy of each (ReplacingMergeTree(ReceivedAt)), whether merged yet or not.
    expect(await count(`SELECT count() AS n FROM raw_events FINAL WHERE Source = 'github' AND ReceivedAt >= fromUnixTimestamp64Milli(${secondRound})`)).toBe(7);
    expect(await count("SELECT count() AS n FROM raw_events WHERE DeliveryId = 'a1f0c3e0-0099-11f1-8000-000000000099'")).toBe(0);

    expect(
      await store.query(
        `SELECT DeploymentId, Service, Repo, Environment, IsProduction, Status, toString(ReportedAt) AS reported, toString(StartedAt) AS started,
                toString(FinishedAt) AS finished, CommitSha, Kind, Url FROM deployments FINAL WHERE Source = 'github' ORDER BY ReportedAt`,
      ),
    ).toEqual([
      {
        DeploymentId: 'github:acme/checkout-api:1234567890', Service: 'checkout', Repo: 'acme/checkout-api', Environment: 'production', IsProduction: true,
        Status: 'pending', reported: '2026-11-30 10:00:00.000', started: '2026-11-30 10:00:00.000', finished: '1970-01-01 00:00:00.000',
        CommitSha: '9f3c2a7e5b1d4c8a6e0f2b3d5a7c9e1f4b6d8a0c', Kind: 'planned', Url: '',
      },
      {
        DeploymentId: 'github:acme/checkout-api:1234567890', Service: 'checkout', Repo: 'acme/checkout-api', Environment: 'production', IsProduction: true,
        Status: 'success', reported: '2026-11-30 10:04:30.000', started: '2026-11-30 10:00:00.000', finished: '2026-11-30 10:04:30.000',
        CommitSha: '9f3c2a7e5b1d4c8a6e0f2b3d5a7c9e1f4b6d8a0c', Kind: 'planned', Url: 'https://github.com/acme/checkout-api/actions/runs/12000000001/job/33000000001',
      },
    ]);

    expect(
      await store.query(
        `SELECT CommitSha, Branch, toString(CommittedAt) AS committed, PrNumber, toString(PrCreatedAt) AS created, toString(PrMergedAt) AS merged, MergeCommitSha
         FROM changes FINAL WHERE Repo = 'acme/checkout-api' ORDER BY CommittedAt`,
      ),
    ).toEqual([
      { CommitSha: '3e1b5c7d9f0a2b4c6d8e0f1a3b5c7d9e1f2a4b6c', Branch: 'fix-tax', committed: '2026-11-29 08:00:00.000', PrNumber: 0, created: '1970-01-01 00:00:00.000', merged: '1970-01-01 00:00:00.000', MergeCommitSha: '' },
      { CommitSha: '7a9c1e3f5b7d9f1a3c5e7b9d1f3a5c7e9b1d3f5a', Branch: 'fix-tax', committed: '2026-11-29 16:15:30.000', PrNumber: 0, created: '1970-01-01 00:00:00.000', merged: '1970-01-01 00:00:00.000', MergeCommitSha: '' },
      {
        CommitSha: '9f3c2a7e5b1d4c8a6e0f2b3d5a7c9e1f4b6d8a0c', Branch: 'fix-tax', committed: '2026-11-30 09:00:00.000', PrNumber: 17, created: '2026-11-29 08:30:00.000',
        merged: '2026-11-30 09:00:00.000', MergeCommitSha: '9f3c2a7e5b1d4c8a6e0f2b3d5a7c9e1f4b6d8a0c',
      },
    ]);

    // The opening is restated by the close: one triggered row, one resolved.
    expect(
      await store.query(
        `SELECT IncidentId, Service, Status, toString(At) AS at, toString(CreatedAt) AS created, Severity, CauseCommitSha
         FROM incidents FINAL WHERE Provider = 'github' ORDER BY At`,
      ),
    ).toEqual([
      { IncidentId: 'github:acme/checkout-api#42', Service: 'checkout', Status: 'triggered', at: '2026-11-30 10:20:00.000', created: '2026-11-30 10:20:00.000', Severity: 'sev2', CauseCommitSha: '9f3c2a7e5b1d4c8a6e0f2b3d5a7c9e1f4b6d8a0c' },
      { IncidentId: 'github:acme/checkout-api#42', Service: 'checkout', Status: 'resolved', at: '2026-11-30 11:05:00.000', created: '2026-11-30 10:20:00.000', Severity: 'sev2', CauseCommitSha: '9f3c2a7e5b1d4c8a6e0f2b3d5a7c9e1f4b6d8a0c' },
    ]);
  });

  it('a commit re-pushed to main (distinct: false) keeps the branch of its first push', async () => {
    const sha = 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00';
    const push = (branch: string, distinct: boolean, id: string) => {
      const body = JSON.parse(fixture('push')) as { ref: string; commits: Array<Record<string, unknown>> };
      body.ref = `refs/heads/${branch}`;
      body.commits = [{ ...body.commits[0], id: sha, distinct }];
      return deliver('push', JSON.stringify(body), id);
    };
    expect((await push('fix-vat', true, 'b2000000-0001-11f1-8000-000000000001')).status).toBe(200);
    expect((await push('main', false, 'b2000000-0002-11f1-8000-000000000002')).status).toBe(200);
    expect(await store.query(`SELECT Branch FROM changes FINAL WHERE CommitSha = '${sha}'`)).toEqual([{ Branch: 'fix-vat' }]);
  });
});
