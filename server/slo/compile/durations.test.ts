import { describe, expect, it } from 'vitest';
import { promDuration } from './durations.js';

describe('promDuration', () => {
  it.each([
    [300, '5m'],
    [1800, '30m'],
    [3600, '1h'],
    [5400, '1h30m'],
    [86400, '1d'],
    [259200, '3d'],
    [7 * 86400, '1w'],
    [28 * 86400, '4w'],
    [30 * 86400, '30d'],
    [90 * 86400, '90d'],
    [365 * 86400, '1y'],
    [0, '0s'],
  ])('%i s is %s, as Prometheus (and so Sloth) prints it', (seconds, text) => {
    expect(promDuration(seconds)).toBe(text);
  });
});
