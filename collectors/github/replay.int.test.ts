/**
 * Webhook replay (docs/security.md, "Hostile input"): GitHub signs the body, not a time, so a
 * captured delivery re-sent days later passes the signature check. It must store nothing new:
 * the queue has long forgotten its key, and the tables' keys (delivery id, commit, deployment,
 * incident transition) collapse the copy onto the rows already there, on real chDB.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startStorePipeline, type StorePipeline } from '../../test/support/pipeline.js';
import { githubConfigSchema } from './config.js';
import { githubRoutes } from './routes.js';

const SECRET = 'replay-test-secret';
const DAY = 86_400_000;
let now = Date.parse('2026-11-30T12:00:00Z');
let pipeline: StorePipeline;

beforeAll(async () => {
  const config = githubConfigSchema.parse({ webhookSecret: SECRET, repoServices: { 'acme/checkout-api': 'checkout' } });
  pipeline = await startStorePipeline({ routes: (deps) => githubRoutes(config, deps, { now: () => now }), queue: { dedupWindowMs: 50, flushIntervalMs: 20 } });
});

afterAll(async () => {
  await pipeline?.close();
});

const story: Array<[event: string, file: string, deliveryId: string]> = [
  ['push', 'push', 'b7c1d2e3-0001-11f1-8000-000000000001'],
  ['pull_request', 'pull_request_closed', 'b7c1d2e3-0002-11f1-8000-000000000002'],
  ['deployment', 'deployment', 'b7c1d2e3-0003-11f1-8000-000000000003'],
  ['deployment_status', 'deployment_status', 'b7c1d2e3-0004-11f1-8000-000000000004'],
  ['issues', 'issues_opened', 'b7c1d2e3-0005-11f1-8000-000000000005'],
  ['issues', 'issues_closed', 'b7c1d2e3-0006-11f1-8000-000000000006'],
];
/** each delivery as captured on the wire: body, headers and signature, byte for byte */
const captured = story.map(([event, file, deliveryId]) => {
  const body = readFileSync(new URL(`./testdata/${file}.json`, import.meta.url), 'utf8');
  const headers = { 'Content-Type': 'application/json', 'X-GitHub-Event': event, 'X-GitHub-Delivery': deliveryId, 'X-Hub-Signature-256': `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}` };
  return { body, headers };
});
const sendAll = async () => {
  const statuses = [];
  for (const { body, headers } of captured) statuses.push((await fetch(`${pipeline.url}/ingest/github`, { method: 'POST', headers, body })).status);
  return statuses;
};

/** receive times: when a copy arrived, which is all a replay may change */
const receiveTimes = new Set(['ReceivedAt', 'ReportedAt', 'IngestedAt']);
async function stored(table: string, keepReportedAt = false) {
  const rows = await pipeline.store.query<Record<string, unknown>>(`SELECT * FROM ${table} FINAL ORDER BY ALL`);
  return rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !receiveTimes.has(k) || (keepReportedAt && k === 'ReportedAt'))));
}
// deployments and incidents carry the sender's own times in ReportedAt; changes and raw_events the arrival
const snapshot = async () => ({
  raw_events: await stored('raw_events'),
  changes: await stored('changes'),
  deployments: await stored('deployments', true),
  incidents: await stored('incidents', true),
});

it('stores nothing new when a signed delivery is replayed three days later', async () => {
  expect(await sendAll()).toEqual([200, 200, 200, 200, 200, 200]);
  const before = await snapshot();
  expect([before.raw_events.length, before.changes.length, before.deployments.length, before.incidents.length]).toEqual([6, 3, 2, 2]);

  // past the queue's dedup window (50 ms here, 10 min by default), so the copies reach the store
  await new Promise((r) => setTimeout(r, 100));
  now += 3 * DAY;
  expect(await sendAll()).toEqual([200, 200, 200, 200, 200, 200]);

  expect(await snapshot()).toEqual(before);
  // the copies were stored (each raw event's newest copy is the replay's), and collapsed onto the same keys
  const replayed = await pipeline.store.query<{ n: string }>(`SELECT count() AS n FROM raw_events FINAL WHERE ReceivedAt = fromUnixTimestamp64Milli(${now})`);
  expect(Number(replayed[0]!.n)).toBe(6);
});
