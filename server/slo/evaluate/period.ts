import type { Period } from '../model.js';
import { addDays, isoWeekdayIndex, localDateAt, startOfLocalDay, type LocalDate } from './local-time.js';
import { minuteEnd } from './windows.js';

/** [start, end) in epoch seconds. */
export interface PeriodBounds {
  start: number;
  end: number;
}

/**
 * The period that holds `now`.
 *
 * - rolling: the last `seconds` before `now` floored to the minute, [end − seconds, end);
 *   the same whole minutes as every other window.
 * - calendar week: from Monday 00:00 to the next Monday 00:00 in the SLO's timezone
 *   (ISO 8601 weeks).
 * - calendar month: from the 1st 00:00 to the next 1st 00:00 in the SLO's timezone.
 *
 * Calendar bounds are local midnights, so a period that holds a DST change is an hour
 * shorter or longer than its days × 86,400 (Europe/Paris: March 2026 is 2,674,800 s,
 * October 2026 2,682,000 s). `end − start` is the period's real length.
 *
 * @example periodBounds({ kind: 'calendar', unit: 'month', timezone: 'Europe/Paris' }, Date.UTC(2026, 2, 15) / 1000)
 *   // { start: Date.UTC(2026, 1, 28, 23) / 1000, end: Date.UTC(2026, 2, 31, 22) / 1000 }
 */
export function periodBounds(period: Period, now: number): PeriodBounds {
  if (period.kind === 'rolling') {
    const end = minuteEnd(now);
    return { start: end - period.seconds, end };
  }
  const cached = calendarCache.get(period.unit + ' ' + period.timezone);
  if (cached && cached.start <= now && now < cached.end) return { start: cached.start, end: cached.end };
  const today = localDateAt(now, period.timezone);
  let first: LocalDate;
  let next: LocalDate;
  if (period.unit === 'week') {
    first = addDays(today, -isoWeekdayIndex(today));
    next = addDays(first, 7);
  } else {
    first = { year: today.year, month: today.month, day: 1 };
    next = today.month === 12 ? { year: today.year + 1, month: 1, day: 1 } : { year: today.year, month: today.month + 1, day: 1 };
  }
  const bounds = { start: startOfLocalDay(first, period.timezone), end: startOfLocalDay(next, period.timezone) };
  calendarCache.set(period.unit + ' ' + period.timezone, bounds);
  return { start: bounds.start, end: bounds.end };
}

/**
 * The last calendar period found per unit and zone. Every SLO on the same calendar shares
 * it until `now` leaves it, which saves the dozen Intl calls a lookup costs. The answer does
 * not depend on the cache: a miss computes the same bounds.
 */
const calendarCache = new Map<string, PeriodBounds>();
