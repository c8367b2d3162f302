import { z } from 'zod';
import { defaultTiers, type Alerting, type Period, type Sli, type SloDefinition, type SourceFormat } from '../model.js';
import { parseDuration } from './duration.js';
import { describe } from './issues.js';
import { parseSelector } from './promql-selector.js';
import { isTimezone, pascalCase, scalarText, slugify, stringMap } from './schema-kit.js';
import type { SpecSink } from './sink.js';
import type { PathSegment, SourceDoc } from './yaml-source.js';

/**
 * What OpenSLO v1 and v1alpha share: metadata, duration shorthands, time windows, and the
 * translation of Prometheus queries into Octolens's promql SLI.
 * https://github.com/OpenSLO/OpenSLO#specification
 */

export const metadata = z.strictObject({
  name: z.string().min(1),
  displayName: z.string().optional(),
  /** values may be lists; they become comma-joined label values */
  labels: z.record(z.string(), z.union([scalarText, z.array(scalarText)]).transform((v) => (Array.isArray(v) ? v.join(',') : v))).optional(),
  annotations: stringMap.optional(),
  namespace: z.string().optional(),
  project: z.string().optional(),
});

export type Metadata = z.output<typeof metadata>;

const shorthandSeconds: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800, M: 30 * 86400, Q: 90 * 86400, Y: 365 * 86400 };

/**
 * OpenSLO's duration-shorthand (`5m`, `4w`, `1M`, `1Q`): a rolling month counts 30 days, a
 * quarter 90, a year 365. Prometheus-style compounds (`1h30m`) are read too.
 */
export function parseShorthand(text: string): number | undefined {
  const m = /^(\d+)([smhdwMQY])$/.exec(text.trim());
  return m ? Number(m[1]) * shorthandSeconds[m[2]!]! : parseDuration(text.trim());
}

export const shorthand = z.string().transform((text, ctx): number => {
  const seconds = parseShorthand(text);
  if (seconds === undefined) {
    ctx.addIssue({ code: 'custom', message: `expected a duration shorthand such as 5m, 1h, 28d, 1w or 1M, got ${describe(text)}` });
    return z.NEVER;
  }
  return seconds;
});

/** A calendar window of one week or one month; `startTime` is not needed (weeks start on Monday, months on the 1st). */
export function calendarPeriod(unit: 'week' | 'month', timeZone: string, src: SourceDoc, timeZonePath: PathSegment[], sink: SpecSink): Period | undefined {
  if (!isTimezone(timeZone)) {
    sink.error(src, timeZonePath, `unknown timezone ${describe(timeZone)} (expected an IANA name such as America/New_York)`);
    return undefined;
  }
  return { kind: 'calendar', unit, timezone: timeZone };
}

export const rolling30d: Period = { kind: 'rolling', seconds: 30 * 86400 };

/** Where a query came from, to point a message at it. */
export interface QueryAt {
  query: string;
  src: SourceDoc;
  path: PathSegment[];
}

const window = '{{.window}}';

/**
 * A query made ready for every window. Queries written for Sloth already say `{{.window}}`;
 * a bare selector becomes `sum(rate(<selector>[{{.window}}]))` for a counter, or
 * `avg(avg_over_time(<selector>[{{.window}}]))` for a precomputed ratio; anything else is
 * kept as written, with a warning, since Octolens cannot know which range to widen.
 */
export function windowed(at: QueryAt, kind: 'counter' | 'ratio' | 'unknown', sink: SpecSink): string {
  const q = at.query.trim();
  if (q.includes(window)) return q;
  const bare = !('error' in parseSelector(q));
  if (bare && kind === 'counter') return `sum(rate(${q}[${window}]))`;
  if (bare && kind === 'ratio') return `avg(avg_over_time(${q}[${window}]))`;
  sink.warn(at.src, at.path, `has no ${window} range: every window (5m … 30d) evaluates it as written`);
  return q;
}

/** good/bad/total or a raw ratio → the promql SLI; good + total records errors as total − good. */
export function ratioSli(q: { good?: string; bad?: string; total?: string; raw?: string; rawType?: 'success' | 'failure' }): Sli {
  if (q.raw !== undefined) return { kind: 'promql', errorRatioQuery: q.rawType === 'success' ? `1 - (${q.raw})` : q.raw };
  const errorQuery = q.bad ?? `(${q.total}) - (${q.good})`;
  return { kind: 'promql', errorQuery, totalQuery: q.total! };
}

const comparison = { lt: '<', lte: '<=', gt: '>', gte: '>=' } as const;

/**
 * A threshold metric (each sample is good when `op value` holds) → an error ratio: the share
 * of one-minute samples over the window where the condition fails.
 */
export function thresholdSli(query: string, op: keyof typeof comparison, value: number): Sli {
  return { kind: 'promql', errorRatioQuery: `1 - avg(avg_over_time(((${query}) ${comparison[op]} bool ${value})[${window}:1m]))` };
}

export interface ObjectiveParts {
  src: SourceDoc;
  /** the SLO document (single objective) or the objective itself (several) */
  path: PathSegment[];
  format: SourceFormat;
  service: string;
  metadata: Metadata;
  description: string | undefined;
  /** set when the SLO has more than one objective */
  suffix: string | undefined;
  objective: number;
  period: Period;
  budgeting: SloDefinition['budgeting'];
  sli: Sli;
  alerting: Alerting;
}

/** One SloDefinition per objective; several objectives get their name (or number) appended to id and name. */
export function objectiveSlo(p: ObjectiveParts, sink: SpecSink): SloDefinition {
  const name = p.suffix ? `${p.metadata.name}-${p.suffix}` : p.metadata.name;
  return {
    id: slugify(`${p.service}-${name}`),
    name,
    service: p.service,
    description: p.description ?? p.metadata.displayName ?? '',
    labels: p.metadata.labels ?? {},
    objective: p.objective,
    period: p.period,
    budgeting: p.budgeting,
    sli: p.sli,
    groupBy: [],
    alerting: p.alerting,
    source: sink.source(p.src, p.path, p.format),
  };
}

/** The suffix for objective `i` of an SLO with several. */
export function objectiveSuffix(o: { name?: string; displayName?: string }, i: number): string {
  return slugify(o.name ?? o.displayName ?? '') || String(i + 1);
}

/** Alerting when the SLO names no alert policy: the default tiers, as for every Octolens SLO. */
export function defaultAlerting(metadataName: string, service: string, periodSeconds: number): Alerting {
  return { name: pascalCase(`${service}-${metadataName}`), labels: {}, annotations: {}, tiers: defaultTiers(periodSeconds), minEvents: 0, noDataSeconds: 0, budgetExhausted: false };
}

export function isPrometheus(type: string | undefined): boolean {
  return type?.toLowerCase() === 'prometheus';
}
