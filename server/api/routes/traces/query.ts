import { inRange, whereAll, type SqlQuery } from '../../../query/sql.js';

export interface TraceFilters {
  fromMs: number;
  toMs: number;
  service?: string;
  operation?: string;
  /** StatusCode as stored: Error, Ok, Unset */
  status?: string;
  minDurationNs?: number;
  maxDurationNs?: number;
  limit: number;
}

/**
 * Step 1 of a trace search: the ids of the newest `limit` traces with at least one span in
 * the range matching every filter, newest by their first matching span. Reads only the
 * filtered columns; with `service` set the sort key (ServiceName, hour, SpanName) prunes.
 */
export function matchingTraceIdsSql(f: TraceFilters): SqlQuery {
  const conditions = [...inRange('Timestamp'), `TraceId != ''`];
  const params: Record<string, unknown> = { fromMs: f.fromMs, toMs: f.toMs, limit: f.limit };
  const add = (name: string, value: unknown, condition: string) => {
    if (value === undefined) return;
    conditions.push(condition);
    params[name] = value;
  };
  add('service', f.service, 'ServiceName = {service:String}');
  add('operation', f.operation, 'SpanName = {operation:String}');
  add('status', f.status, 'StatusCode = {status:String}');
  add('minDurationNs', f.minDurationNs, 'Duration >= {minDurationNs:UInt64}');
  add('maxDurationNs', f.maxDurationNs, 'Duration <= {maxDurationNs:UInt64}');
  return {
    sql: `SELECT TraceId AS traceId
FROM otel_traces
${whereAll(conditions)}
GROUP BY TraceId
ORDER BY min(Timestamp) DESC, TraceId
LIMIT {limit:UInt32}`,
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
${whereAll(['TraceId IN {traceIds:Array(String)}', ...inRange('Timestamp', 'windowFromMs', 'windowToMs')])}
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
${whereAll(['TraceId = {traceId:String}', ...inRange('Timestamp', 'windowFromMs', 'windowToMs')])}
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
${whereAll(['TraceId = {traceId:String}', ...inRange('Timestamp', 'windowFromMs', 'windowToMs')])}`,
    params: { traceId, ...window },
  };
}
