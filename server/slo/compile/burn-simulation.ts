import type { SloDefinition } from '../model.js';
import type { AlertUnit } from './alert-rules.js';
import { periodSeconds } from './slo-labels.js';

/**
 * What the compiled rules compute for counters sampled every minute from minute 0 (value
 * 0), with rules evaluated every `step` minutes: used to choose `promtool test rules` eval
 * times and to predict which alerts fire. Ranges are closed on the left (Prometheus 2),
 * samples sit on the eval grid, and counters start at zero, so a window's rate is its
 * increase over its length and a ratio of rates is a ratio of increases: exact, with no
 * extrapolation.
 */
export interface Traffic {
  /** cumulative error events at minute i */
  errors: number[];
  /** cumulative total events at minute i */
  total: number[];
}

export interface Simulation {
  /** error ratio over the last `windowMinutes` at minute t; NaN without events */
  ratio(t: number, windowMinutes: number): number;
  /** whether one tier's condition (both windows over its threshold, guard met) holds at t */
  holds(tier: AlertUnit['tiers'][number], t: number): boolean;
  /** whether the unit's alert is firing at minute t (its `for` held); t on the eval grid */
  firing(unit: AlertUnit, t: number): boolean;
  /** the smallest relative distance of any compared value to its threshold at t: a margin for float and boundary noise */
  margin(t: number, units: AlertUnit[]): number;
  /** slo:period_error_budget_remaining:ratio <= 0 at t (event-weighted period ratio ≥ budget) */
  budgetExhausted(t: number): boolean;
  /** slo:sli_error:ratio_rate<period> at t */
  periodRatio(t: number): number;
}

export function simulate(slo: SloDefinition, traffic: Traffic, step = 1): Simulation {
  const { errors: E, total: T } = traffic;
  const n = T.length;
  const budget = 1 - slo.objective;
  // 5m rates as recorded at each evaluation (increase over the 5m window / 300 s), and prefix sums over them.
  const err5 = new Float64Array(n);
  const tot5 = new Float64Array(n);
  const recorded = new Float64Array(n);
  for (let t = step; t < n; t += step) {
    err5[t] = (E[t]! - E[Math.max(0, t - 5)]!) / 300;
    tot5[t] = (T[t]! - T[Math.max(0, t - 5)]!) / 300;
    recorded[t] = 1;
  }
  const prefix = (a: Float64Array) => {
    const p = new Float64Array(n + 1);
    for (let i = 0; i < n; i++) p[i + 1] = p[i]! + a[i]!;
    return p;
  };
  const errSum = prefix(err5);
  const totSum = prefix(tot5);
  const countSum = prefix(recorded);
  /** sum of recorded samples at minutes in [t - w, t] */
  const over = (p: Float64Array, t: number, w: number) => p[t + 1]! - p[Math.max(0, t - w)]!;
  const samples = (t: number, w: number) => over(countSum, t, w);

  const ratio = (t: number, w: number) => {
    const lo = Math.max(0, t - w);
    const dt = T[t]! - T[lo]!;
    return dt > 0 ? (E[t]! - E[lo]!) / dt : NaN;
  };
  const minutes = (s: number) => Math.round(s / 60);
  const threshold = (burnRate: number) => burnRate * budget;
  const guardEvents = (t: number, longMin: number) => (samples(t, longMin) > 0 ? (over(totSum, t, longMin) / samples(t, longMin)) * longMin * 60 : NaN);

  const tierHolds = (t: number, tier: AlertUnit['tiers'][number]) => {
    const thr = threshold(tier.burnRate);
    const holds = ratio(t, minutes(tier.shortWindowSeconds)) > thr && ratio(t, minutes(tier.longWindowSeconds)) > thr;
    if (!holds || slo.alerting.minEvents <= 0) return holds;
    return guardEvents(t, minutes(tier.longWindowSeconds)) >= slo.alerting.minEvents;
  };
  const condition = (unit: AlertUnit, t: number) => t >= 1 && unit.tiers.some((tier) => tierHolds(t, tier));

  const firingCache = new Map<AlertUnit, boolean[]>();
  const firingSeries = (unit: AlertUnit) => {
    let out = firingCache.get(unit);
    if (out) return out;
    out = new Array<boolean>(n).fill(false);
    let activeSince = -1;
    const hold = minutes(unit.forSeconds);
    for (let t = 0; t < n; t += step) {
      if (!condition(unit, t)) {
        activeSince = -1;
        continue;
      }
      if (activeSince < 0) activeSince = t;
      out[t] = t - activeSince >= hold;
    }
    firingCache.set(unit, out);
    return out;
  };

  const periodMin = minutes(periodSeconds(slo));
  const periodRatio = (t: number) => over(errSum, t, periodMin) / over(totSum, t, periodMin);

  return {
    ratio,
    holds: (tier, t) => t >= 1 && tierHolds(t, tier),
    firing: (unit, t) => firingSeries(unit)[t] ?? false,
    periodRatio,
    budgetExhausted: (t) => 1 - periodRatio(t) / budget <= 0,
    margin(t, units) {
      const distances: number[] = [];
      const rel = (value: number, limit: number) => (Number.isFinite(value) ? Math.abs(value / limit - 1) : Infinity);
      for (const unit of units) {
        for (const tier of unit.tiers) {
          distances.push(rel(ratio(t, minutes(tier.shortWindowSeconds)), threshold(tier.burnRate)));
          distances.push(rel(ratio(t, minutes(tier.longWindowSeconds)), threshold(tier.burnRate)));
          if (slo.alerting.minEvents > 0) distances.push(rel(guardEvents(t, minutes(tier.longWindowSeconds)), slo.alerting.minEvents));
        }
      }
      if (slo.alerting.budgetExhausted) distances.push(rel(periodRatio(t), budget));
      return Math.min(...distances);
    },
  };
}
