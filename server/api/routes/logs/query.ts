import { inRange, whereAll, type SqlQuery } from '../sql.js';

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

/**
 * ClickHouse's token index splits text at every ASCII character that is not a letter or a
 * digit (bytes ≥ 0x80 belong to tokens); `hasToken` refuses a needle holding a separator.
 */
export const isSingleToken = (text: string) => /^(?:[A-Za-z0-9]|[^\x00-\x7F])+$/.test(text);

/** The spellings a word is looked up in: as typed, lower, UPPER and Capitalised. */
export function tokenSpellings(word: string): string[] {
  const lower = word.toLowerCase();
  return [...new Set([word, lower, word.toUpperCase(), lower.charAt(0).toUpperCase() + lower.slice(1)])];
}

/**
 * Text search on Body:
 * - a single word (no separator) is a whole-word match through the tokenbf index on Body:
 *   `hasToken` in each spelling of `tokenSpellings`. The index holds tokens as written, so
 *   a case-insensitive or inside-a-word match cannot use it; this keeps the index for the
 *   common search (an id, an error code, "timeout") at the cost of mixed-case spellings
 *   (`tImeout`) and word fragments (`time` does not find `timeout`).
 * - anything else is a case-insensitive substring (UTF-8 aware) and reads every Body in range.
 */
function textCondition(q: string, params: Record<string, unknown>): string {
  if (!isSingleToken(q)) {
    params.q = q;
    return 'positionCaseInsensitiveUTF8(Body, {q:String}) > 0';
  }
  const spellings = tokenSpellings(q);
  spellings.forEach((s, i) => (params[`token${i}`] = s));
  return `(${spellings.map((_, i) => `hasToken(Body, {token${i}:String})`).join(' OR ')})`;
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
