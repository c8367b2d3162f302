/**
 * PagerDuty webhooks into real chDB through the queue and writer: an incident's transitions
 * land as rows, and a redelivery changes nothing, inside the queue's dedup window (not
 * inserted) and past it (inserted, then collapsed by ReplacingMergeTree: readers use FINAL).
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TelemetryStore } from '../../server/storage/index.js';
import { startStorePipeline, type StorePipeline } from '../../test/support/pipeline.js';
import { pagerdutyConfigSchema } from './config.js';
import { pagerdutyRoutes } from './routes.js';

const SECRET = 'whsec-int-3c9d1e';
let store: TelemetryStore;
let pipeline: StorePipeline;

beforeAll(async () => {
  const config = pagerdutyConfigSchema.parse({ webhookSecret: SECRET, serviceMap: 'PCHK4Q7=checkout' });
  pipeline = await startStorePipeline({ routes: (deps) => pagerdutyRoutes(config, deps), queue: { dedupWindowMs: 1500, flushIntervalMs: 20 } });
  store = pipeline.store;
});

afterAll(async () => {
  await pipeline?.close();
});

const deliver = (name: string, secret = SECRET) => {
  const body = readFileSync(new URL(`./testdata/${name}.json`, import.meta.url));
  const signature = `v1=${createHmac('sha256', secret).update(body).digest('hex')}`;
  return fetch(`${pipeline.url}/ingest/pagerduty`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-PagerDuty-Signature': signature }, body });
};

describe('PagerDuty webhooks on chDB', () => {
  it('stores each transition once, however often it is delivered, and nothing unsigned', async () => {
    for (const name of ['incident-triggered', 'incident-triggered', 'incident-acknowledged', 'incident-resolved', 'incident-annotated']) expect((await deliver(name)).status).toBe(200);
    expect((await deliver('incident-reopened', 'not-the-secret')).status).toBe(401);
    await new Promise((r) => setTimeout(r, 1600));
    // Past the window the queue has forgotten the key: the rows are inserted again.
    expect((await deliver('incident-triggered')).status).toBe(200);

    const raw = await store.query<{ DeliveryId: string; EventType: string; n: string }>(
      "SELECT DeliveryId, EventType, count() AS n FROM raw_events FINAL WHERE Source = 'pagerduty' GROUP BY DeliveryId, EventType ORDER BY DeliveryId",
    );
    expect(raw.map((r) => [r.DeliveryId, r.EventType, Number(r.n)])).toEqual([
      ['01FZ8K3QW2J6T9XGBN4RC7DVHM', 'incident.triggered', 1],
      ['01FZ8KAH5S3YQ0M2V7E9TXC4BD', 'incident.acknowledged', 1],
      ['01FZ8MZ4B2X7K1Q9V3T6C0EWNS', 'incident.annotated', 1],
      ['01FZ8NE1R8W4C6KJ2PZ0Q5XA9F', 'incident.resolved', 1],
    ]);
    // Three deliveries of incident.triggered, two copies inserted: the one inside the window was answered from the queue.
    const unmerged = await store.query<{ n: string }>("SELECT count() AS n FROM raw_events WHERE DeliveryId = '01FZ8K3QW2J6T9XGBN4RC7DVHM'");
    expect(Number(unmerged[0]!.n)).toBe(2);
    const incidents = await store.query(
      `SELECT IncidentId, Provider, Service, Status, toString(At) AS at, toString(CreatedAt) AS created, Severity, Title, CauseDeploymentId, CauseCommitSha, Url, DeliveryId
       FROM incidents FINAL WHERE Provider = 'pagerduty' ORDER BY At`,
    );
    const common = {
      IncidentId: 'pagerduty:Q2KJ7V9XWT4N1A', Provider: 'pagerduty', Service: 'checkout', created: '2026-11-30 10:20:04.000', Severity: 'P2',
      Title: 'Checkout API: 5xx ratio above 2% for 5 minutes', CauseDeploymentId: '', CauseCommitSha: '', Url: 'https://acme-corp.pagerduty.com/incidents/Q2KJ7V9XWT4N1A',
    };
    expect(incidents).toEqual([
      { ...common, Status: 'triggered', at: '2026-11-30 10:20:04.512', DeliveryId: '01FZ8K3QW2J6T9XGBN4RC7DVHM' },
      { ...common, Status: 'acknowledged', at: '2026-11-30 10:23:41.093', DeliveryId: '01FZ8KAH5S3YQ0M2V7E9TXC4BD' },
      { ...common, Status: 'resolved', at: '2026-11-30 11:05:17.800', DeliveryId: '01FZ8NE1R8W4C6KJ2PZ0Q5XA9F' },
    ]);
  });
});
