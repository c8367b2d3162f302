/**
 * Hand-built minute series with known good/total, shared by the evaluator's exact-math tests
 * and the promtool cross-check (which turns the same minutes into counter series). Every
 * count is a whole number, so the windows' sums, and most ratios, are exact.
 */
import { defaultTiers, type SloDefinition } from '../model.js';
import type { MinuteCounts } from './types.js';
import { errorBudget } from './windows.js';

/**
 * Epoch seconds of an ISO 8601 time.
 *
 * @example epoch('2026-06-01T12:00:00Z') === 1_780_315_200
 */
export function epoch(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`epoch(): expected an ISO 8601 time, got ${JSON.stringify(iso)}`);
  return ms / 1000;
}

/** Monday 1 June 2026, 12:00 UTC: the default evaluation time of the datasets. */
export const fixtureNow = epoch('2026-06-01T12:00:00Z');

/** The objective the datasets assume unless told otherwise: 99.9 %, a budget of 0.001. */
export const fixtureObjective = 0.999;

/**
 * Minutes [from, to) (epoch seconds, minute-aligned), each with the same counts.
 *
 * @example constant({ from: 0, to: 180, good: 9, total: 10 }).length === 3
 */
export function constant(range: { from: number; to: number; good: number; total: number }): MinuteCounts[] {
  const out: MinuteCounts[] = [];
  for (let minute = range.from; minute < range.to; minute += 60) out.push({ minute, good: range.good, total: range.total });
  return out;
}

/**
 * Series added together: one sorted series, counts of the same minute summed.
 *
 * @example combine([{ minute: 60, good: 1, total: 1 }], [{ minute: 0, good: 0, total: 2 }, { minute: 60, good: 2, total: 2 }])
 *   // [{ minute: 0, good: 0, total: 2 }, { minute: 60, good: 3, total: 3 }]
 */
export function combine(...series: MinuteCounts[][]): MinuteCounts[] {
  const byMinute = new Map<number, MinuteCounts>();
  for (const entry of series.flat()) {
    const seen = byMinute.get(entry.minute);
    if (seen) {
      seen.good += entry.good;
      seen.total += entry.total;
    } else {
      byMinute.set(entry.minute, { ...entry });
    }
  }
  return [...byMinute.values()].sort((a, b) => a.minute - b.minute);
}

export interface SteadyBurnOptions {
  /** defaults to fixtureObjective (0.999) */
  objective?: number;
  /** events a minute; defaults to 10,000 */
  total?: number;
  /** the series ends just before this minute; defaults to fixtureNow */
  end?: number;
}

/**
 * `minutes` minutes before `end` whose error ratio is exactly factor × (1 − objective): at the
 * defaults, factor 14.4 is 144 bad events in 10,000 every minute, so every window over it burns
 * at exactly 14.4. Throws when the bad count would not be whole, which would make the series
 * inexact (pick a `total` that makes it whole).
 *
 * @example steadyBurn(14.4, 60)[0] // { minute: fixtureNow - 3600, good: 9856, total: 10000 }
 */
export function steadyBurn(factor: number, minutes: number, options: SteadyBurnOptions = {}): MinuteCounts[] {
  const objective = options.objective ?? fixtureObjective;
  const total = options.total ?? 10_000;
  const end = options.end ?? fixtureNow;
  const exact = factor * errorBudget(objective) * total;
  const bad = Math.round(exact);
  if (Math.abs(exact - bad) > 1e-9) {
    throw new RangeError(`steadyBurn(${factor}): ${factor} × ${errorBudget(objective)} × ${total} = ${exact} bad events a minute is not whole; pass a total that makes it whole`);
  }
  return constant({ from: end - minutes * 60, to: end, good: total - bad, total });
}

