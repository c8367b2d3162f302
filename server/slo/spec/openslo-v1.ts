import type { z } from 'zod';
import { nominalPeriodSeconds, type Budgeting, type Period, type Sli, type SloDefinition } from '../model.js';
import { kindOf } from './kinds.js';
import { calendarPeriod, isPrometheus, objectiveSlo, objectiveSuffix, parseShorthand, ratioSli, rolling30d, thresholdSli, windowed, type QueryAt } from './openslo.js';
import { alertingFromPolicies } from './openslo-v1-alerts.js';
import { emptyRegistry, register, resolve, type Entry, type Registry } from './openslo-v1-refs.js';
import { metricSource, v1Documents, type Objective, type SliSpec, type SloSpec, type V1Kind } from './openslo-v1-schema.js';
import { percentToRatio } from './schema-kit.js';
import type { SpecSink } from './sink.js';
import type { PathSegment, SourceDoc } from './yaml-source.js';

/**
 * OpenSLO v1: every object is read first, then each SLO resolves its SLI (inline or
 * `indicatorRef`), alert policies and conditions (inline or by reference) and DataSources,
 * wherever in the directory they are. Each objective becomes one SloDefinition.
 */

const kinds = Object.keys(v1Documents) as V1Kind[];

export function importOpenSloV1(docs: readonly SourceDoc[], sink: SpecSink): void {
  const registry = emptyRegistry();
  for (const src of docs) {
    const kind = kindOf(src, kinds, 'openslo/v1', sink);
    if (!kind) continue;
    const doc = sink.parse(v1Documents[kind], src, [], src.value);
    if (doc) register(registry, kind, { src, doc } as Entry<typeof kind>, sink);
  }
  for (const slo of registry.SLO.values()) sink.slos.push(...sloDefinitions(slo, registry, sink));
}

interface Indicator {
  src: SourceDoc;
  /** path of the SLI's spec in src */
  path: PathSegment[];
  spec: SliSpec;
}

function sloDefinitions(slo: Entry<'SLO'>, registry: Registry, sink: SpecSink): SloDefinition[] {
  const { spec, metadata } = slo.doc;
  const composite = spec.objectives.findIndex((o) => o.indicator !== undefined || o.indicatorRef !== undefined);
  if (composite >= 0) {
    sink.error(slo.src, ['spec', 'objectives', composite], 'composite SLOs (an indicator per objective) are not supported');
    return [];
  }
  if (spec.budgetingMethod === 'RatioTimeslices') {
    sink.error(slo.src, ['spec', 'budgetingMethod'], 'RatioTimeslices is not supported (use Occurrences or Timeslices)');
    return [];
  }
  const indicator = resolveIndicator(slo, registry, sink);
  const period = periodOf(spec, slo.src, sink);
  const ratio = indicator?.spec.ratioMetric && ratioOf(indicator, registry, sink);
  if (!indicator || !period || (indicator.spec.ratioMetric && !ratio)) return [];
  const alerting = alertingFromPolicies(slo, registry, nominalPeriodSeconds(period), sink);
  if (!alerting) return [];
  const several = spec.objectives.length > 1;
  return spec.objectives.flatMap((o, i) => {
    const path: PathSegment[] = ['spec', 'objectives', i];
    const objective = targetOf(o, slo.src, path, sink);
    const budgeting = budgetingOf(spec, o, slo.src, path, sink);
    const sli = ratio ?? thresholdOf(indicator, o, slo.src, path, registry, sink);
    if (objective === undefined || !budgeting || !sli) return [];
    const suffix = several ? objectiveSuffix(o, i) : undefined;
    return [objectiveSlo({ src: slo.src, path: several ? path : [], format: 'openslo/v1', service: spec.service, metadata, description: spec.description, suffix, objective, period, budgeting, sli, alerting }, sink)];
  });
}

function resolveIndicator(slo: Entry<'SLO'>, registry: Registry, sink: SpecSink): Indicator | undefined {
  const { indicator, indicatorRef } = slo.doc.spec;
  if (indicator && indicatorRef !== undefined) {
    sink.error(slo.src, ['spec', 'indicatorRef'], 'give indicator or indicatorRef, not both');
    return undefined;
  }
  if (indicator) return { src: slo.src, path: ['spec', 'indicator', 'spec'], spec: indicator.spec };
  if (indicatorRef === undefined) {
    sink.error(slo.src, ['spec'], 'needs indicator (an inline SLI) or indicatorRef (the name of an SLI)');
    return undefined;
  }
  const sli = resolve(registry, 'SLI', indicatorRef, slo.src, ['spec', 'indicatorRef'], sink);
  return sli && { src: sli.src, path: ['spec'], spec: sli.doc.spec };
}

