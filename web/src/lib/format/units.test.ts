import { describe, expect, it } from 'vitest';
import { newestFirst, nanos } from './nanos';
import { formatDuration, formatPercent, formatRate, formatValue } from './units';

describe('units', () => {
  it('formats nanosecond durations, rates and ratios the Grafana way', () => {
    expect(formatDuration(1_500_000)).toBe('1.50 ms');
    expect(formatDuration(2_300_000_000)).toBe('2.30 s');
    expect(formatDuration(850)).toBe('850 ns');
    expect(formatRate(12.4)).toBe('12.4 req/s');
    expect(formatPercent(0.031)).toBe('3.10%');
  });

  it('shows a dash for missing values', () => {
    expect(formatValue(null, 'ns')).toBe('–');
    expect(formatValue(Number.NaN, 'reqps')).toBe('–');
  });
});

describe('nanos', () => {
  it('keeps precision past 2^53 and orders newest first', () => {
    expect(nanos('1700000000123456789') - nanos('1700000000123456788')).toBe(1n);
    expect(nanos('not a number')).toBe(0n);
    expect(['1700000000000000001', '1700000000000000003', '1700000000000000002'].sort(newestFirst)).toEqual([
      '1700000000000000003',
      '1700000000000000002',
      '1700000000000000001',
    ]);
  });
});
