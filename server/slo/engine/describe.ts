import type { SloStatus } from '../../../shared/api.js';
import type { Budgeting, Period, SloDefinition } from '../model.js';
import type { Evaluation } from '../evaluate/types.js';

/**
 * An instance's id: the SLO id, or `<slo id>/<group key>` for one group of a grouped SLO.
 * @example instanceId('checkout-latency', 'route=/cart') === 'checkout-latency/route=/cart'
 */
export const instanceId = (sloId: string, groupKey: string) => (groupKey === '' ? sloId : `${sloId}/${groupKey}`);

const units: Array<[string, number]> = [
  ['d', 86400],
  ['h', 3600],
  ['m', 60],
  ['s', 1],
];

/**
 * A window in the largest unit that divides it, as Sloth and Prometheus write them.
 * @example formatWindow(300) === '5m'; formatWindow(2592000) === '30d'
 */
export function formatWindow(seconds: number): string {
  for (const [unit, size] of units) if (seconds > 0 && seconds % size === 0) return `${seconds / size}${unit}`;
  return `${seconds}s`;
}

/** @example describePeriod({ kind: 'rolling', seconds: 2592000 }) === '30d rolling' */
export function describePeriod(period: Period): string {
  return period.kind === 'rolling' ? `${formatWindow(period.seconds)} rolling` : `calendar ${period.unit} (${period.timezone})`;
}

/** @example describeBudgeting({ method: 'timeslices', sliceSeconds: 60, sliceObjective: 0.95 }) === 'timeslices: 1m slices, good at ≥ 95%' */
export function describeBudgeting(b: Budgeting): string {
  return b.method === 'occurrences' ? 'occurrences' : `timeslices: ${formatWindow(b.sliceSeconds)} slices, good at ≥ ${+(b.sliceObjective * 100).toFixed(6)}%`;
}

/**
 * The seconds of minutes an SLO needs behind `now`: its longest possible period (a calendar
 * month may have 31 days) plus its longest window, so the period's first minute also has
 * its burn-rate windows, and the history chart starts with the period.
 */
export function lookbackSeconds(slo: Pick<SloDefinition, 'period' | 'alerting'>): number {
  const period = slo.period.kind === 'rolling' ? slo.period.seconds : slo.period.unit === 'week' ? 7 * 86400 : 31 * 86400;
  const windows = [259_200, slo.alerting.noDataSeconds, ...slo.alerting.tiers.flatMap((t) => [t.longWindowSeconds, t.shortWindowSeconds])];
  return period + Math.max(...windows);
}

/**
 * The list's status of an evaluated instance: no data without events in the period;
 * critical when a page alert fires or the budget is spent; warning when a ticket alert fires
 * or any alert is pending; ok otherwise.
 */
export function statusOf(evaluation: Evaluation | null, hubEvaluable: boolean): SloStatus {
  if (!hubEvaluable) return 'prometheus_only';
  if (!evaluation || evaluation.period.sli === null) return 'no_data';
  const firing = evaluation.alerts.filter((a) => a.state === 'firing');
  if (firing.some((a) => a.severity === 'page') || (evaluation.period.remaining !== null && evaluation.period.remaining <= 0)) return 'critical';
  if (firing.length > 0 || evaluation.alerts.some((a) => a.state === 'pending')) return 'warning';
  return 'ok';
}
