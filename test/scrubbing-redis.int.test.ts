/**
 * Scrubbing on the scale-out path: a `--role collector` process scrubs, and the privacy
 * report's counts travel with the rows through Redis (a JSONEachRow part beside the Native
 * block, in one BullMQ job) to a `--role worker,api` process on chDB. A request sent twice
 * byte for byte to the collector is stored, and counted, once.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { LogsResult } from '../shared/api.js';
import type { PrivacyResult } from '../shared/privacy.js';
import { eventually } from './support/eventually.js';
import { getJson, startHub, type RunningHub } from './support/hub.js';
import { startRedis, type RunningRedis } from './support/redis.js';

let redis: RunningRedis;
let worker: RunningHub;
let collector: RunningHub;

beforeAll(async () => {
  redis = await startRedis();
  const env = { REDIS_URL: redis.url, OCTOLENS_QUEUE_NAME: 'scrub-redis' };
  worker = await startHub({ env, args: ['--role', 'worker,api'] });
  collector = await startHub({ env, args: ['--role', 'collector'] });
}, 120_000);
afterAll(async () => {
  await collector?.dispose();
  await worker?.dispose();
  await redis?.stop();
});

const nowNs = String(BigInt(Date.now()) * 1_000_000n);
const request = JSON.stringify({
  resourceLogs: [{
    resource: { attributes: [{ key: 'service.name', value: { stringValue: 'ledger-redis' } }] },
    scopeLogs: [{ logRecords: [
      { timeUnixNano: nowNs, body: { stringValue: 'statement mailed to ann@example.org' }, attributes: [{ key: 'http.request.header.cookie', value: { stringValue: 'sid=42' } }] },
      { timeUnixNano: nowNs, body: { stringValue: 'refund to 5555 5555 5555 4444 for bob@example.org' } },
    ] }],
  }],
});

it('stores scrubbed rows and counts each redaction once through Redis', async () => {
  for (let i = 0; i < 2; i++) {
    const res = await fetch(`${collector.otlpUrl}/v1/logs`, { method: 'POST', body: request, headers: { 'Content-Type': 'application/json' } });
    expect(res.status).toBe(200);
  }
  // The copy shares the first's job id (derived from the request key), so it queues nothing;
  // a marker sent after both, once stored, shows the worker has taken what came before it
  // (jobs are taken in the order added), and a second more lets any straggler land.
  const marker = request.replace('ledger-redis', 'marker-redis');
  expect((await fetch(`${collector.otlpUrl}/v1/logs`, { method: 'POST', body: marker, headers: { 'Content-Type': 'application/json' } })).status).toBe(200);
  await eventually(() => getJson<LogsResult>(worker, '/api/v1/logs?service=marker-redis&from=now-1h&to=now%2B5m'), (r) => r.logs.length >= 2, 30_000);
  await new Promise((r) => setTimeout(r, 1000));
  const logs = await getJson<LogsResult>(worker, '/api/v1/logs?service=ledger-redis&from=now-1h&to=now%2B5m');
  expect(logs.logs.map((l) => [l.body, l.attributes]).sort()).toEqual([
    ['refund to [REDACTED:card] for [REDACTED:email]', {}],
    ['statement mailed to [REDACTED:email]', { 'http.request.header.cookie': '[REDACTED]' }],
  ]);
  const day = new Date().toISOString().slice(0, 10);
  const report = await getJson<PrivacyResult>(worker, '/api/v1/privacy?from=now-1d&to=now&service=ledger-redis');
  expect(report.days).toEqual([
    { day, service: 'ledger-redis', signal: 'logs', kind: 'card', count: 1 },
    { day, service: 'ledger-redis', signal: 'logs', kind: 'email', count: 2 },
    { day, service: 'ledger-redis', signal: 'logs', kind: 'key', count: 1 },
  ]);
});
