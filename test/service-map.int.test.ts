/**
 * GET /api/v1/dependencies on a real hub fed by the real OTel SDK: four services calling each
 * other, a database and an external host with known call counts, errors and durations, and a
 * fifth service that calls nobody (test/support/service-map.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DependenciesResult } from '../shared/api.js';
import { getJson, startHub, type RunningHub } from './support/hub.js';
import { sendServiceMapScenario } from './support/service-map.js';

const MS = 1_000_000;
const baseSec = Math.floor(Date.now() / 1000) - 300;
/** 600 s around the calls: a rate is calls / 600 */
const range = `from=${(baseSec - 60) * 1000}&to=${(baseSec + 540) * 1000}`;

let hub: RunningHub;
beforeAll(async () => {
  hub = await startHub();
  await sendServiceMapScenario(hub.otlpUrl, baseSec);
});
afterAll(async () => {
  await hub?.dispose();
});

describe('service dependencies from SDK spans', () => {
  it('has each edge with its calls, rate, errors and caller-side latency', async () => {
    const r = await getJson<DependenciesResult>(hub, `/api/v1/dependencies?${range}`);
    expect(r.edges).toEqual([
      // 10 … 60 ms: p50 at rank 2.5 → 35; p95 at 4.75 → 57.5; p99 at 4.95 → 59.5
      { source: 'frontend', target: 'checkout', targetKind: 'service', calls: 6, rate: 6 / 600, errors: 1, errorRatio: 1 / 6, p50Ns: 35 * MS, p95Ns: 57.5 * MS, p99Ns: 59.5 * MS },
      // 1 … 5 ms: 3, 4.8, 4.96
      { source: 'checkout', target: 'postgresql/orders', targetKind: 'database', calls: 5, rate: 5 / 600, errors: 1, errorRatio: 0.2, p50Ns: 3 * MS, p95Ns: 4.8 * MS, p99Ns: 4.96 * MS },
      // 2, 4, 6, 8 ms: 5, 7.7, 7.94
      { source: 'checkout', target: 'payments', targetKind: 'service', calls: 4, rate: 4 / 600, errors: 2, errorRatio: 0.5, p50Ns: 5 * MS, p95Ns: 7.7 * MS, p99Ns: 7.94 * MS },
      // 100, 200, 300 ms: 200, 290, 298
      { source: 'payments', target: 'api.stripe.com', targetKind: 'external', calls: 3, rate: 3 / 600, errors: 0, errorRatio: 0, p50Ns: 200 * MS, p95Ns: 290 * MS, p99Ns: 298 * MS },
      { source: 'checkout', target: 'inventory', targetKind: 'service', calls: 2, rate: 2 / 600, errors: 0, errorRatio: 0, p50Ns: 3 * MS, p95Ns: 3 * MS, p99Ns: 3 * MS },
    ]);
  });

  it('lists every service of the range as a node, the one without edges too, and the callees that sent nothing', async () => {
    const r = await getJson<DependenciesResult>(hub, `/api/v1/dependencies?${range}`);
    expect(r.nodes).toEqual([
      { name: 'checkout', kind: 'service' },
      { name: 'frontend', kind: 'service' },
      { name: 'inventory', kind: 'service' },
      { name: 'payments', kind: 'service' },
      { name: 'reports', kind: 'service' },
      { name: 'postgresql/orders', kind: 'database' },
      { name: 'api.stripe.com', kind: 'external' },
    ]);
  });

  it('gives one service its callers and callees', async () => {
    const r = await getJson<DependenciesResult>(hub, `/api/v1/dependencies?${range}&service=checkout`);
    expect(r.edges.map((e) => [e.source, e.target, e.calls, e.errors])).toEqual([
      ['frontend', 'checkout', 6, 1],
      ['checkout', 'postgresql/orders', 5, 1],
      ['checkout', 'payments', 4, 2],
      ['checkout', 'inventory', 2, 0],
    ]);
    const lone = await getJson<DependenciesResult>(hub, `/api/v1/dependencies?${range}&service=reports`);
    expect(lone).toMatchObject({ service: 'reports', edges: [], nodes: [{ name: 'reports', kind: 'service' }] });
  });
});
