/** The whole hub with its metadata on a real PostgreSQL server (DATABASE_URL). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServicesResult } from '../shared/api.js';
import { eventually } from './support/eventually.js';
import { getJson, startHub, type RunningHub } from './support/hub.js';
import { createTestDatabase, postgresSkipReason } from './support/postgres.js';
import { makeSpans, protobufTraces } from './support/spans.js';

const skip = postgresSkipReason();

describe.skipIf(skip)('hub with DATABASE_URL', () => {
  let hub: RunningHub;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    database = await createTestDatabase();
    hub = await startHub({ env: { DATABASE_URL: database.url, OCTOLENS_DISCOVERY_INTERVAL_MS: '300' } });
  });
  afterAll(async () => {
    await hub?.dispose();
    await database?.drop();
  });

  it('records discovered services in PostgreSQL and serves them with first/last seen', async () => {
    const res = await fetch(hub.otlpUrl + '/v1/traces', {
      method: 'POST',
      body: protobufTraces(makeSpans('ledger', ['POST /entries', 'GET /balance'])),
      headers: { 'Content-Type': 'application/x-protobuf' },
    });
    expect(res.status).toBe(200);
    const result = await eventually(
      () => getJson<ServicesResult>(hub, '/api/v1/services?from=now-1h&to=now%2B1m'),
      (r) => r.services.some((s) => s.name === 'ledger' && s.firstSeen !== null),
    );
    const ledger = result.services.find((s) => s.name === 'ledger')!;
    expect(ledger.requests).toBe(2);
    expect(Date.parse(ledger.lastSeen!)).toBeGreaterThan(Date.now() - 60_000);
    expect(hub.output()).not.toContain('service discovery failed');
  });
});
