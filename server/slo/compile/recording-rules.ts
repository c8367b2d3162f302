import { standardWindowsSeconds, type SloDefinition } from '../model.js';
import { promDuration } from './durations.js';
import type { RecordingRule } from './rule-file.js';
import type { SliQueries } from './sli-queries.js';
import { calendarNote, num, periodSeconds, periodWindow, sliErrorEvents, sliErrorRatio, sliTotalEvents, sloFilter, sloLabel, windowLabels } from './slo-labels.js';

/**
 * Windows with a `slo:sli_error:ratio_rate<w>` rule: Sloth's standard set, plus any
 * non-standard tier window and the timeslice length. The period has its own rule.
 */
export function sliWindows(slo: SloDefinition): number[] {
  const set = new Set<number>(standardWindowsSeconds);
  for (const tier of slo.alerting.tiers) {
    if (!tier.enabled) continue;
    set.add(tier.shortWindowSeconds);
    set.add(tier.longWindowSeconds);
  }
  if (slo.budgeting.method === 'timeslices') set.add(slo.budgeting.sliceSeconds);
  set.delete(periodSeconds(slo));
  return [...set].sort((a, b) => a - b);
}

export function sliRecordingRules(slo: SloDefinition, sli: Exclude<SliQueries, { kind: 'unsupported' }>): RecordingRule[] {
  const labels = (window: string) => windowLabels(slo, window);
  const filter = sloFilter(slo);
  const rules: RecordingRule[] = [];
  const standard = new Set<number>(standardWindowsSeconds);

  if (sli.kind === 'events') {
    rules.push(
      { record: sliErrorEvents, expr: sli.error('5m'), labels: labels('5m'), comment: 'error events per second over 5m' },
      { record: sliTotalEvents, expr: sli.total('5m'), labels: labels('5m'), comment: 'total events per second over 5m' },
    );
  }
  for (const seconds of sliWindows(slo)) {
    const w = promDuration(seconds);
    const comment = standard.has(seconds) ? undefined : 'non-standard window used by an alert tier or a timeslice';
    let expr: string;
    if (sli.kind === 'ratio') expr = sli.errorRatio(w);
    else if (w === '5m') expr = `${sliErrorEvents}${filter}\n/\n${sliTotalEvents}${filter}`;
    else expr = `(${sli.error(w)})\n/\n(${sli.total(w)})`;
    rules.push({ record: sliErrorRatio(w), expr, labels: labels(w), ...(comment ? { comment } : {}) });
  }
  rules.push(periodRule(slo, sli, labels(periodWindow(slo))));
  return rules;
}

/**
 * The error ratio over the whole period. Sloth averages the 5-minute ratios, which gives a
 * quiet night the weight of a busy day; this divides the period's error events by its total
 * events instead (both as 5m rates summed over the period: every sample has the same
 * weight on both sides, so the ratio is event-weighted).
 */
function periodRule(slo: SloDefinition, sli: Exclude<SliQueries, { kind: 'unsupported' }>, labels: Record<string, string>): RecordingRule {
  const filter = sloFilter(slo);
  const p = periodWindow(slo);
  const notes: string[] = [];
  const calendar = calendarNote(slo);
  if (calendar) notes.push(calendar);
  let expr: string;
  if (slo.budgeting.method === 'timeslices') {
    // Share of bad slices among slices with data: the subquery steps on slice boundaries
    // (multiples of the slice since the epoch, UTC); NaN ratios (no traffic) are dropped.
    const slice = promDuration(slo.budgeting.sliceSeconds);
    const ratio = `${sliErrorRatio(slice)}${filter}`;
    const bad = `(${ratio} > bool ${num(1 - slo.budgeting.sliceObjective)}) unless (${ratio} != ${ratio})`;
    expr = `avg_over_time((${bad})[${p}:${slice}])`;
    notes.push(`timeslices of ${slice}: the share of slices whose error ratio is over ${num(1 - slo.budgeting.sliceObjective)}`);
  } else if (sli.kind === 'events') {
    expr = `sum_over_time(${sliErrorEvents}${filter}[${p}])\n/\nsum_over_time(${sliTotalEvents}${filter}[${p}])`;
    notes.push('event-weighted: period error events / period total events (not an average of 5m ratios)');
  } else {
    const r5m = `${sliErrorRatio('5m')}${filter}`;
    expr = `sum_over_time(${r5m}[${p}])\n/ ignoring (${sloLabel.window})\ncount_over_time(${r5m}[${p}])`;
    notes.push('an error-ratio SLI has no event counts: average of 5m ratios, as Sloth does');
  }
  return { record: sliErrorRatio(p), expr, labels, comment: notes.join('\n') };
}
