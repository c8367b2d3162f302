import { describe, expect, it } from 'vitest';
import { doraBands } from './bands.js';
import { bucketStarts } from './buckets.js';

const level = (year: 2023 | 2024, m: Partial<Parameters<typeof doraBands>[1]>) =>
  doraBands(year, { perDay: null, leadTimeMedian: null, changeFailureRate: null, recoveryMedian: null, ...m });

describe('DORA bands', () => {
  it.each([
    [2024, 0.05, 'elite'], [2024, 0.15, 'high'], [2024, 0.2, 'high'], [2024, 0.3, 'low'],
    [2023, 0.05, 'elite'], [2023, 0.1, 'high'], [2023, 0.15, 'medium'], [2023, 0.5, 'low'],
  ] as const)('%i: a change failure rate of %f is %s', (year, rate, expected) => {
    expect(level(year, { changeFailureRate: rate }).changeFailureRate.level).toBe(expected);
  });
  it.each([
    [2, 'elite'], [1, 'high'], [1 / 7, 'high'], [0.1, 'medium'], [1 / 60, 'low'],
  ] as const)('2024: %f deployments a day is %s', (perDay, expected) => {
    expect(level(2024, { perDay }).deploymentFrequency.level).toBe(expected);
  });
  it.each([
    [30, 'elite', 'elite'], [600, 'high', 'high'], [3 * 1440, 'medium', 'low'], [20 * 1440, 'low', 'low'],
  ] as const)('recovery of %i min: 2023 %s, 2024 %s', (minutes, y2023, y2024) => {
    expect(level(2023, { recoveryMedian: minutes }).failedDeploymentRecoveryMinutes.level).toBe(y2023);
    expect(level(2024, { recoveryMedian: minutes }).failedDeploymentRecoveryMinutes.level).toBe(y2024);
  });
  it('gives no level without a value, and none for rework rate', () => {
    const b = level(2024, {});
    expect(b.leadTimeMinutes).toEqual({ level: null, reason: 'no value to place in a cluster', year: 2024 });
    expect(b.reworkRate.reason).toBe('the 2024 report publishes no cluster for rework rate');
  });
});

describe('bucketStarts', () => {
  it('aligns weeks to Monday and months to the 1st, in UTC', () => {
    expect(bucketStarts('week', Date.UTC(2025, 2, 5, 12), Date.UTC(2025, 2, 12))).toEqual([Date.UTC(2025, 2, 3), Date.UTC(2025, 2, 10)]);
    expect(bucketStarts('month', Date.UTC(2025, 0, 15), Date.UTC(2025, 2, 1))).toEqual([Date.UTC(2025, 0, 1), Date.UTC(2025, 1, 1)]);
    expect(bucketStarts('day', Date.UTC(2025, 2, 3, 12), Date.UTC(2025, 2, 5))).toEqual([Date.UTC(2025, 2, 3), Date.UTC(2025, 2, 4)]);
  });
});