/** A rolling 30-day SLO at 99.9 % with the SRE workbook's tiers (14.4×/6×/3×/1×) and no guard. */
export function fixtureSlo(overrides: Partial<SloDefinition> = {}): SloDefinition {
  return {
    id: 'checkout-availability',
    name: 'availability',
    service: 'checkout',
    description: 'Non-error server spans of checkout',
    labels: {},
    objective: fixtureObjective,
    period: { kind: 'rolling', seconds: 30 * 86400 },
    budgeting: { method: 'occurrences' },
    sli: { kind: 'span_ratio', total: { service: 'checkout', spanKinds: ['Server'] }, bad: { statuses: ['Error'] } },
    groupBy: [],
    alerting: {
      name: 'CheckoutAvailability',
      labels: {},
      annotations: {},
      tiers: defaultTiers(30 * 86400),
      minEvents: 0,
      noDataSeconds: 0,
      budgetExhausted: false,
    },
    source: { file: 'checkout.yaml', line: 1, column: 1, format: 'octolens/v1' },
    ...overrides,
  };
}

/** A series the evaluator and promtool must agree on: the tiers firing at `now`. */
export interface CrossCheckScenario {
  name: string;
  /** ends just before `now`; 3 days of 10,000 events a minute, the longest default tier window */
  minutes: MinuteCounts[];
  now: number;
  /** tier names of fixtureSlo() whose condition holds at `now`, in tier order */
  firing: string[];
}

const threeDays = 3 * 1440;

/**
 * Series that cross each default tier of fixtureSlo() (30 days, 99.9 %): steady burns between
 * the thresholds, and a 10-minute spike of 20 % errors that is on (only the 1h/5m tier sees
 * it) or over (its 5m window is clean again, so nothing fires). No burn sits within 7 % of a
 * threshold, so rate() extrapolation at window edges cannot change promtool's answer.
 *
 *   steady 0.5×: nothing          steady 2×: ticket-slow
 *   steady 4×: ticket-*           steady 8×: page-slow, ticket-*
 *   steady 20×: all four          spike now: 1h = 2000 × 10 / 600,000 → 33.3×, 5m = 200×; 6h 5.6×
 *   spike 20 min ago: 1h 33.3× but 5m 0×
 */
export function crossCheckScenarios(): CrossCheckScenario[] {
  // 10,000 events a minute over 3 days; 2,000 of them bad in the 10 minutes before spikeEnd.
  const spike = (spikeEnd: number): MinuteCounts[] =>
    constant({ from: fixtureNow - threeDays * 60, to: fixtureNow, good: 10_000, total: 10_000 }).map((m) =>
      m.minute >= spikeEnd - 600 && m.minute < spikeEnd ? { ...m, good: 8_000 } : m,
    );
  return [
    { name: 'steady 0.5×', minutes: steadyBurn(0.5, threeDays), now: fixtureNow, firing: [] },
    { name: 'steady 2×', minutes: steadyBurn(2, threeDays), now: fixtureNow, firing: ['ticket-slow'] },
    { name: 'steady 4×', minutes: steadyBurn(4, threeDays), now: fixtureNow, firing: ['ticket-fast', 'ticket-slow'] },
    { name: 'steady 8×', minutes: steadyBurn(8, threeDays), now: fixtureNow, firing: ['page-slow', 'ticket-fast', 'ticket-slow'] },
    { name: 'steady 20×', minutes: steadyBurn(20, threeDays), now: fixtureNow, firing: ['page-fast', 'page-slow', 'ticket-fast', 'ticket-slow'] },
    { name: 'spike now', minutes: spike(fixtureNow), now: fixtureNow, firing: ['page-fast'] },
    { name: 'spike 20 min ago', minutes: spike(fixtureNow - 1200), now: fixtureNow, firing: [] },
  ];
}

/**
 * The low-traffic case: one minute, 2 minutes before `end`, with 3 errors in 4 requests and
 * nothing else. Every window burns at 750× (a 0.75 error ratio over a 0.001 budget), the 5m
 * ones included, yet 4 events are no reason to page.
 */
export function lowTrafficBurst(end = fixtureNow): MinuteCounts[] {
  return [{ minute: end - 120, good: 1, total: 4 }];
}
