/**
 * The events API into real chDB through the queue and writer: rows land as sent, and a
 * redelivery changes nothing, inside the queue's dedup window (not inserted) and past it
 * (inserted, then collapsed by the tables' ReplacingMergeTree keys: readers use FINAL).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TelemetryStore } from '../../server/storage/index.js';
import { startStorePipeline, type StorePipeline } from '../../test/support/pipeline.js';
import { eventsConfigSchema } from './config.js';
import { eventsRoutes } from './routes.js';

let store: TelemetryStore;
let pipeline: StorePipeline;

beforeAll(async () => {
  pipeline = await startStorePipeline({ routes: (deps) => eventsRoutes(eventsConfigSchema.parse({}), deps), queue: { dedupWindowMs: 300, flushIntervalMs: 20 } });
  store = pipeline.store;
});

afterAll(async () => {
  await pipeline?.close();
});

const post = (body: unknown, key: string) =>
  fetch(`${pipeline.url}/ingest/events`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key }, body: JSON.stringify(body) });

describe('events API on chDB', () => {
  it('stores deployments, changes and incidents exactly, and a redelivery once, inside and past the dedup window', async () => {
    const body = {
      deployments: [
        { id: 'deploy-1', service: 'billing', environment: 'production', status: 'success', startedAt: '2026-11-30T10:00:00Z', finishedAt: '2026-11-30T10:04:30.250Z', commit: 'abcdef1234567', commits: ['abcdef1234567', '1234567abcdef'], kind: 'rollback', rollbackOf: 'deploy-0' },
      ],
      changes: [{ repo: 'acme/billing', sha: '1234567abcdef', committedAt: '2026-11-29T08:00:00Z', pr: { number: 3, mergedAt: '2026-11-30T09:00:00Z' } }],
      incidents: [
        { id: 'inc-1', service: 'billing', status: 'triggered', at: '2026-11-30T10:20:00Z' },
        { id: 'inc-1', service: 'billing', status: 'resolved', at: '2026-11-30T11:05:00Z', createdAt: '2026-11-30T10:20:00Z' },
      ],
    };
    expect((await post(body, 'billing-1')).status).toBe(200);
    expect((await post(body, 'billing-1')).status).toBe(200);
    await new Promise((r) => setTimeout(r, 400));
    // Past the window the queue has forgotten the key: the rows are inserted again, and the
    // tables' keys collapse them (raw_events keeps the latest copy, by ReceivedAt).
    const resentAt = Date.now();
    expect((await post(body, 'billing-1')).status).toBe(200);

    const raw = await store.query<{ n: number; received: number }>(
      "SELECT count() AS n, max(toUnixTimestamp64Milli(ReceivedAt)) AS received FROM raw_events FINAL WHERE DeliveryId = 'billing-1'",
    );
    expect(Number(raw[0]!.n)).toBe(1);
    expect(Number(raw[0]!.received)).toBeGreaterThanOrEqual(resentAt);
    const deployments = await store.query(
      `SELECT DeploymentId, Service, Environment, IsProduction, Status, toString(StartedAt) AS started, toString(FinishedAt) AS finished,
              CommitSha, CommitShas, Kind, RollbackOf FROM deployments FINAL WHERE Service = 'billing'`,
    );
    expect(deployments).toEqual([
      {
        DeploymentId: 'deploy-1', Service: 'billing', Environment: 'production', IsProduction: true, Status: 'success',
        started: '2026-11-30 10:00:00.000', finished: '2026-11-30 10:04:30.250', CommitSha: 'abcdef1234567', CommitShas: ['abcdef1234567', '1234567abcdef'],
        Kind: 'rollback', RollbackOf: 'deploy-0',
      },
    ]);
    const changes = await store.query(
      `SELECT Service, CommitSha, toString(CommittedAt) AS committed, PrNumber, toString(PrMergedAt) AS merged FROM changes FINAL WHERE Repo = 'acme/billing'`,
    );
    expect(changes).toEqual([{ Service: 'billing', CommitSha: '1234567abcdef', committed: '2026-11-29 08:00:00.000', PrNumber: 3, merged: '2026-11-30 09:00:00.000' }]);
    const incidents = await store.query(
      `SELECT Status, toString(At) AS at, toString(CreatedAt) AS created FROM incidents FINAL WHERE IncidentId = 'inc-1' ORDER BY At`,
    );
    expect(incidents).toEqual([
      { Status: 'triggered', at: '2026-11-30 10:20:00.000', created: '2026-11-30 10:20:00.000' },
      { Status: 'resolved', at: '2026-11-30 11:05:00.000', created: '2026-11-30 10:20:00.000' },
    ]);
  });
});
