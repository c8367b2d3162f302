import { describe, expect, it } from 'vitest';
import { createHubMetrics } from '../../../telemetry/metrics.js';
import { healthRoutes } from './index.js';
import { readiness, type Readiness } from './readiness.js';

describe('healthRoutes', () => {
  it.each<[Readiness, number, string]>([
    [true, 200, 'ready'],
    [['Redis'], 503, 'not ready: no answer from Redis'],
    [['ClickHouse', 'PostgreSQL'], 503, 'not ready: no answer from ClickHouse, PostgreSQL'],
  ])('/readyz with %j answers %i %s', async (ready, status, body) => {
    const app = healthRoutes({ metrics: createHubMetrics(), isReady: async () => ready });
    const res = await app.request('/readyz');
    expect([res.status, await res.text()]).toEqual([status, body]);
  });

  it('answers /healthz whatever the stores, and /metrics in Prometheus text', async () => {
    const app = healthRoutes({ metrics: createHubMetrics(), isReady: async () => ['Redis'] });
    const health = await app.request('/healthz');
    expect([health.status, await health.text()]).toEqual([200, 'ok']);
    const metrics = await app.request('/metrics');
    expect(metrics.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(await metrics.text()).toMatch(/^octolens_queue_depth_rows 0$/m);
  });
});

describe('readiness', () => {
  const never = () => new Promise<boolean>(() => {});
  it('names the stores that answer false, throw or outlast the timeout, in order, and skips absent ones', async () => {
    const isReady = readiness(
      () => [
        { name: 'ClickHouse', answers: async () => true },
        undefined,
        { name: 'PostgreSQL', answers: async () => Promise.reject(new Error('connection refused')) },
        { name: 'Redis', answers: never },
        { name: 'PGlite', answers: async () => false },
      ],
      50,
    );
    const started = performance.now();
    expect(await isReady()).toEqual(['PostgreSQL', 'Redis', 'PGlite']);
    // asked at once: one timeout, not one per store
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('is ready with every store answering, or none to ask', async () => {
    expect(await readiness(() => [{ name: 'Redis', answers: async () => true }])()).toBe(true);
    expect(await readiness(() => [undefined])()).toBe(true);
  });

  it('reads the probes at each call (stores open during start)', async () => {
    let redisUp = false;
    const isReady = readiness(() => [{ name: 'Redis', answers: async () => redisUp }]);
    expect(await isReady()).toEqual(['Redis']);
    redisUp = true;
    expect(await isReady()).toBe(true);
  });
});
