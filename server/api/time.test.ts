import { describe, expect, it } from 'vitest';
import { autoStepSeconds, checkRange, parseTime, timeRangeQuery } from './time.js';

const DAY = 86_400_000;
const searchRange = { maxDays: 31, setting: 'OCTOLENS_QUERY_MAX_RANGE_DAYS', what: 'a telemetry search' };
const longRange = { maxDays: 400, setting: 'OCTOLENS_QUERY_MAX_LONG_RANGE_DAYS', what: 'a long-horizon figure' };

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

  describe('range cap', () => {
    const search = checkRange(timeRangeQuery.strict(), searchRange);
    const from = Date.UTC(2026, 0, 1);

    it('accepts a range of exactly the cap', () => {
      expect(search.safeParse({ from: String(from), to: String(from + 31 * DAY) }).data).toEqual({ from, to: from + 31 * DAY });
    });

    it('refuses a longer one on "from", naming both ends, the cap and the setting', () => {
      const r = search.safeParse({ from: String(from), to: String(from + 45 * DAY + DAY / 2) });
      expect(r.error!.issues.map((i) => [i.path, i.message])).toEqual([
        [
          ['from'],
          'from 2026-01-01T00:00:00.000Z to 2026-02-15T12:00:00.000Z is 45.5 days, more than the 31 days a telemetry search may span (OCTOLENS_QUERY_MAX_RANGE_DAYS); narrow from/to',
        ],
      ]);
    });

    it('applies to relative ranges too', () => {
      const r = search.safeParse({ from: 'now-32d', to: 'now' });
      // date math runs in local time: across a DST change 32 days is an hour off
      expect(r.error!.issues[0]!.message).toMatch(/^from \S+ to \S+ is 3[12][.\d]* days, more than the 31 days a telemetry search may span/);
      expect(search.safeParse({ from: 'now-30d', to: 'now' }).success).toBe(true);
    });

    it('a long-horizon figure gets its own, larger bound', () => {
      const long = checkRange(timeRangeQuery.strict(), longRange);
      expect(long.safeParse({ from: 'now-365d', to: 'now' }).success).toBe(true);
      expect(long.safeParse({ from: 'now-401d', to: 'now' }).error!.issues[0]!.message).toMatch(
        /is 40[01][.\d]* days, more than the 400 days a long-horizon figure may span \(OCTOLENS_QUERY_MAX_LONG_RANGE_DAYS\); narrow from\/to$/,
      );
    });

    it('still refuses from ≥ to first', () => {
      expect(search.safeParse({ from: String(from), to: String(from) }).error!.issues.map((i) => i.message)).toEqual(['"from" must be before "to"']);
    });
  });
});
