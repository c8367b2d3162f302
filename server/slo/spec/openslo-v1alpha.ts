import { z } from 'zod';
import { nominalPeriodSeconds, type Budgeting, type Period, type Sli } from '../model.js';
import { kindOf } from './kinds.js';
import { calendarPeriod, defaultAlerting, isPrometheus, metadata, objectiveSlo, objectiveSuffix, ratioSli, rolling30d, thresholdSli, windowed } from './openslo.js';
import type { SpecSink } from './sink.js';
import type { PathSegment, SourceDoc } from './yaml-source.js';

/**
 * OpenSLO v1alpha, the version Sloth reads: `spec.objectives[].ratioMetrics` with
 * `good`/`total` queries (`source: prometheus`, `queryType: promql`), `timeWindows[]` and
 * `budgetingMethod`. It has no alert policies: every SLO gets the default tiers. Timeslices
 * use one-minute slices (v1alpha has no slice length).
 * https://github.com/OpenSLO/OpenSLO/blob/main/pkg/model/v1alpha/objects.go
 */

const query = z.strictObject({ source: z.string().min(1), queryType: z.string().min(1), query: z.string().min(1) });

const objective = z.strictObject({
  displayName: z.string().optional(),
  value: z.number().optional(),
  target: z.number().gt(0).lt(1),
  timeSliceTarget: z.number().gt(0).max(1).optional(),
  op: z.enum(['lt', 'lte', 'gt', 'gte']).optional(),
  ratioMetrics: z.strictObject({ good: query, total: query, counter: z.boolean().optional(), incremental: z.boolean().optional() }).optional(),
});

const unitSeconds = { Second: 1, Minute: 60, Hour: 3600, Day: 86400, Week: 604800, Month: 30 * 86400, Quarter: 90 * 86400, Year: 365 * 86400 } as const;

const timeWindow = z.strictObject({
  unit: z.enum(Object.keys(unitSeconds) as [keyof typeof unitSeconds, ...(keyof typeof unitSeconds)[]]),
  count: z.number().int().positive(),
  isRolling: z.boolean().optional(),
  calendar: z.strictObject({ startTime: z.union([z.string(), z.date()]).optional(), timeZone: z.string() }).optional(),
});

const sloSpec = z.strictObject({
  description: z.string().optional(),
  service: z.string().min(1),
  indicator: z.strictObject({ thresholdMetric: query }).optional(),
  timeWindows: z.array(timeWindow).length(1, { error: 'must hold exactly one time window' }).optional(),
  budgetingMethod: z.enum(['Occurrences', 'Timeslices']).optional(),
  objectives: z.array(objective).min(1),
});

const documents = {
  SLO: z.strictObject({ apiVersion: z.literal('openslo/v1alpha'), kind: z.literal('SLO'), metadata, spec: sloSpec }),
  Service: z.strictObject({ apiVersion: z.literal('openslo/v1alpha'), kind: z.literal('Service'), metadata, spec: z.strictObject({ description: z.string().optional() }) }),
};

type Query = z.output<typeof query>;

export function importOpenSloV1alpha(docs: readonly SourceDoc[], sink: SpecSink): void {
  for (const src of docs) {
    const kind = kindOf(src, ['SLO', 'Service'], 'openslo/v1alpha', sink);
    if (kind !== 'SLO') continue;
    const slo = sink.parse(documents.SLO, src, [], src.value);
    if (!slo) continue;
    const { spec } = slo;
    const period = periodOf(spec.timeWindows?.[0], src, sink);
    if (!period) continue;
    const alerting = defaultAlerting(slo.metadata.name, spec.service, nominalPeriodSeconds(period));
    const several = spec.objectives.length > 1;
    spec.objectives.forEach((o, i) => {
      const path: PathSegment[] = ['spec', 'objectives', i];
      const sli = sliOf(o, spec.indicator?.thresholdMetric, src, path, sink);
      const budgeting = budgetingOf(spec.budgetingMethod, o, src, path, sink);
      if (!sli || !budgeting) return;
      const suffix = several ? objectiveSuffix(o, i) : undefined;
      sink.slos.push(objectiveSlo({ src, path: several ? path : [], format: 'openslo/v1alpha', service: spec.service, metadata: slo.metadata, description: spec.description, suffix, objective: o.target, period, budgeting, sli, alerting }, sink));
    });
  }
}

function periodOf(w: z.output<typeof timeWindow> | undefined, src: SourceDoc, sink: SpecSink): Period | undefined {
  if (!w) return rolling30d;
  const path: PathSegment[] = ['spec', 'timeWindows', 0];
  if (w.calendar) {
    const unit = w.count === 1 && w.unit === 'Week' ? 'week' : w.count === 1 && w.unit === 'Month' ? 'month' : undefined;
    if (!unit) sink.error(src, path, `calendar time windows must last one week or one month (count: 1, unit: Week or Month), got ${w.count} ${w.unit}`);
    return unit && calendarPeriod(unit, w.calendar.timeZone, src, [...path, 'calendar', 'timeZone'], sink);
  }
  const seconds = w.count * unitSeconds[w.unit];
  if (seconds < 3600) {
    sink.error(src, path, `a rolling time window must last at least 1h, got ${w.count} ${w.unit}`);
    return undefined;
  }
  return { kind: 'rolling', seconds };
}

function sliOf(o: z.output<typeof objective>, threshold: Query | undefined, src: SourceDoc, path: PathSegment[], sink: SpecSink): Sli | undefined {
  const r = o.ratioMetrics;
  if (r) {
    const good = promql(r.good, src, [...path, 'ratioMetrics', 'good'], sink);
    const total = promql(r.total, src, [...path, 'ratioMetrics', 'total'], sink);
    if (good === undefined || total === undefined) return undefined;
    const kind = r.counter === false ? 'unknown' : 'counter';
    return ratioSli({
      good: windowed({ query: good, src, path: [...path, 'ratioMetrics', 'good', 'query'] }, kind, sink),
      total: windowed({ query: total, src, path: [...path, 'ratioMetrics', 'total', 'query'] }, kind, sink),
    });
  }
  if (!threshold) {
    sink.error(src, path, 'needs ratioMetrics, or a thresholdMetric indicator on the SLO');
    return undefined;
  }
  if (o.op === undefined || o.value === undefined) {
    sink.error(src, path, 'a thresholdMetric SLI needs op and value on each objective');
    return undefined;
  }
  const q = promql(threshold, src, ['spec', 'indicator', 'thresholdMetric'], sink);
  return q === undefined ? undefined : thresholdSli(q.trim(), o.op, o.value);
}

function promql(q: Query, src: SourceDoc, path: PathSegment[], sink: SpecSink): string | undefined {
  if (!isPrometheus(q.source)) {
    sink.error(src, [...path, 'source'], `only Prometheus sources can be imported, got "${q.source}"`);
    return undefined;
  }
  if (q.queryType.toLowerCase() !== 'promql') {
    sink.error(src, [...path, 'queryType'], `expected "promql", got "${q.queryType}"`);
    return undefined;
  }
  return q.query;
}

function budgetingOf(method: 'Occurrences' | 'Timeslices' | undefined, o: z.output<typeof objective>, src: SourceDoc, path: PathSegment[], sink: SpecSink): Budgeting | undefined {
  if (method !== 'Timeslices') return { method: 'occurrences' };
  if (o.timeSliceTarget === undefined) {
    sink.error(src, [...path, 'timeSliceTarget'], 'is required with Timeslices budgeting');
    return undefined;
  }
  return { method: 'timeslices', sliceSeconds: 60, sliceObjective: o.timeSliceTarget };
}
