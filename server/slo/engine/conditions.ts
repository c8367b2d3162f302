import type { EventSelector, LogSelector, Matcher, MetricSelector, SpanSelector } from '../model.js';
import { and, type SqlParams } from './sql.js';

/**
 * Spec selectors → ClickHouse conditions over the signal tables (exporter column names).
 * A missing map key reads as '', as a missing label does in Prometheus, so `route!="/x"`
 * also matches spans without a route.
 */

/**
 * Prometheus matchers: `=~` and `!~` are anchored at both ends (re2 in both).
 * @example matcherSql("SpanAttributes[{p0:String}]", { key: 'route', op: '=~', value: '/a|/b' }, p)
 */
export function matcherSql(column: string, m: Matcher, p: SqlParams): string {
  switch (m.op) {
    case '=':
      return `${column} = ${p.bind(m.value, 'String')}`;
    case '!=':
      return `${column} != ${p.bind(m.value, 'String')}`;
    case '=~':
      return `match(${column}, ${p.bind(`^(?:${m.value})$`, 'String')})`;
    case '!~':
      return `NOT match(${column}, ${p.bind(`^(?:${m.value})$`, 'String')})`;
  }
}

export type Signal = 'spans' | 'logs' | 'metrics' | 'events';

const attributeColumns: Record<Signal, string> = { spans: 'SpanAttributes', logs: 'LogAttributes', metrics: 'Attributes', events: 'Attributes' };
const spanColumns: Record<string, string> = { 'span.name': 'SpanName', 'span.kind': 'SpanKind', 'span.status': 'StatusCode' };

/**
 * A label a spec groups or matches on: `service.name` is the ServiceName column,
 * `resource.<key>` a resource attribute, `span.name`/`span.kind`/`span.status` the span's
 * columns, anything else the signal's own attributes (SpanAttributes, LogAttributes,
 * Attributes), as the metrics API reads labels.
 */
export function labelSql(signal: Signal, key: string, p: SqlParams): string {
  if (key === 'service.name') return 'ServiceName';
  if (signal === 'spans' && Object.hasOwn(spanColumns, key)) return spanColumns[key]!;
  if (key.startsWith('resource.') && key.length > 'resource.'.length) {
    return `ResourceAttributes[${p.bind(key.slice('resource.'.length), 'String')}]`;
  }
  return `${attributeColumns[signal]}[${p.bind(key, 'String')}]`;
}

const mapMatchers = (column: string, matchers: Matcher[] | undefined, p: SqlParams) =>
  (matchers ?? []).map((m) => matcherSql(`${column}[${p.bind(m.key, 'String')}]`, m, p));

export function spanConditions(s: SpanSelector, p: SqlParams): string[] {
  const c: string[] = [];
  if (s.service !== undefined) c.push(`ServiceName = ${p.bind(s.service, 'String')}`);
  if (s.spanNames?.length) c.push(`SpanName IN ${p.bind(s.spanNames, 'Array(String)')}`);
  if (s.spanKinds?.length) c.push(`SpanKind IN ${p.bind(s.spanKinds, 'Array(String)')}`);
  if (s.statuses?.length) c.push(`StatusCode IN ${p.bind(s.statuses, 'Array(String)')}`);
  c.push(...mapMatchers('SpanAttributes', s.attributes, p), ...mapMatchers('ResourceAttributes', s.resource, p));
  return c;
}

export function logConditions(s: LogSelector, p: SqlParams): string[] {
  const c: string[] = [];
  if (s.service !== undefined) c.push(`ServiceName = ${p.bind(s.service, 'String')}`);
  if (s.minSeverity !== undefined) c.push(`SeverityNumber >= ${p.bind(s.minSeverity, 'UInt8')}`);
  if (s.bodyContains !== undefined && s.bodyContains !== '') c.push(`positionCaseInsensitiveUTF8(Body, ${p.bind(s.bodyContains, 'String')}) > 0`);
  c.push(...mapMatchers('LogAttributes', s.attributes, p));
  return c;
}

export function eventConditions(s: EventSelector, p: SqlParams): string[] {
  return [`Name = ${p.bind(s.name, 'String')}`, ...(s.attributes ?? []).map((m) => matcherSql(labelSql('events', m.key, p), m, p))];
}

/** A counter's points: its name and label matchers (label names as `labelSql` reads them). */
export function metricConditions(s: MetricSelector, p: SqlParams): string[] {
  return [`MetricName = ${p.bind(s.metric, 'String')}`, ...s.matchers.map((m) => matcherSql(labelSql('metrics', m.key, p), m, p))];
}

/** `[v1, v2]` of the group-by labels, `[]` without grouping. */
export function groupValuesSql(signal: Signal, groupBy: string[], p: SqlParams): string {
  return groupBy.length === 0 ? `CAST([], 'Array(String)')` : `[${groupBy.map((k) => labelSql(signal, k, p)).join(', ')}]`;
}

/**
 * The group key stored with each minute: `k=v,…` in groupBy order, with `\`, `,` and `=` in
 * values escaped by a backslash, so the key (and the instance id `<slo>/<key>`) is unique.
 * `keys` is an Array(String) expression, `values` the group values.
 */
export const groupKeySql = (keys: string, values: string) =>
  `arrayStringConcat(arrayMap((k, v) -> concat(k, '=', replaceAll(replaceAll(replaceAll(v, '\\\\', '\\\\\\\\'), ',', '\\\\,'), '=', '\\\\=')), ${keys}, ${values}), ',')`;

/**
 * The same key in TypeScript, for ids of instances the engine names before any minute exists.
 * @example groupKey(['route'], ['/a,b']) === 'route=/a\\,b'
 */
export function groupKey(keys: string[], values: string[]): string {
  return keys.map((k, i) => `${k}=${(values[i] ?? '').replace(/\\/g, '\\\\').replace(/,/g, '\\,').replace(/=/g, '\\=')}`).join(',');
}

export { and };
