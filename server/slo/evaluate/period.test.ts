import { describe, expect, it } from 'vitest';
import type { Period } from '../model.js';
import { epoch, fixtureNow } from './fixtures.js';
import { periodBounds } from './period.js';

const paris = (unit: 'week' | 'month'): Period => ({ kind: 'calendar', unit, timezone: 'Europe/Paris' });
const iso = (b: { start: number; end: number }) => [new Date(b.start * 1000).toISOString(), new Date(b.end * 1000).toISOString()];

describe('periodBounds, rolling', () => {
  it('is the last `seconds` before now floored to the minute', () => {
    expect(periodBounds({ kind: 'rolling', seconds: 30 * 86400 }, fixtureNow + 30)).toEqual({ start: fixtureNow - 2_592_000, end: fixtureNow });
  });
});

describe('periodBounds, calendar month', () => {
  it('Paris, March 2026: 1st 00:00 CET to 1 April 00:00 CEST, 31 days less an hour', () => {
    const b = periodBounds(paris('month'), epoch('2026-03-15T00:00:00Z'));
    expect(iso(b)).toEqual(['2026-02-28T23:00:00.000Z', '2026-03-31T22:00:00.000Z']);
    expect(b.end - b.start).toBe(31 * 86400 - 3600); // 2,674,800
  });

  it('Paris, October 2026: 1st 00:00 CEST to 1 November 00:00 CET, 31 days and an hour', () => {
    const b = periodBounds(paris('month'), epoch('2026-10-25T01:30:00Z'));
    expect(iso(b)).toEqual(['2026-09-30T22:00:00.000Z', '2026-10-31T23:00:00.000Z']);
    expect(b.end - b.start).toBe(31 * 86400 + 3600); // 2,682,000
  });

  it('the last second of March is March; its local midnight is April', () => {
    expect(iso(periodBounds(paris('month'), epoch('2026-03-31T21:59:59Z')))[0]).toBe('2026-02-28T23:00:00.000Z');
    const april = periodBounds(paris('month'), epoch('2026-03-31T22:00:00Z'));
    expect(iso(april)).toEqual(['2026-03-31T22:00:00.000Z', '2026-04-30T22:00:00.000Z']);
    expect(april.end - april.start).toBe(30 * 86400);
  });

  it('December runs into January of the next year', () => {
    expect(iso(periodBounds(paris('month'), epoch('2026-12-31T23:30:00Z')))).toEqual(['2026-12-31T23:00:00.000Z', '2027-01-31T23:00:00.000Z']);
  });

  it('a month that starts on a doubled midnight starts at the first (Havana, November 2026)', () => {
    const b = periodBounds({ kind: 'calendar', unit: 'month', timezone: 'America/Havana' }, epoch('2026-11-10T00:00:00Z'));
    expect(iso(b)).toEqual(['2026-11-01T04:00:00.000Z', '2026-12-01T05:00:00.000Z']);
  });

  it('a half-hour zone (Kolkata, UTC+5:30)', () => {
    expect(iso(periodBounds({ kind: 'calendar', unit: 'month', timezone: 'Asia/Kolkata' }, epoch('2026-03-31T18:30:00Z')))).toEqual([
      '2026-03-31T18:30:00.000Z',
      '2026-04-30T18:30:00.000Z',
    ]);
  });

  it('does not depend on what was asked before (the cache)', () => {
    const march = periodBounds(paris('month'), epoch('2026-03-15T00:00:00Z'));
    periodBounds(paris('month'), epoch('2026-05-15T00:00:00Z'));
    expect(periodBounds(paris('month'), epoch('2026-03-20T00:00:00Z'))).toEqual(march);
    expect(iso(periodBounds(paris('month'), epoch('2026-02-20T00:00:00Z')))).toEqual(['2026-01-31T23:00:00.000Z', '2026-02-28T23:00:00.000Z']);
  });
});

describe('periodBounds, calendar week', () => {
  it('UTC: Monday 00:00 to the next Monday', () => {
    // fixtureNow is Monday 1 June 2026, 12:00 UTC
    expect(iso(periodBounds({ kind: 'calendar', unit: 'week', timezone: 'UTC' }, fixtureNow))).toEqual(['2026-06-01T00:00:00.000Z', '2026-06-08T00:00:00.000Z']);
  });

  it('runs across a year end (Friday 1 January 2027 is in the week of Monday 28 December)', () => {
    expect(iso(periodBounds({ kind: 'calendar', unit: 'week', timezone: 'UTC' }, epoch('2027-01-01T12:00:00Z')))).toEqual([
      '2026-12-28T00:00:00.000Z',
      '2027-01-04T00:00:00.000Z',
    ]);
  });

  it('Paris, the week of 23 March 2026 loses an hour (clocks forward on Sunday the 29th)', () => {
    const b = periodBounds(paris('week'), epoch('2026-03-29T12:00:00Z'));
    expect(iso(b)).toEqual(['2026-03-22T23:00:00.000Z', '2026-03-29T22:00:00.000Z']);
    expect(b.end - b.start).toBe(7 * 86400 - 3600); // 601,200
    // Monday 30 March 00:00 CEST starts the next week
    expect(periodBounds(paris('week'), epoch('2026-03-29T22:00:00Z')).start).toBe(b.end);
  });

  it('Paris, the week of 19 October 2026 gains an hour (clocks back on Sunday the 25th)', () => {
    const b = periodBounds(paris('week'), epoch('2026-10-25T12:00:00Z'));
    expect(iso(b)).toEqual(['2026-10-18T22:00:00.000Z', '2026-10-25T23:00:00.000Z']);
    expect(b.end - b.start).toBe(7 * 86400 + 3600); // 608,400
  });
});
