/**
 * Daily cost anomalies ("what is growing unexpectedly?"): each group's usage-based effective
 * cost per UTC day, against the trailing baseline of the days before it.
 *
 * A day is an anomaly when, with at least MIN_BASELINE_DAYS of baseline (the BASELINE_DAYS
 * before it, from the group's first charged day on; a day without charges counts 0):
 *   cost > mean + 3 × standard deviation   (population deviation of the baseline days)
 *   and cost − mean ≥ max(20% of the mean, minIncrease)   (default 1.00 of the currency)
 * so a flat series that doubles is caught, and noise around a small mean is not. Only
 * usage-based charges (ChargeFrequency 'Usage-Based') count: a monthly fee or a purchase on
 * the 1st is a schedule, not an anomaly. Amounts stay decimal (decimal.js, from ClickHouse's
 * Decimal sums); the z-score is shown with one decimal.
 */
import type { CostAnomaly, CostGroupBy } from '../../shared/api.js';
import { cents, Money, type Money as MoneyT } from './decimal.js';
import { currentImportsCte, isCurrentRow } from './current.js';
import { keyExprs, UNALLOCATED } from './showback.js';

export const BASELINE_DAYS = 14;
export const MIN_BASELINE_DAYS = 7;
export const Z_THRESHOLD = 3;
export const MIN_RELATIVE_INCREASE = '0.2';
const DAY = 86_400;

export interface DailyCostQuery {
  fromSeconds: number;
  toSeconds: number;
  groupBy: CostGroupBy;
  currency: string;
  serviceTeams: Record<string, string>;
}

export interface DailyCostRow {
  key: string;
  day: number;
  effective: string;
}

/** Usage-based effective cost per (key, UTC day), from BASELINE_DAYS before `from`. */
export function dailyCostSql(q: DailyCostQuery): { sql: string; params: Record<string, unknown> } {
  return {
    sql: `WITH ${currentImportsCte}
SELECT ${keyExprs[q.groupBy]} AS key, toUnixTimestamp(toStartOfDay(ChargePeriodStart)) AS day, toString(sum(EffectiveCost)) AS effective
FROM cost_items FINAL
WHERE ${isCurrentRow} AND ChargeFrequency = 'Usage-Based' AND SharedRule = '' AND BillingCurrency = {currency:String}
  AND ChargePeriodStart >= toDateTime({from:UInt32}, 'UTC') AND ChargePeriodStart < toDateTime({to:UInt32}, 'UTC')
GROUP BY key, day
ORDER BY key, day`,
    params: { from: q.fromSeconds - BASELINE_DAYS * DAY, to: q.toSeconds, currency: q.currency, serviceTeams: q.serviceTeams },
  };
}

/** The anomalies among `rows` on the days in [from, to), largest increase first. */
export function findAnomalies(rows: DailyCostRow[], range: { fromSeconds: number; toSeconds: number }, minIncrease: MoneyT = new Money(1)): CostAnomaly[] {
  const byKey = new Map<string, Map<number, MoneyT>>();
  for (const r of rows) {
    const key = r.key === '' ? UNALLOCATED : r.key;
    let days = byKey.get(key);
    if (!days) byKey.set(key, (days = new Map()));
    const day = Number(r.day);
    days.set(day, (days.get(day) ?? new Money(0)).plus(r.effective));
  }
  const out: Array<CostAnomaly & { sortIncrease: MoneyT }> = [];
  const firstDay = Math.floor(range.fromSeconds / DAY) * DAY;
  for (const [key, days] of byKey) {
    const first = Math.min(...days.keys());
    for (let day = firstDay; day < range.toSeconds; day += DAY) {
      const cost = days.get(day);
      if (!cost) continue;
      const baseline: MoneyT[] = [];
      for (let b = day - BASELINE_DAYS * DAY; b < day; b += DAY) if (b >= first) baseline.push(days.get(b) ?? new Money(0));
      if (baseline.length < MIN_BASELINE_DAYS) continue;
      const mean = baseline.reduce((a, x) => a.plus(x), new Money(0)).div(baseline.length);
      const variance = baseline.reduce((a, x) => a.plus(x.minus(mean).pow(2)), new Money(0)).div(baseline.length);
      const sd = variance.sqrt();
      const increase = cost.minus(mean);
      const floor = Money.max(mean.times(MIN_RELATIVE_INCREASE), minIncrease);
      if (!cost.gt(mean.plus(sd.times(Z_THRESHOLD))) || increase.lt(floor)) continue;
      out.push({
        key,
        day: new Date(day * 1000).toISOString().slice(0, 10),
        effectiveCost: cents(cost),
        baseline: cents(mean),
        increase: cents(increase),
        zScore: sd.isZero() ? null : increase.div(sd).toFixed(1),
        baselineDays: baseline.length,
        sortIncrease: increase,
      });
    }
  }
  return out
    .sort((a, b) => b.sortIncrease.comparedTo(a.sortIncrease) || (a.key < b.key ? -1 : 1))
    .map(({ sortIncrease: _drop, ...a }) => a);
}
