/**
 * The SLO evaluator: per-minute good/total counts in, SLIs, burn rates, the period's error
 * budget and alert states out. Pure: no I/O and no clock, `now` is given; the data plane
 * reads the minutes and keeps the alert memories between evaluations.
 *
 *   sums.ts          running totals over the minutes, one pass
 *   windows.ts       the windows, error ratio and burn rate
 *   period.ts        rolling and calendar period bounds (local-time.ts: Intl and DST)
 *   budget.ts        occurrences budgeting
 *   timeslices.ts    timeslices budgeting
 *   exhaustion.ts    time to exhaustion at a burn rate
 *   alert-state.ts   inactive → pending → firing → resolved
 *   alerts.ts        tier conditions, the low-traffic guard, no-data, budget-exhausted
 */
import { evaluateAlerts } from './alerts.js';
import { occurrencesBudget, type BudgetFigures } from './budget.js';
import { periodSecondsToExhaustion } from './exhaustion.js';
import { periodBounds } from './period.js';
import { buildMinuteSums, sumBetween, SumsScratch } from './sums.js';
import { countSlices, timeslicesBudget } from './timeslices.js';
import type { BudgetResult, Evaluation, EvaluationInput, WindowResult } from './types.js';
import { errorBudget, minuteEnd, windowResult, windowSecondsToEvaluate } from './windows.js';

export type * from './types.js';
export { alertMemories, budgetExhaustedAlertName, noDataAlertName, tierCondition } from './alerts.js';
export { nextAlertState } from './alert-state.js';
export { periodSecondsToExhaustion, secondsToExhaustion, tierSecondsToExhaustion } from './exhaustion.js';
export { periodBounds, type PeriodBounds } from './period.js';
export { burnRate, errorBudget, minuteEnd } from './windows.js';

/**
 * Reused by every evaluation: evaluate() is synchronous and its sums never leave it, so one
 * scratch per module (per thread) is enough. The results hold only numbers read from it.
 */
const scratch = new SumsScratch();

/** The window whose burn rate drives the exhaustion forecast (BudgetResult.exhaustionAt). */
export const exhaustionWindowSeconds = 3600;

/**
 * Evaluates one SLO at `now`.
 *
 * Every window ends at `now` floored to the minute and holds the minutes that start in
 * [end − w, end); the unfinished minute waits for the next evaluation. `windows` lists the
 * standard windows, the tiers' windows and the period so far ([periodStart, end), so
 * `end − periodStart` seconds long; absent while that is 0), ascending, each length once.
 * `period` is the budget of the period that holds `now`: its good/total are events whatever
 * the budgeting; `periodEnd` is the end of the rolling window (= end) or of the calendar week
 * or month. `alerts` are the enabled tiers, then no-data and budget-exhausted when on; keep
 * `alertMemories(alerts)` for the next evaluation's `previous`.
 *
 * @example evaluate({ slo, now: 1_780_315_200, minutes, previous: alertMemories(last.alerts) })
 */
export function evaluate(input: EvaluationInput): Evaluation {
  const { slo, now } = input;
  const end = minuteEnd(now);
  const sums = buildMinuteSums(input.minutes, scratch);
  const budget = errorBudget(slo.objective);
  const bounds = periodBounds(slo.period, now);
  const elapsedEnd = Math.max(bounds.start, Math.min(end, bounds.end));

  const windows: WindowResult[] = [];
  const byLength = new Map<number, WindowResult>();
  for (const seconds of windowSecondsToEvaluate(slo, elapsedEnd - bounds.start)) {
    const result = windowResult(sums, end, seconds, budget);
    windows.push(result);
    byLength.set(seconds, result);
  }

  const counts = sumBetween(sums, bounds.start, elapsedEnd);
  let figures: BudgetFigures;
  if (slo.budgeting.method === 'occurrences') {
    figures = occurrencesBudget(counts, budget);
  } else {
    const { sliceSeconds, sliceObjective } = slo.budgeting;
    figures = timeslicesBudget(countSlices(sums, bounds, elapsedEnd, sliceSeconds, sliceObjective), budget);
  }
  const period: BudgetResult = {
    periodStart: bounds.start,
    periodEnd: bounds.end,
    good: counts.good,
    total: counts.total,
    sli: figures.sli,
    remaining: figures.remaining,
    exhaustionAt: null,
  };
  const toExhaustion = periodSecondsToExhaustion(period, byLength.get(exhaustionWindowSeconds)?.burnRate ?? null);
  period.exhaustionAt = toExhaustion === null ? null : now + toExhaustion;

  const noDataSeconds = slo.alerting.noDataSeconds;
  const alerts = evaluateAlerts({
    slo,
    now,
    windows: byLength,
    recentTotal: noDataSeconds > 0 ? sumBetween(sums, end - noDataSeconds, end).total : 0,
    remaining: period.remaining,
    previous: input.previous,
  });

  return { at: now, windows, period, alerts };
}
