import type { LogRecord } from '../../../../shared/api.js';
import { bucketSql } from '../../../query/metrics/selector.js';
import { attributeFilterSql, facetValuesSql, nameMatchSql, serviceNameField, type AttributeFilter, type NameMatch, type SignalFields } from '../../../query/search-filter.js';
import { inRange, whereAll, type SqlQuery } from '../../../query/sql.js';

/** How filter keys read on log records: their own attributes, and the record's columns by name (docs/search.md). */
export const logFields: SignalFields = {
  attributes: 'LogAttributes',
  intrinsic: {
    'service.name': serviceNameField,
    'severity.text': { text: 'SeverityText', number: 'toFloat64OrNull(toString(SeverityText))' },
    'severity.number': { text: 'toString(SeverityNumber)', number: 'toFloat64(SeverityNumber)' },
  },
};

export interface LogFilters {
  fromMs: number;
  toMs: number;
  q?: string;
  /** where `q` looks: the body and the attribute values (default), or the body alone */
  qIn?: 'all' | 'body';
  service?: NameMatch;
  /** minimum SeverityNumber */
  severity?: number;
  traceId?: string;
  spanId?: string;
  filters?: AttributeFilter[];
}

/** Where the previous page ended: its last record's time, and how many records at that time were returned so far. */
export interface LogCursor {
  timeUnixNano: string;
  skip: number;
}

const isAscii = (text: string) => /^[\x00-\x7F]*$/.test(text);

/**
 * A LIKE pattern matching `text` anywhere, lowercased, its `\`, `%` and `_` escaped so
 * they match themselves.
 * @example containsPattern('50%_Off') === '%50\\%\\_off%'
 */
export const containsPattern = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, '\\$&')}%`;

/**
 * A record's searchable text: its body and attribute values, one per line. idx_text_lower
 * (migration 0015) is a trigram index over this exact expression, lowercased.
 */
const recordText = "concat(Body, '\\n', arrayStringConcat(mapValues(LogAttributes), '\\n'))";

/**
 * `q`: a case-insensitive substring of Body or of any log attribute's value, as in Loki's
 * `|~ "(?i)…"` or SigNoz's full-text search.
 * - ASCII text without a newline: `lower(text) LIKE '%q%'` over the record's text, which
 *   idx_text_lower prunes with the trigrams of q. A match cannot span two lines, so it is a
 *   match in the body or in one value. With `in=body` the body's own LIKE is added: the index
 *   still prunes (a body match is a text match), the body test decides.
 * - text with a newline: the body and each value tested apart, no index.
 * - text with non-ASCII characters (`été`): `positionCaseInsensitiveUTF8`, which folds case
 *   on both sides in UTF-8 (ClickHouse's `lower` folds ASCII only). No index serves it (the
 *   index holds `É` as it is, so its trigrams cannot be looked up).
 */
function textCondition(q: string, qIn: 'all' | 'body', params: Record<string, unknown>): string {
  if (isAscii(q) && !q.includes('\n')) {
    params.pattern = containsPattern(q);
    const text = `lower(${recordText}) LIKE {pattern:String}`;
    return qIn === 'body' ? `${text} AND lower(Body) LIKE {pattern:String}` : text;
  }
  let contains: (value: string) => string;
  if (isAscii(q)) {
    params.pattern = containsPattern(q);
    contains = (value) => `lower(${value}) LIKE {pattern:String}`;
  } else {
    params.q = q;
    contains = (value) => `positionCaseInsensitiveUTF8(${value}, {q:String}) > 0`;
  }
  if (qIn === 'body') return contains('Body');
  return `(${contains('Body')} OR arrayExists(v -> ${contains('v')}, mapValues(LogAttributes)))`;
}

/** The conditions a record must meet, shared by the list, its facets and its volume histogram. */
export function logConditions(f: LogFilters, params: Record<string, unknown>): string[] {
  Object.assign(params, { fromMs: f.fromMs, toMs: f.toMs });
  const conditions = [
    // TimestampTime (whole seconds) is the partition and sort key column: bound it too so both prune.
    'TimestampTime >= toDateTime(intDiv({fromMs:Int64}, 1000))',
    'TimestampTime <= toDateTime(intDiv({toMs:Int64}, 1000))',
    ...inRange('Timestamp'),
  ];
  const add = (name: string, value: unknown, condition: string) => {
    if (value === undefined) return;
    conditions.push(condition);
    params[name] = value;
  };
  if (f.service) conditions.push(nameMatchSql('ServiceName', f.service, 'service', params));
  add('severity', f.severity, 'SeverityNumber >= {severity:UInt8}');
  add('traceId', f.traceId, 'TraceId = {traceId:String}');
  add('spanId', f.spanId, 'SpanId = {spanId:String}');
  conditions.push(...attributeFilterSql(f.filters ?? [], logFields, params));
  if (f.q !== undefined) conditions.push(textCondition(f.q, f.qIn ?? 'all', params));
  return conditions;
}

/** A record as the SQL reads it: the API's LogRecord before its ISO time is added. */
export type LogRowOut = Omit<LogRecord, 'time'>;

const logColumns = `toString(toUnixTimestamp64Nano(Timestamp)) AS timeUnixNano,
  SeverityText AS severityText,
  SeverityNumber AS severityNumber,
  ServiceName AS serviceName,
  Body AS body,
  TraceId AS traceId,
  SpanId AS spanId,
  LogAttributes AS attributes,
  ResourceAttributes AS resourceAttributes`;

/**
 * Records of one nanosecond have no order of their own; this gives them one that does not
 * change between queries (unlike the order parts are read in), so a page boundary inside
 * the same nanosecond is stable.
 */
const TIE_BREAK = 'cityHash64(ServiceName, SeverityNumber, TraceId, SpanId, Body)';

/**
 * Newest `limit` log records in [fromMs, toMs) matching every filter. After a cursor, the
 * records up to its time, less the `skip` of them at exactly that time already returned.
 */
export function logsSql(f: LogFilters & { limit: number; after?: LogCursor }): SqlQuery {
  const params: Record<string, unknown> = { limit: f.limit };
  const conditions = logConditions(f, params);
  let offset = '';
  if (f.after) {
    Object.assign(params, { cursorNs: f.after.timeUnixNano, skip: f.after.skip });
    conditions.push('Timestamp <= fromUnixTimestamp64Nano({cursorNs:Int64})');
    offset = ' OFFSET {skip:UInt32}';
  }
  return {
    sql: `SELECT
  ${logColumns}
