import { describe, expect, it } from 'vitest';
import { epoch } from './fixtures.js';
import { addDays, isoWeekdayIndex, localDateAt, startOfLocalDay, utcOffsetAt } from './local-time.js';

describe('utcOffsetAt', () => {
  it('follows Europe/Paris across its 2026 changes (29 March and 25 October, 01:00 UTC)', () => {
    expect(utcOffsetAt(epoch('2026-03-29T00:59:59Z'), 'Europe/Paris')).toBe(3600);
    expect(utcOffsetAt(epoch('2026-03-29T01:00:00Z'), 'Europe/Paris')).toBe(7200);
    expect(utcOffsetAt(epoch('2026-10-25T00:59:59Z'), 'Europe/Paris')).toBe(7200);
    expect(utcOffsetAt(epoch('2026-10-25T01:00:00Z'), 'Europe/Paris')).toBe(3600);
  });
  it('handles half-hour and negative offsets', () => {
    expect(utcOffsetAt(epoch('2026-06-01T00:00:00Z'), 'Asia/Kolkata')).toBe(19800);
    expect(utcOffsetAt(epoch('2026-06-01T00:00:00Z'), 'America/New_York')).toBe(-14400);
  });
  it('names the field and the value of an unknown zone', () => {
    expect(() => utcOffsetAt(0, 'Europe/Pariss')).toThrow('period.timezone must be an IANA timezone such as "Europe/Paris", got "Europe/Pariss"');
  });
});

describe('localDateAt, addDays, isoWeekdayIndex', () => {
  it('gives the local calendar date', () => {
    // 22:30 UTC on 31 March is 00:30 on 1 April in Paris (UTC+2)
    expect(localDateAt(epoch('2026-03-31T22:30:00Z'), 'Europe/Paris')).toEqual({ year: 2026, month: 4, day: 1 });
    expect(localDateAt(epoch('2026-03-31T22:30:00Z'), 'America/New_York')).toEqual({ year: 2026, month: 3, day: 31 });
  });
  it('rolls months and years over', () => {
    expect(addDays({ year: 2026, month: 12, day: 28 }, 7)).toEqual({ year: 2027, month: 1, day: 4 });
    expect(addDays({ year: 2026, month: 3, day: 1 }, -1)).toEqual({ year: 2026, month: 2, day: 28 });
  });
  it('counts weekdays from Monday', () => {
    expect(isoWeekdayIndex({ year: 2026, month: 6, day: 1 })).toBe(0); // a Monday
    expect(isoWeekdayIndex({ year: 2026, month: 3, day: 29 })).toBe(6); // a Sunday
  });
});

describe('startOfLocalDay', () => {
  it('is local midnight on both sides of a DST change: Paris 29 March 2026 is 23 h long', () => {
    const start = startOfLocalDay({ year: 2026, month: 3, day: 29 }, 'Europe/Paris');
    const next = startOfLocalDay({ year: 2026, month: 3, day: 30 }, 'Europe/Paris');
    expect(start).toBe(epoch('2026-03-28T23:00:00Z')); // 00:00 CET (UTC+1)
    expect(next).toBe(epoch('2026-03-29T22:00:00Z')); // 00:00 CEST (UTC+2)
    expect(next - start).toBe(23 * 3600);
  });

  it('Paris 25 October 2026 is 25 h long', () => {
    const start = startOfLocalDay({ year: 2026, month: 10, day: 25 }, 'Europe/Paris');
    const next = startOfLocalDay({ year: 2026, month: 10, day: 26 }, 'Europe/Paris');
    expect(start).toBe(epoch('2026-10-24T22:00:00Z'));
    expect(next).toBe(epoch('2026-10-25T23:00:00Z'));
    expect(next - start).toBe(25 * 3600);
  });

  it('when midnight is skipped, the day starts when the clocks jump (Santiago, 6 September 2026: 00:00 → 01:00)', () => {
    // 5 September 00:00 at UTC−4; at 04:00 UTC on the 6th the clocks go from 24:00 to 01:00 (UTC−3).
    expect(startOfLocalDay({ year: 2026, month: 9, day: 5 }, 'America/Santiago')).toBe(epoch('2026-09-05T04:00:00Z'));
    expect(startOfLocalDay({ year: 2026, month: 9, day: 6 }, 'America/Santiago')).toBe(epoch('2026-09-06T04:00:00Z'));
    expect(startOfLocalDay({ year: 2026, month: 9, day: 7 }, 'America/Santiago')).toBe(epoch('2026-09-07T03:00:00Z'));
  });

  it('when midnight happens twice, the first one (Havana, 1 November 2026: 01:00 → 00:00)', () => {
    expect(startOfLocalDay({ year: 2026, month: 11, day: 1 }, 'America/Havana')).toBe(epoch('2026-11-01T04:00:00Z'));
  });

  it('a day that never happened starts and ends at the same instant (Apia skipped 30 December 2011)', () => {
    const start = startOfLocalDay({ year: 2011, month: 12, day: 30 }, 'Pacific/Apia');
    expect(start).toBe(startOfLocalDay({ year: 2011, month: 12, day: 31 }, 'Pacific/Apia'));
    expect(start).toBe(epoch('2011-12-30T10:00:00Z'));
  });
});
