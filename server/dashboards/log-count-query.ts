import { severityFloor } from '../api/routes/logs/severity.js';
import { inRange, whereAll, type SqlQuery } from '../query/sql.js';

export interface LogCountParams {
  fromMs: number;
  toMs: number;
  stepSeconds: number;
  service?: string;
  /** the least severity counted */
  severity?: keyof typeof severityFloor;
  /** a case-insensitive substring of the body */
  text?: string;
}

/** Log records per time bucket, every bucket of the range present (0 where none). */
export function logCountSql(p: LogCountParams): SqlQuery {
  const stepMs = p.stepSeconds * 1000;
  const params: Record<string, unknown> = { fromMs: p.fromMs, toMs: p.toMs, stepMs, fillFromMs: Math.floor(p.fromMs / stepMs) * stepMs };
  const conditions = [
    // TimestampTime is the partition and sort key column: bounding it prunes, as the log search does
    'TimestampTime >= toDateTime(intDiv({fromMs:Int64}, 1000))',
    'TimestampTime <= toDateTime(intDiv({toMs:Int64}, 1000))',
    ...inRange('Timestamp'),
  ];
  if (p.service !== undefined) {
    params.service = p.service;
    conditions.push('ServiceName = {service:String}');
  }
  if (p.severity !== undefined) {
    params.severity = severityFloor[p.severity];
    conditions.push('SeverityNumber >= {severity:UInt8}');
  }
  if (p.text !== undefined) {
    // any case, in UTF-8; a count over a dashboard's range reads the bodies either way
    params.text = p.text;
    conditions.push('positionCaseInsensitiveUTF8(Body, {text:String}) > 0');
  }
  return {
    sql: `SELECT intDiv(toUnixTimestamp64Milli(Timestamp), {stepMs:Int64}) * {stepMs:Int64} AS time, count() AS count
FROM otel_logs
${whereAll(conditions)}
GROUP BY time
ORDER BY time WITH FILL FROM {fillFromMs:Int64} TO {toMs:Int64} STEP {stepMs:Int64}`,
    params,
  };
}