function periodOf(spec: SloSpec, src: SourceDoc, sink: SpecSink): Period | undefined {
  const w = spec.timeWindow?.[0];
  if (!w) return rolling30d;
  const path: PathSegment[] = ['spec', 'timeWindow', 0];
  const seconds = parseShorthand(w.duration);
  if (seconds === undefined) {
    sink.error(src, [...path, 'duration'], `expected a duration shorthand such as 28d, 1w or 1M, got "${w.duration}"`);
    return undefined;
  }
  if (w.calendar) {
    const unit = w.duration === '1M' ? 'month' : seconds === 604800 ? 'week' : undefined;
    if (!unit) sink.error(src, [...path, 'duration'], `calendar time windows must last one week or one month (1w or 1M), got "${w.duration}"`);
    return unit && calendarPeriod(unit, w.calendar.timeZone, src, [...path, 'calendar', 'timeZone'], sink);
  }
  if (seconds < 3600) {
    sink.error(src, [...path, 'duration'], `a rolling time window must last at least 1h, got "${w.duration}"`);
    return undefined;
  }
  return { kind: 'rolling', seconds };
}

function targetOf(o: Objective, src: SourceDoc, path: PathSegment[], sink: SpecSink): number | undefined {
  if ((o.target === undefined) === (o.targetPercent === undefined)) {
    sink.error(src, o.target === undefined ? path : [...path, 'targetPercent'], o.target === undefined ? 'needs target (0..1) or targetPercent (0..100)' : 'give target or targetPercent, not both');
    return undefined;
  }
  return o.target ?? percentToRatio(o.targetPercent!);
}

function budgetingOf(spec: SloSpec, o: Objective, src: SourceDoc, path: PathSegment[], sink: SpecSink): Budgeting | undefined {
  if (spec.budgetingMethod !== 'Timeslices') return { method: 'occurrences' };
  if (o.timeSliceTarget === undefined || o.timeSliceWindow === undefined) {
    sink.error(src, [...path, o.timeSliceTarget === undefined ? 'timeSliceTarget' : 'timeSliceWindow'], 'is required with Timeslices budgeting');
    return undefined;
  }
  if (o.timeSliceWindow < 60 || o.timeSliceWindow % 60 !== 0) {
    sink.error(src, [...path, 'timeSliceWindow'], `must be whole minutes (the hub counts per minute), got ${o.timeSliceWindow}s`);
    return undefined;
  }
  return { method: 'timeslices', sliceSeconds: o.timeSliceWindow, sliceObjective: o.timeSliceTarget };
}

/** The ratio SLI, the same for every objective. */
function ratioOf(indicator: Indicator, registry: Registry, sink: SpecSink): Sli | undefined {
  const r = indicator.spec.ratioMetric!;
  const parts = { good: r.good, bad: r.bad, total: r.total, raw: r.raw };
  const queries: Partial<Record<keyof typeof parts, string>> = {};
  let ok = true;
  for (const [key, metric] of Object.entries(parts) as [keyof typeof parts, { metricSource: MetricSource } | undefined][]) {
    if (!metric) continue;
    const at = queryOf(metric.metricSource, indicator.src, [...indicator.path, 'ratioMetric', key, 'metricSource'], registry, sink);
    if (!at) ok = false;
    else queries[key] = windowed(at, key === 'raw' ? 'ratio' : r.counter === false ? 'unknown' : 'counter', sink);
  }
  return ok ? ratioSli({ ...queries, rawType: r.rawType }) : undefined;
}

function thresholdOf(indicator: Indicator, o: Objective, src: SourceDoc, path: PathSegment[], registry: Registry, sink: SpecSink): Sli | undefined {
  if (o.op === undefined || o.value === undefined) {
    sink.error(src, path, 'a thresholdMetric SLI needs op and value on each objective');
    return undefined;
  }
  const at = queryOf(indicator.spec.thresholdMetric!.metricSource, indicator.src, [...indicator.path, 'thresholdMetric', 'metricSource'], registry, sink);
  return at && thresholdSli(at.query.trim(), o.op, o.value);
}

type MetricSource = z.output<typeof metricSource>;

/** The PromQL of a metric source, whose type is given or comes from its DataSource. */
function queryOf(ms: MetricSource, src: SourceDoc, path: PathSegment[], registry: Registry, sink: SpecSink): QueryAt | undefined {
  let type = ms.type;
  if (ms.metricSourceRef !== undefined && type === undefined) {
    const ds = resolve(registry, 'DataSource', ms.metricSourceRef, src, [...path, 'metricSourceRef'], sink);
    if (!ds) return undefined;
    type = ds.doc.spec.type;
  }
  if (type === undefined) {
    sink.error(src, path, 'needs a type (e.g. Prometheus) or a metricSourceRef to a DataSource');
    return undefined;
  }
  if (!isPrometheus(type)) {
    sink.error(src, [...path, ms.type !== undefined ? 'type' : 'metricSourceRef'], `only Prometheus metric sources can be imported, got "${type}"`);
    return undefined;
  }
  const query = ms.spec?.query;
  if (typeof query !== 'string' || !query.trim()) {
    sink.error(src, [...path, 'spec', 'query'], 'is required: the PromQL query');
    return undefined;
  }
  return { query, src, path: [...path, 'spec', 'query'] };
}
