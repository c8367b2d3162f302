import { describe, expect, it } from 'vitest';
import { autoStepSeconds, parseTime, timeRangeQuery } from './time.js';

describe('time parameters', () => {
  it.each([
    ['1795560958818', 1795560958818],
    ['2026-11-24T10:00:00Z', Date.UTC(2026, 10, 24, 10)],
    ['2026-11-24T10:00:00.250+01:00', Date.UTC(2026, 10, 24, 9, 0, 0, 250)],
  ])('parses %s exactly', (text, ms) => {
    expect(parseTime(text, false)).toBe(ms);
  });

  it('resolves relative expressions against now', () => {
    const before = Date.now();
    const ms = parseTime('now-1h', false)!;
    expect(ms).toBeGreaterThanOrEqual(before - 3_600_000);
    expect(ms).toBeLessThanOrEqual(Date.now() - 3_600_000);
  });

  it.each(['yesterday', 'now-1x', '12', ''])('rejects %j', (text) => {
    expect(parseTime(text, false)).toBeUndefined();
  });

  it('names the parameter and the value it could not read', () => {
    const r = timeRangeQuery.safeParse({ from: 'yesterday' });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path).toEqual(['from']);
    expect(r.error!.issues[0]!.message).toContain('"yesterday"');
  });

  it.each([
    [3_600_000, 30],
    [86_400_000, 900],
    [60_000, 1],
  ])('picks a step for a %d ms range', (span, step) => {
    expect(autoStepSeconds(0, span)).toBe(step);
  });
});
