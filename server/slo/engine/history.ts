import type { DataFrameJSON } from '../../../shared/api.js';
import { dataFrameToJSON, FieldType, toDataFrame } from '../../lib/grafana.js';
import { occurrencesBudget } from '../evaluate/budget.js';
import { buildMinuteSums, sumBetween } from '../evaluate/sums.js';
import { countSlices, timeslicesBudget } from '../evaluate/timeslices.js';
import type { MinuteCounts } from '../evaluate/types.js';
import { burnRate, errorBudget } from '../evaluate/windows.js';
import type { SloDefinition } from '../model.js';
import { formatWindow } from './describe.js';

const niceSteps = [60, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];

/** A step of at most `points` points over the period, in whole minutes. */
export function historyStepSeconds(periodSeconds: number, points = 720): number {
  const raw = periodSeconds / points;
  return niceSteps.find((s) => s >= raw) ?? Math.ceil(raw / 86400) * 86400;
}

export interface HistoryInput {
  slo: Pick<SloDefinition, 'objective' | 'budgeting' | 'alerting'>;
  periodStart: number;
  periodEnd: number;
  /** the evaluation's minute end: the last point */
  end: number;
  stepSeconds: number;
  /** sorted, covering [periodStart − longest tier window, end) */
  minutes: MinuteCounts[];
}

/** Point times: the period start, every step after it, and `end`. Epoch seconds. */
export function historyTimes(periodStart: number, end: number, stepSeconds: number): number[] {
  const times: number[] = [];
  for (let t = periodStart; t < end; t += stepSeconds) times.push(t);
  times.push(end);
  return times;
}

const frame = (name: string, times: number[], fields: Array<{ name: string; values: Array<number | null>; labels?: Record<string, string> }>) =>
  dataFrameToJSON(
    toDataFrame({
      name,
      fields: [
        { name: 'time', type: FieldType.time, values: times.map((t) => t * 1000) },
        ...fields.map((f) => ({ name: f.name, type: FieldType.number, labels: f.labels, values: f.values.map((v) => (v === null || !Number.isFinite(v) ? null : v)) })),
      ],
    }),
  ) as DataFrameJSON;

/**
 * The SLO page's charts, with the evaluator's own arithmetic (evaluate/sums, budget,
 * timeslices, windows), so the last point of each equals the evaluation:
 * - `budget`: `remaining` at each time t of the period, the budget of [periodStart, t)
 *   (the burn-down: 1 at the start, the evaluation's remaining at the end);
 * - `burn`: per tier long window W (enabled tiers), the burn rate of [t − W, t), one field
 *   per window named and labelled `window=1h`;
 * - `sli`: good/total of each step [t − step, t) (null without events).
 */
export function historyFrames(input: HistoryInput): DataFrameJSON[] {
  const { slo, periodStart, periodEnd, end, stepSeconds } = input;
  const sums = buildMinuteSums(input.minutes);
  const budget = errorBudget(slo.objective);
  const times = historyTimes(periodStart, end, stepSeconds);

  const remaining = times.map((t) => {
    if (slo.budgeting.method === 'occurrences') return occurrencesBudget(sumBetween(sums, periodStart, t), budget).remaining;
    const { sliceSeconds, sliceObjective } = slo.budgeting;
    return timeslicesBudget(countSlices(sums, { start: periodStart, end: periodEnd }, t, sliceSeconds, sliceObjective), budget).remaining;
  });

  const windows = [...new Set(slo.alerting.tiers.filter((t) => t.enabled).map((t) => t.longWindowSeconds))].sort((a, b) => a - b);
  const burns = windows.map((w) => ({
    name: formatWindow(w),
    labels: { window: formatWindow(w) },
    values: times.map((t) => {
      const c = sumBetween(sums, t - w, t);
      return burnRate(Math.max(0, c.total - c.good), c.total, budget);
    }),
  }));

  const sli = times.map((t) => {
    const c = sumBetween(sums, t - stepSeconds, t);
    return c.total > 0 ? c.good / c.total : null;
  });

  return [frame('budget', times, [{ name: 'remaining', values: remaining }]), frame('burn', times, burns), frame('sli', times, [{ name: 'sli', values: sli }])];
}
