/**
 * Calendar dates and local midnights in an IANA timezone, through the built-in Intl API
 * (Node ships full ICU, so every tzdata zone and rule is there). A local day is not 86,400 s
 * across a DST change: midnights are found from the zone's offset at that instant, never by
 * adding days in seconds.
 */

/** A calendar date: month 1–12. */
export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Building a formatter costs far more than using one, so there is one per zone. */
function formatterFor(timezone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timezone);
  if (formatter) return formatter;
  try {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      // h23, not hour12: false, which some ICU versions render as 24 at midnight.
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    throw new RangeError(`period.timezone must be an IANA timezone such as "Europe/Paris", got ${JSON.stringify(timezone)}`);
  }
  formatters.set(timezone, formatter);
  return formatter;
}

/** The wall-clock time at instant `t` (epoch seconds), written as if it were UTC epoch seconds. */
function wallClockAt(t: number, timezone: string): number {
  const at = Math.floor(t);
  let year = 0;
  let month = 0;
  let day = 0;
  let hour = 0;
  let minute = 0;
  let second = 0;
  for (const part of formatterFor(timezone).formatToParts(at * 1000)) {
    switch (part.type) {
      case 'year':
        year = Number(part.value);
        break;
      case 'month':
        month = Number(part.value);
        break;
      case 'day':
        day = Number(part.value);
        break;
      case 'hour':
        hour = Number(part.value);
        break;
      case 'minute':
        minute = Number(part.value);
        break;
      case 'second':
        second = Number(part.value);
        break;
    }
  }
  return Date.UTC(year, month - 1, day, hour, minute, second) / 1000;
}

/**
 * The zone's offset from UTC at instant `t`, in seconds (Europe/Paris in summer: 7200).
 *
 * @example utcOffsetAt(Date.UTC(2026, 6, 1) / 1000, 'Europe/Paris') === 7200
 */
export function utcOffsetAt(t: number, timezone: string): number {
  return wallClockAt(t, timezone) - Math.floor(t);
}

function dateOfWallClock(wall: number): LocalDate {
  const d = new Date(wall * 1000);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

function wallMidnight(date: LocalDate): number {
  return Date.UTC(date.year, date.month - 1, date.day) / 1000;
}

/**
 * The calendar date at instant `t` in `timezone`.
 *
 * @example localDateAt(Date.UTC(2026, 2, 31, 22, 30) / 1000, 'Europe/Paris') // { year: 2026, month: 4, day: 1 }
 */
export function localDateAt(t: number, timezone: string): LocalDate {
  return dateOfWallClock(wallClockAt(t, timezone));
}

/** `date` moved by `days` calendar days (month and year roll over). */
export function addDays(date: LocalDate, days: number): LocalDate {
  return dateOfWallClock(wallMidnight(date) + days * 86400);
}

/** 0 for Monday … 6 for Sunday (ISO 8601 order). */
export function isoWeekdayIndex(date: LocalDate): number {
  return (new Date(wallMidnight(date) * 1000).getUTCDay() + 6) % 7;
}

/**
 * The first instant of `date` in `timezone` (epoch seconds): its local midnight, or, where a
 * DST change skips midnight (America/Santiago springs from 00:00 to 01:00), the instant the
 * clocks jump, when the day begins at 01:00. Where midnight happens twice, the first one.
 *
 * @example startOfLocalDay({ year: 2026, month: 3, day: 30 }, 'Europe/Paris') === Date.UTC(2026, 2, 29, 22) / 1000
 */
export function startOfLocalDay(date: LocalDate, timezone: string): number {
  const wall = wallMidnight(date);
  // Offsets lie within ±14 h, so instants a day either side of `wall` are on either side of
  // the true midnight: between them they hold the offset before and after any change.
  const before = utcOffsetAt(wall - 86400, timezone);
  const after = utcOffsetAt(wall + 86400, timezone);
  const candidates = before === after ? [wall - before] : [wall - before, wall - after].sort((a, b) => a - b);
  for (const t of candidates) {
    if (wallClockAt(t, timezone) === wall) return t;
  }
  // Midnight was skipped. The clocks jumped forward somewhere in [wall − after, wall − before]:
  // find the first second whose wall clock has reached the day.
  let lo = wall - after;
  let hi = wall - before;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (wallClockAt(mid, timezone) >= wall) hi = mid;
    else lo = mid;
  }
  return hi;
}
