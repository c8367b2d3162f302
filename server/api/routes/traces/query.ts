import { inHourKeyedRange, inRange, whereAll, type SqlQuery } from '../../../query/sql.js';
import { attributeFilterSql, facetValuesSql, nameMatchSql, serviceNameField, type AttributeFilter, type NameMatch, type SignalFields } from '../../../query/search-filter.js';
import { latencyBucketSql } from './latency.js';

/** How filter keys read on spans: their own attributes, and the span's columns by name (docs/search.md). */
export const spanFields: SignalFields = {
  attributes: 'SpanAttributes',
  intrinsic: {
    'service.name': serviceNameField,
    'span.name': { text: 'SpanName', number: 'toFloat64OrNull(toString(SpanName))' },
    'span.kind': { text: 'SpanKind', number: 'toFloat64OrNull(toString(SpanKind))' },
    'span.status': { text: 'StatusCode', number: 'toFloat64OrNull(toString(StatusCode))' },
  },
};

export interface TraceFilters {
  fromMs: number;
  toMs: number;
  service?: NameMatch;
  operation?: NameMatch;
  /** StatusCode as stored: Error, Ok, Unset */
  status?: string;
  /** span durations in [minDurationNs, maxDurationNs), as from/to: a latency bucket's bounds select exactly its spans */
  minDurationNs?: number;
  maxDurationNs?: number;
  filters?: AttributeFilter[];
}

/** Where the previous page ended: its last trace's first matching span, and its id. */
export interface TraceCursor {
  startNs: string;
  traceId: string;
}

/** The conditions one span must meet, shared by the search and its facets. */
function spanConditions(f: TraceFilters, params: Record<string, unknown>): string[] {
  const conditions = [...inRange('Timestamp'), `TraceId != ''`];
  Object.assign(params, { fromMs: f.fromMs, toMs: f.toMs });
  const add = (name: string, value: unknown, condition: string) => {
    if (value === undefined) return;
    conditions.push(condition);
    params[name] = value;
  };
  if (f.service) conditions.push(nameMatchSql('ServiceName', f.service, 'service', params));
  if (f.operation) conditions.push(nameMatchSql('SpanName', f.operation, 'operation', params));
  add('status', f.status, 'StatusCode = {status:String}');
  add('minDurationNs', f.minDurationNs, 'Duration >= {minDurationNs:UInt64}');
  add('maxDurationNs', f.maxDurationNs, 'Duration < {maxDurationNs:UInt64}');
  conditions.push(...attributeFilterSql(f.filters ?? [], spanFields, params));
  return conditions;
}

/**
 * Step 1 of a trace search: the ids of the newest `limit` traces with at least one span in
 * the range matching every filter, newest by their first matching span. Reads only the
 * filtered columns; an exact service (or `service.name=` filter) lets the sort key
 * (ServiceName, hour, SpanName) prune.
 *
 * After a cursor, only spans up to its time are read: a trace whose first matching span
 * is later than the cursor's has all of them later, so none is lost; HAVING settles ties.
 */
export function matchingTraceIdsSql(f: TraceFilters & { limit: number; after?: TraceCursor }): SqlQuery {
  const params: Record<string, unknown> = { limit: f.limit };
  const conditions = spanConditions(f, params);
  let having = '';
  if (f.after) {
    Object.assign(params, { cursorNs: f.after.startNs, cursorTraceId: f.after.traceId });
    conditions.push('Timestamp <= fromUnixTimestamp64Nano({cursorNs:Int64})');
    having = `\nHAVING toUnixTimestamp64Nano(min(Timestamp)) < {cursorNs:Int64}
  OR (toUnixTimestamp64Nano(min(Timestamp)) = {cursorNs:Int64} AND TraceId > {cursorTraceId:String})`;
  }
  return {
    sql: `SELECT TraceId AS traceId, toString(toUnixTimestamp64Nano(min(Timestamp))) AS startNs
FROM otel_traces
${whereAll(conditions)}
GROUP BY TraceId${having}
ORDER BY min(Timestamp) DESC, TraceId
LIMIT {limit:UInt32}`,
    params,
  };
}

/** The keys trace facets count, as filter keys: a click on a value adds `key=value`. */
export const traceFacetKeys = [
  'service.name',
  'span.name',
  'span.status',
  'http.response.status_code',
  'http.route',
  'error.type',
  'resource.k8s.pod.name',
  'resource.host.name',
] as const;

/**
 * The top `perKey` values of each facet key over the spans matching the search, each
 * counted in traces (distinct TraceId): the number of traces the search finds once that
 * value is added as a filter.
 */
export function traceFacetsSql(f: TraceFilters, perKey: number): SqlQuery {
  const params: Record<string, unknown> = {};
  const conditions = spanConditions(f, params);
  return facetValuesSql({ table: 'otel_traces', conditions, params, keys: [...traceFacetKeys], fields: spanFields, count: 'uniqExact(TraceId)', perKey });
}

/**
 * The latency histogram of a search: its matching spans counted per log-scale duration
 * bucket (latency.ts), errors apart. Each matching span counts once, so a bucket's spans
 * are the ones a search with its bounds as minDurationMs/maxDurationMs finds.
 */
export function traceLatencySql(f: TraceFilters): SqlQuery {
  const params: Record<string, unknown> = {};
  const conditions = spanConditions(f, params);
  return {
    sql: `SELECT
  ${latencyBucketSql()} AS bucket,
  count() AS spans,
  countIf(StatusCode = 'Error') AS errors
FROM otel_traces
${whereAll(conditions)}
GROUP BY bucket
ORDER BY bucket`,
    params,
  };
}

