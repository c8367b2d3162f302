import { inRange, whereAll, type SqlQuery } from '../../../query/sql.js';

export interface LogFilters {
  fromMs: number;
  toMs: number;
  q?: string;
  service?: string;
  /** minimum SeverityNumber */
  severity?: number;
  traceId?: string;
  spanId?: string;
  limit: number;
}

const isAscii = (text: string) => /^[\x00-\x7F]*$/.test(text);

/**
 * A LIKE pattern matching `text` anywhere, lowercased, its `\`, `%` and `_` escaped so
 * they match themselves.
 * @example containsPattern('50%_Off') === '%50\\%\\_off%'
 */
export const containsPattern = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, '\\$&')}%`;

/**
 * `q`: a case-insensitive substring of Body, as in Loki's `|~ "(?i)…"` or SigNoz's body search.
 * - ASCII text: `lower(Body) LIKE '%text%'`, which idx_body_lower (ngrambf_v1 over
 *   lower(Body), migration 0004) prunes with the text's trigrams. ClickHouse's `lower` folds
 *   ASCII only, which is enough when the text is ASCII: only ASCII letters must match.
 * - text with non-ASCII characters (`été`): `positionCaseInsensitiveUTF8`, which folds case
 *   on both sides in UTF-8. No index serves it (lower(Body) keeps `É` as it is, so its trigrams
 *   cannot be looked up), and it reads every Body in range.
 */
function textCondition(q: string, params: Record<string, unknown>): string {
  if (isAscii(q)) {
    params.pattern = containsPattern(q);
    return 'lower(Body) LIKE {pattern:String}';
  }
  params.q = q;
  return 'positionCaseInsensitiveUTF8(Body, {q:String}) > 0';
}

export interface LogRowOut {
  timeUnixNano: string;
  severityText: string;
  severityNumber: number;
  serviceName: string;
  body: string;
  traceId: string;
  spanId: string;
  attributes: Record<string, string>;
  resourceAttributes: Record<string, string>;
}

/** Newest `limit` log records in [fromMs, toMs) matching every filter. */
export function logsSql(f: LogFilters): SqlQuery {
  const params: Record<string, unknown> = { fromMs: f.fromMs, toMs: f.toMs, limit: f.limit };
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
  add('service', f.service, 'ServiceName = {service:String}');
  add('severity', f.severity, 'SeverityNumber >= {severity:UInt8}');
  add('traceId', f.traceId, 'TraceId = {traceId:String}');
  add('spanId', f.spanId, 'SpanId = {spanId:String}');
  if (f.q !== undefined) conditions.push(textCondition(f.q, params));
  return {
    sql: `SELECT
  toString(toUnixTimestamp64Nano(Timestamp)) AS timeUnixNano,
  SeverityText AS severityText,
  SeverityNumber AS severityNumber,
  ServiceName AS serviceName,
  Body AS body,
  TraceId AS traceId,
  SpanId AS spanId,
  LogAttributes AS attributes,
  ResourceAttributes AS resourceAttributes
FROM otel_logs
${whereAll(conditions)}
ORDER BY Timestamp DESC
LIMIT {limit:UInt32}`,
    params,
  };
}
