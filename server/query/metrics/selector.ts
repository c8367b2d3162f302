import { inRange } from '../sql.js';

/**
 * A label a query filters or groups on: `service.name` is the ServiceName column,
 * `resource.<key>` a resource attribute, anything else a point attribute.
 */
export type LabelRef = { text: string; column: 'ServiceName' } | { text: string; column: 'ResourceAttributes' | 'Attributes'; key: string };

export function parseLabelRef(text: string): LabelRef {
  if (text === 'service.name') return { text, column: 'ServiceName' };
  if (text.startsWith('resource.') && text.length > 'resource.'.length) return { text, column: 'ResourceAttributes', key: text.slice('resource.'.length) };
  return { text, column: 'Attributes', key: text };
}

export interface LabelFilter {
  label: LabelRef;
  /** any of these values (filters on the same label are alternatives) */
  values: string[];
}

export interface Selector {
  name: string;
  fromMs: number;
  toMs: number;
  stepSeconds: number;
  filters: LabelFilter[];
  groupBy: LabelRef[];
}

/** A label's value as SQL; map keys are bound as parameters under `param`. */
function labelSql(label: LabelRef, param: string, params: Record<string, unknown>): string {
  if (label.column === 'ServiceName') return 'ServiceName'; // bare, so the sort key prunes
  params[param] = label.key;
  return `${label.column}[{${param}:String}]`;
}

/**
 * One series: a metric's points from one resource and scope with one attribute set
 * (the OTel data model's stream identity). Maps are sorted so attribute order does not split a series.
 */
export const seriesSql = (extra: string[] = []) =>
  `cityHash64(ServiceName, ScopeName, toString(mapSort(ResourceAttributes)), toString(mapSort(Attributes))${extra.map((e) => `, ${e}`).join('')})`;

export const bucketSql = (timeMs: string) => `intDiv(${timeMs}, {stepMs:Int64}) * {stepMs:Int64}`;

/** Cumulative points look back this far before `from` for the point an increase starts from. */
export const lookbackMs = (stepSeconds: number) => Math.max(stepSeconds * 1000, 300_000);

export interface SelectorSql {
  /** WHERE conditions: the metric, [scanFromMs, toMs), the filters */
  conditions: string[];
  /** `[…] AS labels`-ready expression: the group-by values, in groupBy order */
  labels: string;
  params: Record<string, unknown>;
}

/** The parts every metric query shares. `lookback` widens the scan for cumulative increases. */
export function selectorSql(sel: Selector, opts: { lookback: boolean }): SelectorSql {
  const stepMs = sel.stepSeconds * 1000;
  const params: Record<string, unknown> = {
    name: sel.name,
    fromMs: sel.fromMs,
    toMs: sel.toMs,
    stepMs,
    ...(opts.lookback ? { scanFromMs: sel.fromMs - lookbackMs(sel.stepSeconds) } : {}),
  };
  const conditions = [
    'MetricName = {name:String}',
    ...inRange('TimeUnix', opts.lookback ? 'scanFromMs' : 'fromMs', 'toMs'),
    // FLAG_NO_RECORDED_VALUE: a series ended there (a Prometheus stale marker), no value to read
    'bitAnd(Flags, 1) = 0',
  ];
  sel.filters.forEach((f, i) => {
    params[`filter${i}`] = f.values;
    conditions.push(`${labelSql(f.label, `filterKey${i}`, params)} IN {filter${i}:Array(String)}`);
  });
  const labels = sel.groupBy.length === 0 ? `CAST([], 'Array(String)')` : `[${sel.groupBy.map((g, i) => labelSql(g, `groupKey${i}`, params)).join(', ')}]`;
  return { conditions, labels, params };
}