/** How far outside the lookup table's [Start, End] (whole seconds of span starts) a span may start. */
export const TRACE_WINDOW_MARGIN_MS = 60_000;

export interface TraceWindowRow {
  found: number;
  startMs: number;
  endMs: number;
}

/**
 * Where the given traces lie in time, from the TraceId → [Start, End] lookup table the
 * materialised view keeps: span scans then read only those partitions and hours.
 */
export function traceWindowSql(traceIds: string[]): SqlQuery {
  return {
    sql: `SELECT
  count() AS found,
  toUnixTimestamp(min(Start)) * 1000 AS startMs,
  toUnixTimestamp(max(End)) * 1000 AS endMs
FROM otel_traces_trace_id_ts
WHERE TraceId IN {traceIds:Array(String)}`,
    params: { traceIds },
  };
}

/** The scan window for a lookup row: [start − margin, end + 1 s + margin). */
export function scanWindow(w: { startMs: number; endMs: number }): { windowFromMs: number; windowToMs: number } {
  return { windowFromMs: w.startMs - TRACE_WINDOW_MARGIN_MS, windowToMs: w.endMs + 1000 + TRACE_WINDOW_MARGIN_MS };
}

export interface TraceSummaryRow {
  traceId: string;
  rootService: string;
  rootOperation: string;
  startTimeUnixNano: string;
  durationNs: number;
  spanCount: number;
  errorCount: number;
  services: string[];
}

/**
 * Step 2: one summary per trace, newest first. The root is the earliest span without a
 * parent; a trace whose root has not arrived (or was dropped) takes its earliest span.
 */
export function traceSummariesSql(traceIds: string[], window: { windowFromMs: number; windowToMs: number }): SqlQuery {
  const root = (column: string) =>
    `if(countIf(ParentSpanId = '') > 0, argMinIf(${column}, (Timestamp, SpanId), ParentSpanId = ''), argMin(${column}, (Timestamp, SpanId)))`;
  return {
    sql: `SELECT
  TraceId AS traceId,
  ${root('ServiceName')} AS rootService,
  ${root('SpanName')} AS rootOperation,
  toString(min(toUnixTimestamp64Nano(Timestamp))) AS startTimeUnixNano,
  max(toUnixTimestamp64Nano(Timestamp) + toInt64(Duration)) - min(toUnixTimestamp64Nano(Timestamp)) AS durationNs,
  count() AS spanCount,
  countIf(StatusCode = 'Error') AS errorCount,
  arraySort(groupUniqArray(ServiceName)) AS services
FROM otel_traces
${whereAll(['TraceId IN {traceIds:Array(String)}', ...inHourKeyedRange('Timestamp', 'windowFromMs', 'windowToMs')])}
GROUP BY TraceId
ORDER BY min(Timestamp) DESC, TraceId`,
    params: { traceIds, ...window },
  };
}

export interface SpanRowOut {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: string;
  serviceName: string;
  startTimeUnixNano: string;
  durationNs: number;
  statusCode: string;
  statusMessage: string;
  scopeName: string;
  scopeVersion: string;
  resourceAttributes: Record<string, string>;
  attributes: Record<string, string>;
  eventTimesUnixNano: string[];
  eventNames: string[];
  eventAttributes: Array<Record<string, string>>;
  linkTraceIds: string[];
  linkSpanIds: string[];
  linkTraceStates: string[];
  linkAttributes: Array<Record<string, string>>;
}

/**
 * The first `limit` spans of one trace inside its window, by start time. The route asks
 * for one more than it returns, to know whether the trace is longer (`truncated`).
 */
export function traceSpansSql(traceId: string, window: { windowFromMs: number; windowToMs: number }, limit: number): SqlQuery {
  return {
    sql: `SELECT
  TraceId AS traceId,
  SpanId AS spanId,
  ParentSpanId AS parentSpanId,
  SpanName AS name,
  SpanKind AS kind,
  ServiceName AS serviceName,
  toString(toUnixTimestamp64Nano(Timestamp)) AS startTimeUnixNano,
  Duration AS durationNs,
  StatusCode AS statusCode,
  StatusMessage AS statusMessage,
  ScopeName AS scopeName,
  ScopeVersion AS scopeVersion,
  ResourceAttributes AS resourceAttributes,
  SpanAttributes AS attributes,
  arrayMap(t -> toString(toUnixTimestamp64Nano(t)), Events.Timestamp) AS eventTimesUnixNano,
  Events.Name AS eventNames,
  Events.Attributes AS eventAttributes,
  Links.TraceId AS linkTraceIds,
  Links.SpanId AS linkSpanIds,
  Links.TraceState AS linkTraceStates,
  Links.Attributes AS linkAttributes
FROM otel_traces
${whereAll(['TraceId = {traceId:String}', ...inHourKeyedRange('Timestamp', 'windowFromMs', 'windowToMs')])}
ORDER BY Timestamp, SpanId
LIMIT {limit:UInt32}`,
    params: { traceId, ...window, limit },
  };
}

/** How many spans one trace has inside its window; only asked when the span list was cut. */
export function traceSpanCountSql(traceId: string, window: { windowFromMs: number; windowToMs: number }): SqlQuery {
  return {
    sql: `SELECT count() AS spans
FROM otel_traces
${whereAll(['TraceId = {traceId:String}', ...inHourKeyedRange('Timestamp', 'windowFromMs', 'windowToMs')])}`,
    params: { traceId, ...window },
  };
}
