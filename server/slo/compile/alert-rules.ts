import type { BurnRateTier, SloDefinition } from '../model.js';
import { promDuration } from './durations.js';
import type { AlertingRule } from './rule-file.js';
import type { SliQueries } from './sli-queries.js';
import { errorBudget, num, sliErrorRatio, sliTotalEvents, sloFilter, sloLabel } from './slo-labels.js';

type Severity = BurnRateTier['severity'];

/** One burn-rate alert rule: the tiers it ORs, its `for`, and the labels and annotations it adds. */
export interface AlertUnit {
  severity: Severity;
  tiers: BurnRateTier[];
  forSeconds: number;
  /** the tiers' own labels (Sloth's page_alert/ticket_alert labels), plus `octolens_tier` when split */
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

const sortedJson = (r: Record<string, string> = {}) => JSON.stringify(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
const tierKey = (t: BurnRateTier) => `${t.forSeconds}|${sortedJson(t.labels)}|${sortedJson(t.annotations)}`;

/**
 * How the enabled tiers group into alert rules: one per severity, as Sloth does, while the
 * severity's tiers agree on `for`, labels and annotations; otherwise one per tier.
 */
export function alertUnits(slo: SloDefinition): AlertUnit[] {
  const out: AlertUnit[] = [];
  for (const severity of ['page', 'ticket'] as const) {
    const tiers = slo.alerting.tiers.filter((t) => t.enabled && t.severity === severity);
    const first = tiers[0];
    if (!first) continue;
    if (new Set(tiers.map(tierKey)).size === 1) {
      out.push({ severity, tiers, forSeconds: first.forSeconds, labels: { ...first.labels }, annotations: { ...first.annotations } });
    } else {
      for (const t of tiers) out.push({ severity, tiers: [t], forSeconds: t.forSeconds, labels: { ...t.labels, octolens_tier: t.name }, annotations: { ...t.annotations } });
    }
  }
  return out;
}

/**
 * Multi-window multi-burn-rate alerts, one per severity as Sloth emits them (page, ticket):
 * the severity's enabled tiers ORed, each tier its short and long windows ANDed over the
 * threshold factor × error budget. `max … without (sloth_window)` drops the one label the
 * two windows differ in, so `and`/`or` match every other label (group-by labels included).
 * When a severity's tiers differ in `for`, one `for` cannot serve them all: each tier then
 * gets its own alert (same name, an `octolens_tier` label).
 */
export function burnRateAlerts(slo: SloDefinition, sli: Exclude<SliQueries, { kind: 'unsupported' }>): AlertingRule[] {
  const unguarded =
    slo.alerting.minEvents > 0 && sli.kind === 'ratio' ? `minEvents (${slo.alerting.minEvents}) is not applied: an error-ratio SLI has no event counts` : undefined;
  return alertUnits(slo).map((unit) => {
    const split = unit.labels.octolens_tier;
    const notes = split ? [`the ${unit.severity} tiers differ in for, labels or annotations: one alert per tier (${split})`] : [];
    if (unguarded) notes.push(unguarded);
    return {
      ...alert(slo, unit, unit.tiers.map((t) => tierExpr(slo, sli, t)).join('\nor\n')),
      ...(notes.length ? { comment: notes.join('\n') } : {}),
    };
  });
}

function tierExpr(slo: SloDefinition, sli: Exclude<SliQueries, { kind: 'unsupported' }>, tier: BurnRateTier): string {
  const filter = sloFilter(slo);
  const threshold = `(${num(tier.burnRate)} * ${errorBudget(slo)})`;
  const over = (seconds: number) => `max(${sliErrorRatio(promDuration(seconds))}${filter} > ${threshold}) without (${sloLabel.window})`;
  const parts = [over(tier.shortWindowSeconds), over(tier.longWindowSeconds)];
  if (slo.alerting.minEvents > 0 && sli.kind === 'events') {
    // Low-traffic guard: the long window's events (mean 5m rate over the window × its length).
    const long = tier.longWindowSeconds;
    parts.push(`ignoring (${sloLabel.window}) (avg_over_time(${sliTotalEvents}${filter}[${promDuration(long)}]) * ${long} >= ${num(slo.alerting.minEvents)})`);
  }
  return `(\n    ${parts.join('\n    and\n    ')}\n)`;
}

function alert(slo: SloDefinition, unit: AlertUnit, expr: string): AlertingRule {
  const severity = unit.severity;
  return {
    alert: slo.alerting.name,
    expr,
    ...(unit.forSeconds > 0 ? { for: promDuration(unit.forSeconds) } : {}),
    labels: { ...slo.alerting.labels, ...unit.labels, [sloLabel.severity]: severity },
    annotations: {
      title: `(${severity}) {{$labels.${sloLabel.service}}} {{$labels.${sloLabel.slo}}} SLO error budget burn rate is too fast.`,
      summary: `{{$labels.${sloLabel.service}}} {{$labels.${sloLabel.slo}}} SLO error budget burn rate is over expected.`,
      ...slo.alerting.annotations,
      ...unit.annotations,
    },
  };
}

/** Fires when no events arrived over the no-data window (or the SLI series is gone). */
export function noDataAlert(slo: SloDefinition, sli: Exclude<SliQueries, { kind: 'unsupported' }>): AlertingRule | undefined {
  const seconds = slo.alerting.noDataSeconds;
  if (seconds <= 0) return undefined;
  const filter = sloFilter(slo);
  const w = promDuration(seconds);
  const series = sli.kind === 'events' ? `${sliTotalEvents}${filter}` : `${sliErrorRatio('5m')}${filter}`;
  const expr =
    sli.kind === 'events'
      ? `max without (${sloLabel.window}) (max_over_time(${series}[${w}]) == 0)\nor\nabsent_over_time(${series}[${w}])`
      : `absent_over_time(${series}[${w}])`;
  return {
    alert: `${slo.alerting.name}NoData`,
    expr,
    labels: { ...slo.alerting.labels, [sloLabel.severity]: 'ticket' },
    annotations: {
      title: `(ticket) {{$labels.${sloLabel.service}}} {{$labels.${sloLabel.slo}}} SLO has had no events for ${w}.`,
      summary: `No events reached the SLI of {{$labels.${sloLabel.service}}} {{$labels.${sloLabel.slo}}} for ${w}: the SLO cannot be measured.`,
    },
    comment: 'no-data: a group that disappears entirely is only caught while its counters still exist (== 0); the whole SLO is caught by absent_over_time',
  };
}

export function budgetExhaustedAlert(slo: SloDefinition): AlertingRule | undefined {
  if (!slo.alerting.budgetExhausted) return undefined;
  return {
    alert: `${slo.alerting.name}BudgetExhausted`,
    expr: `max without (${sloLabel.window}) (slo:period_error_budget_remaining:ratio${sloFilter(slo)} <= 0)`,
    labels: { ...slo.alerting.labels, [sloLabel.severity]: 'ticket' },
    annotations: {
      title: `(ticket) {{$labels.${sloLabel.service}}} {{$labels.${sloLabel.slo}}} SLO error budget is exhausted.`,
      summary: `{{$labels.${sloLabel.service}}} {{$labels.${sloLabel.slo}}} has used its whole error budget for the period.`,
    },
  };
}
