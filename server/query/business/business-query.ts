/**
 * Business KPIs (docs/business.md): named events in `business_events` (POST /ingest/business),
 * each a KPI whose value over a window is the sum of its events' values, and OTLP metrics
 * under a configured prefix (`business.` by default), read through the metrics API.
 */
import { inRange, whereAll, type SqlQuery } from '../sql.js';

export interface KpiRow {
  name: string;
  events: number;
  total: number;
  services: string[];
}

/** The event KPIs of [from, to): how many events and the sum of their values. */
export function eventKpisSql(q: { fromMs: number; toMs: number; service?: string }): SqlQuery {
  return {
    sql: `SELECT Name AS name, count() AS events, sum(Value) AS total, arraySort(groupUniqArrayIf(ServiceName, ServiceName != '')) AS services
FROM business_events
${whereAll([...inRange('Timestamp'), ...(q.service === undefined ? [] : ['ServiceName = {service:String}'])])}
GROUP BY Name
ORDER BY Name
LIMIT 1000`,
    params: { fromMs: q.fromMs, toMs: q.toMs, ...(q.service === undefined ? {} : { service: q.service }) },
  };
}

export interface KpiBucketRow {
  /** bucket start, epoch ms */
  time: number;
  events: number;
  total: number;
}

/** One event KPI's sum per step (gap-free: empty buckets are 0, the sum of no events). */
export function kpiSeriesSql(q: { name: string; fromMs: number; toMs: number; stepSeconds: number; service?: string }): SqlQuery {
  return {
    sql: `SELECT toInt64(intDiv(toUnixTimestamp64Milli(Timestamp) - {fromMs:Int64}, {stepMs:Int64}) * {stepMs:Int64} + {fromMs:Int64}) AS time,
  count() AS events, sum(Value) AS total
FROM business_events
${whereAll(['Name = {name:String}', ...inRange('Timestamp'), ...(q.service === undefined ? [] : ['ServiceName = {service:String}'])])}
GROUP BY time
ORDER BY time
WITH FILL FROM {fromMs:Int64} TO {toMs:Int64} STEP {stepMs:Int64}`,
    params: { name: q.name, fromMs: q.fromMs, toMs: q.toMs, stepMs: q.stepSeconds * 1000, ...(q.service === undefined ? {} : { service: q.service }) },
  };
}

/** One event KPI over two adjacent windows of the same length, split at `atMs`. */
export function kpiAroundSql(q: { name: string; atMs: number; windowMs: number; service?: string }): SqlQuery {
  return {
    sql: `SELECT countIf(Timestamp < fromUnixTimestamp64Milli({atMs:Int64})) AS beforeEvents,
  sumIf(Value, Timestamp < fromUnixTimestamp64Milli({atMs:Int64})) AS beforeTotal,
  countIf(Timestamp >= fromUnixTimestamp64Milli({atMs:Int64})) AS afterEvents,
  sumIf(Value, Timestamp >= fromUnixTimestamp64Milli({atMs:Int64})) AS afterTotal
FROM business_events
${whereAll(['Name = {name:String}', ...inRange('Timestamp'), ...(q.service === undefined ? [] : ['ServiceName = {service:String}'])])}`,
    params: { name: q.name, atMs: q.atMs, fromMs: q.atMs - q.windowMs, toMs: q.atMs + q.windowMs, ...(q.service === undefined ? {} : { service: q.service }) },
  };
}

/** A deployment's service and finish (its latest reported status, as the DORA rules read it). */
export function deploymentFinishSql(id: string): SqlQuery {
  return {
    sql: `SELECT Service AS service,
  toUnixTimestamp64Milli(argMax(if(toUnixTimestamp64Milli(FinishedAt) > 0, FinishedAt, ReportedAt), ReportedAt)) AS finishedMs
FROM deployments FINAL
WHERE DeploymentId = {id:String}
GROUP BY Service
ORDER BY finishedMs DESC
LIMIT 1`,
    params: { id },
  };
}