FROM otel_logs
${whereAll(conditions)}
ORDER BY Timestamp DESC, ${TIE_BREAK}
LIMIT {limit:UInt32}${offset}`,
    params,
  };
}

/** The keys every log facet query counts, as filter keys; the most common attribute keys are added. */
export const logFacetKeys = ['service.name', 'severity.text', 'resource.host.name', 'resource.k8s.pod.name'] as const;

/** The `limit` attribute keys most records matching the search carry (beyond `exclude`). */
export function commonAttributeKeysSql(f: LogFilters, limit: number, exclude: string[]): SqlQuery {
  const params: Record<string, unknown> = { limit, exclude };
  const conditions = logConditions(f, params);
  return {
    sql: `SELECT key, count() AS hits
FROM otel_logs
ARRAY JOIN mapKeys(LogAttributes) AS key
${whereAll([...conditions, 'key NOT IN {exclude:Array(String)}'])}
GROUP BY key
ORDER BY hits DESC, key
LIMIT {limit:UInt32}`,
    params,
  };
}

/** The top `perKey` values of each of `keys` over the matching records, counted in records. */
export function logFacetsSql(f: LogFilters, keys: string[], perKey: number): SqlQuery {
  const params: Record<string, unknown> = {};
  const conditions = logConditions(f, params);
  return facetValuesSql({ table: 'otel_logs', conditions, params, keys, fields: logFields, count: 'count()', perKey });
}

/** Severity levels the volume histogram stacks, lowest first; UNSET is a record with neither a number nor a known text. */
export const volumeLevels = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL', 'UNSET'] as const;

/**
 * A record's level as the web's severityLevel reads it: its SeverityNumber's range of four
 * (1–4 TRACE … 21–24 FATAL), else its text (WARNING → WARN, CRITICAL and EMERGENCY → FATAL).
 */
const LEVEL_SQL = `multiIf(
    SeverityNumber BETWEEN 1 AND 24, ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'][intDiv(SeverityNumber - 1, 4) + 1],
    upper(SeverityText) IN ('CRITICAL', 'EMERGENCY'), 'FATAL',
    coalesce(nullIf(arrayFirst(l -> startsWith(upper(SeverityText), l), ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL']), ''), 'UNSET'))`;

export interface VolumeRow {
  time: number;
  level: string;
  hits: number;
}

/** Matching records per `stepSeconds` bucket (aligned to the epoch) and level. */
export function logVolumeSql(f: LogFilters, stepSeconds: number): SqlQuery {
  const params: Record<string, unknown> = { stepMs: stepSeconds * 1000 };
  const conditions = logConditions(f, params);
  return {
    sql: `SELECT
  ${bucketSql('toUnixTimestamp64Milli(Timestamp)')} AS time,
  ${LEVEL_SQL} AS level,
  count() AS hits
FROM otel_logs
${whereAll(conditions)}
GROUP BY time, level
ORDER BY time, level`,
    params,
  };
}

/** How far either side of the moment "logs around" looks: the query stays bounded in time. */
export const AROUND_WINDOW_MS = 3_600_000;

/**
 * One service's records around a moment: `count` before it, every record at it (up to
 * `count`), `count` after it, within AROUND_WINDOW_MS either side.
 */
export function logsAroundSql(service: string, atNs: string, count: number): SqlQuery {
  const windowNs = BigInt(AROUND_WINDOW_MS) * 1_000_000n;
  const params = { service, atNs, count, fromNs: (BigInt(atNs) - windowNs).toString(), toNs: (BigInt(atNs) + windowNs).toString() };
  const side = (condition: string, order: string) => `(SELECT
  ${logColumns}
FROM otel_logs
${whereAll([
  'ServiceName = {service:String}',
  'TimestampTime >= toDateTime(intDiv({fromNs:Int64}, 1000000000))',
  'TimestampTime <= toDateTime(intDiv({toNs:Int64}, 1000000000))',
  condition,
])}
ORDER BY Timestamp ${order}, ${TIE_BREAK} ${order}
LIMIT {count:UInt32})`;
  return {
    sql: [
      side('Timestamp < fromUnixTimestamp64Nano({atNs:Int64}) AND Timestamp >= fromUnixTimestamp64Nano({fromNs:Int64})', 'DESC'),
      side('Timestamp = fromUnixTimestamp64Nano({atNs:Int64})', 'DESC'),
      side('Timestamp > fromUnixTimestamp64Nano({atNs:Int64}) AND Timestamp <= fromUnixTimestamp64Nano({toNs:Int64})', 'ASC'),
    ].join('\nUNION ALL\n'),
    params,
  };
}
