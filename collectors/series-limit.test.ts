import { describe, expect, it } from 'vitest';
import { SeriesLimiter, seriesKey } from './series-limit.js';

const minute = 60_000;
const t0 = Date.UTC(2026, 11, 3, 9, 0, 0);

describe('SeriesLimiter', () => {
  it('admits a metric up to maxPerMetric new series, refuses the next by name, and keeps admitting the active ones', () => {
    const limiter = new SeriesLimiter({ maxPerMetric: 2, max: 100 });
    const slot = limiter.slotAt(t0);
    expect(limiter.admit('http_requests_total', 1, slot)).toBeUndefined();
    expect(limiter.admit('http_requests_total', 2, slot)).toBeUndefined();
    expect(limiter.admit('http_requests_total', 3, slot)).toMatch(/^a new series of "http_requests_total" refused: it has 2 active series, the most OCTOLENS_MAX_SERIES_PER_METRIC allows/);
    expect(limiter.admit('http_requests_total', 1, slot)).toBeUndefined();
    expect(limiter.admit('http_requests_total', 2, slot)).toBeUndefined();
    // another metric has its own two
    expect(limiter.admit('up', 3, slot)).toBeUndefined();
    expect(limiter.activeSeries).toBe(3);
  });

  it('refuses any new series once max series are active in all, naming OCTOLENS_MAX_SERIES', () => {
    const limiter = new SeriesLimiter({ maxPerMetric: 10, max: 3 });
    const slot = limiter.slotAt(t0);
    for (const [metric, key] of [['a', 1], ['b', 1], ['c', 1]] as const) expect(limiter.admit(metric, key, slot)).toBeUndefined();
    expect(limiter.admit('d', 1, slot)).toMatch(/^a new series of "d" refused: 3 series are active, the most OCTOLENS_MAX_SERIES allows/);
    expect(limiter.admit('a', 2, slot)).toMatch(/OCTOLENS_MAX_SERIES allows/);
    expect(limiter.admit('b', 1, slot)).toBeUndefined();
  });

  it('frees the place of a series idle for an hour, and only then', () => {
    const limiter = new SeriesLimiter({ maxPerMetric: 1, max: 100 });
    expect(limiter.admit('m', 1, limiter.slotAt(t0))).toBeUndefined();
    // 50 minutes later series 1 is still active: 2 is refused; series 1 sends again at 50 min
    expect(limiter.admit('m', 2, limiter.slotAt(t0 + 50 * minute))).toBeDefined();
    expect(limiter.admit('m', 1, limiter.slotAt(t0 + 50 * minute))).toBeUndefined();
    // 100 minutes: 50 since series 1 last sent, still active
    expect(limiter.admit('m', 2, limiter.slotAt(t0 + 100 * minute))).toBeDefined();
    expect(limiter.activeSeries).toBe(1);
    // 120 minutes: 70 since, idle for more than an hour of whole slots: its place is free
    expect(limiter.admit('m', 2, limiter.slotAt(t0 + 120 * minute))).toBeUndefined();
    expect(limiter.activeSeries).toBe(1);
    expect(limiter.admit('m', 1, limiter.slotAt(t0 + 120 * minute))).toBeDefined();
  });
});

describe('seriesKey', () => {
  it('is the same for the same labels in another order, and differs for another value, name or seed', () => {
    const key = seriesKey(7, 'requests', { route: '/a', method: 'GET' });
    expect(seriesKey(7, 'requests', { method: 'GET', route: '/a' })).toBe(key);
    expect(seriesKey(7, 'requests', { method: 'GET', route: '/b' })).not.toBe(key);
    expect(seriesKey(7, 'requests2', { method: 'GET', route: '/a' })).not.toBe(key);
    expect(seriesKey(8, 'requests', { method: 'GET', route: '/a' })).not.toBe(key);
  });

  it('keeps the boundaries between keys and values: {ab: c} and {a: bc} are two series', () => {
    expect(seriesKey(0, 'm', { ab: 'c' })).not.toBe(seriesKey(0, 'm', { a: 'bc' }));
    expect(seriesKey(0, 'm', { a: '', b: 'c' })).not.toBe(seriesKey(0, 'm', { a: 'b', c: '' }));
  });

  it('spreads 100,000 distinct label sets over 32 bits with at most a few collisions', () => {
    const keys = new Set<number>();
    for (let i = 0; i < 100_000; i++) keys.add(seriesKey(0, 'http_requests_total', { instance: `10.0.${i >> 8}.${i & 255}:9100`, job: 'node' }));
    // expected ≈ n²/2³³ ≈ 1.2 for a uniform hash
    expect(100_000 - keys.size).toBeLessThanOrEqual(5);
  });
});
