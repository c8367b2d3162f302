import { exactQuantilesSql, inRange, whereAll, type SqlQuery } from '../../../query/sql.js';

/** A request is a span that serves one: SpanKind Server or Consumer (OTel semantic conventions). */
export const IS_REQUEST = `SpanKind IN ('Server', 'Consumer')`;

export interface ServiceStatsRow {
  name: string;
  /** every span of the service in the range, requests or not */
  spans: number;
  /** its first span in the range, epoch ms: where its rate window may start (summary.ts rateSeconds) */
  firstMs: number;
  requests: number;
  errors: number;
  quantiles: Array<number | null>;
}

/**
 * RED numbers per service over [fromMs, toMs); one service when `service` is given.
 * Only server and consumer spans are requests. A service with other spans only (a cron
 * job whose root spans are Internal) is listed with requests 0 and its span count, rather
 * than counting its root spans as requests: then `requests` would mean different things
 * on different rows, and change meaning the day the job gains one server span.
 */
export function serviceStatsSql(q: { fromMs: number; toMs: number; service?: string }): SqlQuery {
  const conditions = [...(q.service === undefined ? [] : ['ServiceName = {service:String}']), ...inRange('Timestamp')];
  return {
    sql: `SELECT
  ServiceName AS name,
  count() AS spans,
  toUnixTimestamp64Milli(min(Timestamp)) AS firstMs,
  countIf(${IS_REQUEST}) AS requests,
  countIf(${IS_REQUEST} AND StatusCode = 'Error') AS errors,
  ${exactQuantilesSql('Duration', IS_REQUEST)} AS quantiles
FROM otel_traces
${whereAll(conditions)}
GROUP BY ServiceName
ORDER BY ServiceName`,
    params: { fromMs: q.fromMs, toMs: q.toMs, ...(q.service === undefined ? {} : { service: q.service }) },
  };
}

export interface ServiceBucketRow {
  /** bucket start, epoch ms */
  time: number;
  requests: number;
  errors: number;
  quantiles: Array<number | null>;
}

/**
 * One service's requests per `stepSeconds` bucket (aligned to the epoch). Buckets without
 * requests come back too, with zero counts and no quantiles (WITH FILL).
 */
export function serviceSeriesSql(q: { fromMs: number; toMs: number; service: string; stepSeconds: number }): SqlQuery {
  const stepMs = q.stepSeconds * 1000;
  return {
    sql: `SELECT
  intDiv(toUnixTimestamp64Milli(Timestamp), {stepMs:Int64}) * {stepMs:Int64} AS time,
  count() AS requests,
  countIf(StatusCode = 'Error') AS errors,
  ${exactQuantilesSql('Duration')} AS quantiles
FROM otel_traces
${whereAll(['ServiceName = {service:String}', ...inRange('Timestamp'), IS_REQUEST])}
GROUP BY time
ORDER BY time WITH FILL FROM {fillFromMs:Int64} TO {toMs:Int64} STEP {stepMs:Int64}`,
    params: { service: q.service, fromMs: q.fromMs, toMs: q.toMs, stepMs, fillFromMs: Math.floor(q.fromMs / stepMs) * stepMs },
  };
}

export interface OperationRow {
  name: string;
  kind: string;
  requests: number;
  errors: number;
  quantiles: Array<number | null>;
}

/** One service's requests per SpanName and SpanKind, busiest first. */
export function serviceOperationsSql(q: { fromMs: number; toMs: number; service: string }): SqlQuery {
  return {
    sql: `SELECT
  SpanName AS name,
  SpanKind AS kind,
  count() AS requests,
  countIf(StatusCode = 'Error') AS errors,
  ${exactQuantilesSql('Duration')} AS quantiles
FROM otel_traces
${whereAll(['ServiceName = {service:String}', ...inRange('Timestamp'), IS_REQUEST])}
GROUP BY SpanName, SpanKind
ORDER BY requests DESC, name, kind`,
    params: { service: q.service, fromMs: q.fromMs, toMs: q.toMs },
  };
}
