import { createHash } from 'node:crypto';
import { cumulativeSql } from '../../query/metrics/cumulative.js';
import { seriesSql } from '../../query/metrics/selector.js';
import type { EventSelector, LogSelector, MetricSelector, Sli, SloDefinition, SpanSelector } from '../model.js';
import { planPromql } from '../promql.js';
import {
  and,
  eventConditions,
  groupKeySql,
  groupValuesSql,
  logConditions,
  metricConditions,
  spanConditions,
  type Signal,
} from './conditions.js';
import { inlineParams, SqlParams } from './sql.js';

/**
 * How the hub counts an SLO's good and total events per minute, from its own tables.
 *
 * Every plan yields rows `(minute UInt32 epoch seconds, groupValues Array(String), good,
 * total)` for the minutes in [{fromMs:Int64}, {toMs:Int64}); a minute without events has no
 * row. The rollup (rollup.ts) wraps them in `INSERT INTO slo_sli_minutes … SELECT`.
 *
 * - `rows` plans count rows of one table (spans, logs): `total` rows match the total
 *   selector, `good` ones also match the good selector (or not the bad one). The rollup can
 *   count many of them in one pass over the table (`batchedRowsSql`).
 * - `query` plans are a whole SELECT of their own (counters, histograms, events).
 */

/** Bumped when a plan's SQL changes meaning, so every SLO is backfilled again. */
export const PLAN_VERSION = 1;

export type RowTable = 'otel_traces' | 'otel_logs';

export interface RowsPlan {
  kind: 'rows';
  table: RowTable;
  /** the service every counted row has, when the total selector pins one: the batch key, and the sort-key prefix that prunes */
  service: string | null;
  /** counts per group value (groupBy) rather than one count per minute */
  grouped: boolean;
  /** conditions over one row, with values bound in `p` */
  build(p: SqlParams): { total: string; good: string; groupValues: string };
}

export interface QueryPlan {
  kind: 'query';
  build(p: SqlParams): string;
}

export type SliPlan =
  | {
      hubEvaluable: true;
      source: RowsPlan | QueryPlan;
      groupBy: string[];
      /** the SLI as evaluated: a promql SLI's translation */
      sli: Exclude<Sli, { kind: 'promql' }>;
      /** changes whenever the per-minute counts would: SLI, groupBy, PLAN_VERSION */
      hash: string;
    }
  | { hubEvaluable: false; reason: string };

/** Bucketing of a row's time to its minute, and the [from, to) range on the sort/partition key. */
const rowTime: Record<RowTable, { minute: string; range: string[] }> = {
  otel_traces: {
    minute: 'toUInt32(intDiv(toUnixTimestamp64Milli(Timestamp), 60000) * 60)',
    range: ['Timestamp >= fromUnixTimestamp64Milli({fromMs:Int64})', 'Timestamp < fromUnixTimestamp64Milli({toMs:Int64})'],
  },
  otel_logs: {
    // TimestampTime (seconds) is the partition and sort key; minute bounds are whole seconds.
    minute: 'toUInt32(toStartOfMinute(TimestampTime))',
    range: ['TimestampTime >= toDateTime(intDiv({fromMs:Int64}, 1000))', 'TimestampTime < toDateTime(intDiv({toMs:Int64}, 1000))'],
  },
};

function spanPlan(total: SpanSelector, good: (p: SqlParams) => string, groupBy: string[]): RowsPlan {
  return {
    kind: 'rows',
    table: 'otel_traces',
    service: total.service ?? null,
    grouped: groupBy.length > 0,
    build: (p) => ({ total: and(spanConditions(total, p)), good: good(p), groupValues: groupValuesSql('spans', groupBy, p) }),
  };
}

function logPlan(total: LogSelector, sel: { good?: LogSelector; bad?: LogSelector }, groupBy: string[]): RowsPlan {
  return {
    kind: 'rows',
    table: 'otel_logs',
    service: total.service ?? null,
    grouped: groupBy.length > 0,
    build: (p) => ({
      total: and(logConditions(total, p)),
      good: sel.good ? and(logConditions(sel.good, p)) : `NOT (${and(logConditions(sel.bad!, p))})`,
      groupValues: groupValuesSql('logs', groupBy, p),
    }),
  };
}

/**
 * Good out of a selected count: `good` counts as is, `bad` is taken from the total. Both are
 * clamped to [0, total] per minute: counters of two metrics (errors and requests) may put an
 * increase in different minutes, and the evaluator needs good ≤ total.
 */
const goodFromSelected = (mode: 'good' | 'bad') => (mode === 'good' ? 'least(greatest(sel, 0), total)' : 'total - least(greatest(sel, 0), total)');

function eventPlan(total: EventSelector, sel: EventSelector, mode: 'good' | 'bad', groupBy: string[]): QueryPlan {
  return {
    kind: 'query',
    build(p) {
      const totalCond = and(eventConditions(total, p));
      // The same event narrowed further (good ⊆ total), or another event counted beside it
      // (checkout.completed out of checkout.started).
      const selCond = sel.name === total.name ? and([totalCond, ...eventConditions(sel, p).slice(1)]) : and(eventConditions(sel, p));
      return `SELECT minute, groupValues, ${goodFromSelected(mode)} AS good, total
FROM (
  SELECT
    toUInt32(intDiv(toUnixTimestamp64Milli(Timestamp), 60000) * 60) AS minute,
    ${groupValuesSql('events', groupBy, p)} AS groupValues,
    toFloat64(countIf(${totalCond})) AS total,
    toFloat64(countIf(${selCond})) AS sel
  FROM business_events
  WHERE Timestamp >= fromUnixTimestamp64Milli({fromMs:Int64})
    AND Timestamp < fromUnixTimestamp64Milli({toMs:Int64})
    AND Name IN ${p.bind([...new Set([total.name, sel.name])], 'Array(String)')}
  GROUP BY minute, groupValues
)
WHERE total > 0`;
    },
  };
}

/** Cumulative points look back this far before `from` for the point an increase starts from (as the metrics API). */
export const COUNTER_LOOKBACK_MS = 300_000;

/**
 * Per-minute increase of monotonic sums (OTLP cumulative or delta, Prometheus counters), reset
 * aware through StartTimeUnix exactly as the metrics API's rates (`cumulativeSql`): each
 * point's increase over the point before it in its series goes to the point's minute.
 */
function counterPlan(total: MetricSelector, sel: MetricSelector, mode: 'good' | 'bad', groupBy: string[]): QueryPlan {
  return {
    kind: 'query',
    build(p) {
      const c = cumulativeSql({ grew: 'v >= prev', fell: 'v < prev' });
      const totalCond = and(metricConditions(total, p));
      const selCond = sel.metric === total.metric ? and([totalCond, ...metricConditions(sel, p).slice(1)]) : and(metricConditions(sel, p));
      return `SELECT minute, groupValues, ${goodFromSelected(mode)} AS good, total
FROM (
  SELECT
    toUInt32(intDiv(t, 60000) * 60) AS minute,
    groupValues,
    sumIf(increase, isTotal) AS total,
    sumIf(increase, isSel) AS sel
  FROM (
    SELECT
      t,
      groupValues,
      isTotal,
      isSel,
      temporality = 1 AS delta,
      ${c.continues} AS continues,
      ${c.restarts} AS restarts,
      if(delta OR NOT continues, v, v - prev) AS increase
    FROM (
      SELECT
        toUnixTimestamp64Milli(TimeUnix) AS t,
        ${groupValuesSql('metrics', groupBy, p)} AS groupValues,
        ${totalCond} AS isTotal,
        ${selCond} AS isSel,
        AggregationTemporality AS temporality,
        Value AS v,
        lagInFrame(Value) OVER series AS prev,
        ${c.pointColumns.join(',\n        ')}
      FROM otel_metrics_sum_all
      WHERE MetricName IN ${p.bind([...new Set([total.metric, sel.metric])], 'Array(String)')}
        AND IsMonotonic
        AND TimeUnix >= fromUnixTimestamp64Milli({scanFromMs:Int64})
        AND TimeUnix < fromUnixTimestamp64Milli({toMs:Int64})
        AND (isTotal OR isSel)
      WINDOW series AS (PARTITION BY ${seriesSql(['MetricName', 'AggregationTemporality'])} ORDER BY TimeUnix ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)
    )
    WHERE t >= {fromMs:Int64} AND (delta OR continues OR restarts)
  )
  GROUP BY minute, groupValues
)`;
    },
  };
}

/**
 * Observations ≤ threshold out of all, per minute: the increase of the cumulative count of
 * the buckets up to the bound equal to the threshold, and of Count. A point without such a
 * bound counts nothing (`histogramBoundCheckSql` tells the user why).
 */
function histogramPlan(metric: string, matchers: MetricSelector['matchers'], threshold: number, groupBy: string[]): QueryPlan {
  return {
    kind: 'query',
    build(p) {
      const c = cumulativeSql({ grew: 'cnt >= prevCnt AND le >= prevLe AND bounds = prevBounds', fell: 'cnt < prevCnt OR bounds != prevBounds' });
      return `SELECT
  toUInt32(intDiv(t, 60000) * 60) AS minute,
  groupValues,
  toFloat64(sum(if(delta OR NOT continues, le, le - prevLe))) AS good,
  toFloat64(sum(if(delta OR NOT continues, cnt, cnt - prevCnt))) AS total
FROM (
  SELECT
    t,
    groupValues,
    k,
    le,
    prevLe,
    cnt,
    prevCnt,
    temporality = 1 AS delta,
    ${c.continues} AS continues,
    ${c.restarts} AS restarts
  FROM (
    SELECT
      toUnixTimestamp64Milli(TimeUnix) AS t,
      ${groupValuesSql('metrics', groupBy, p)} AS groupValues,
      AggregationTemporality AS temporality,
      ExplicitBounds AS bounds,
      indexOf(ExplicitBounds, ${p.bind(threshold, 'Float64')}) AS k,
      toInt64(Count) AS cnt,
      toInt64(arraySum(arraySlice(BucketCounts, 1, k))) AS le,
      lagInFrame(cnt) OVER series AS prevCnt,
      lagInFrame(le) OVER series AS prevLe,
      lagInFrame(bounds) OVER series AS prevBounds,
      ${c.pointColumns.join(',\n      ')}
    FROM otel_metrics_histogram
    WHERE ${and(metricConditions({ metric, matchers }, p))}
      AND length(BucketCounts) = length(ExplicitBounds) + 1
      AND TimeUnix >= fromUnixTimestamp64Milli({scanFromMs:Int64})
      AND TimeUnix < fromUnixTimestamp64Milli({toMs:Int64})
    WINDOW series AS (PARTITION BY ${seriesSql(['AggregationTemporality'])} ORDER BY TimeUnix ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)
  )
  WHERE t >= {fromMs:Int64} AND k > 0 AND (delta OR continues OR restarts)
)
GROUP BY minute, groupValues`;
    },
  };
}

/**
 * Whether a histogram SLI's threshold is one of the metric's bucket bounds: points seen in
 * [from, to), those with the bound, and the bounds of one without it.
 */
export function histogramBoundCheckSql(sli: Extract<Sli, { kind: 'histogram_threshold' }>) {
  const p = new SqlParams('h');
  const sql = `SELECT count() AS points, countIf(has(ExplicitBounds, ${p.bind(sli.threshold, 'Float64')})) AS withBound, anyIf(ExplicitBounds, NOT has(ExplicitBounds, ${p.bind(sli.threshold, 'Float64')})) AS otherBounds
FROM otel_metrics_histogram
WHERE ${and(metricConditions({ metric: sli.metric, matchers: sli.matchers }, p))}
  AND TimeUnix >= fromUnixTimestamp64Milli({fromMs:Int64})
  AND TimeUnix < fromUnixTimestamp64Milli({toMs:Int64})`;
  return { sql, params: p.values };
}

function hashOf(sli: Sli, groupBy: string[]): string {
  const stable = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(stable) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, stable((v as Record<string, unknown>)[k])])) : v;
  return createHash('sha256').update(JSON.stringify(stable({ v: PLAN_VERSION, sli, groupBy }))).digest('hex').slice(0, 16);
}

const selectorMode = <T>(sli: { good?: T; bad?: T }): { sel: T; mode: 'good' | 'bad' } =>
  sli.good !== undefined ? { sel: sli.good, mode: 'good' } : { sel: sli.bad as T, mode: 'bad' };

/**
 * The plan of an SLO's SLI, or why the hub cannot count it (PromQL it cannot translate, a
 * ratio with neither good nor bad).
 */
export function planSli(slo: Pick<SloDefinition, 'sli' | 'groupBy'>): SliPlan {
  let sli = slo.sli;
  if (sli.kind === 'promql') {
    const translated = planPromql(sli);
    if (!translated.hubEvaluable) return translated;
    sli = translated.sli;
  }
  const groupBy = slo.groupBy;
  const ok = (source: RowsPlan | QueryPlan, effective: Exclude<Sli, { kind: 'promql' }>): SliPlan => ({
    hubEvaluable: true,
    source,
    groupBy,
    sli: effective,
    hash: hashOf(effective, groupBy),
  });
  const needsOne = (s: { good?: unknown; bad?: unknown }) =>
    (s.good === undefined) === (s.bad === undefined) ? `a ${sli.kind} SLI needs exactly one of good and bad` : null;

  switch (sli.kind) {
    case 'span_ratio': {
      const problem = needsOne(sli);
      if (problem) return { hubEvaluable: false, reason: problem };
      const { good, bad } = sli;
      return ok(spanPlan(sli.total, (p) => (good ? and(spanConditions(good, p)) : `NOT (${and(spanConditions(bad!, p))})`), groupBy), sli);
    }
    case 'span_latency': {
      // Duration is UInt64 nanoseconds: compare exactly, no bucket rounding.
      const thresholdNs = Math.round(sli.thresholdSeconds * 1e9);
      return ok(spanPlan(sli.total, (p) => `Duration <= ${p.bind(thresholdNs, 'UInt64')}`, groupBy), sli);
    }
    case 'log_ratio': {
      const problem = needsOne(sli);
      if (problem) return { hubEvaluable: false, reason: problem };
      return ok(logPlan(sli.total, sli, groupBy), sli);
    }
    case 'event_ratio': {
      const problem = needsOne(sli);
      if (problem) return { hubEvaluable: false, reason: problem };
      const { sel, mode } = selectorMode(sli);
      return ok(eventPlan(sli.total, sel, mode, groupBy), sli);
    }
    case 'metric_ratio': {
      const problem = needsOne(sli);
      if (problem) return { hubEvaluable: false, reason: problem };
      const { sel, mode } = selectorMode(sli);
      return ok(counterPlan(sli.total, sel, mode, groupBy), sli);
    }
    case 'histogram_threshold':
      return ok(histogramPlan(sli.metric, sli.matchers, sli.threshold, groupBy), sli);
  }
}

/** The single-SLO SELECT of a rows plan. */
export function rowsSelectSql(plan: RowsPlan, p: SqlParams): string {
  const { total, good, groupValues } = plan.build(p);
  const time = rowTime[plan.table];
  return `SELECT
  ${time.minute} AS minute,
  ${groupValues} AS groupValues,
  toFloat64(countIf(${good})) AS good,
  toFloat64(count()) AS total
FROM ${plan.table}
WHERE ${[...time.range, total].join('\n  AND ')}
GROUP BY minute, groupValues`;
}

function servicesWhere(table: RowTable, plans: RowsPlan[], p: SqlParams): string[] {
  const services = plans.every((plan) => plan.service !== null) ? [...new Set(plans.map((plan) => plan.service!))].sort() : null;
  const where = [...rowTime[table].range];
  if (services?.length === 1) where.push(`ServiceName = ${p.bind(services[0], 'String')}`);
  else if (services) where.push(`ServiceName IN ${p.bind(services, 'Array(String)')}`);
  return where;
}

/**
 * One pass over a table for several rows plans, yielding `(minute, idx, groupValues, good,
 * total)` with idx the plan's index from `offset` + 1. When every plan pins a service, the scan is
 * narrowed to those services by the sort key's first column.
 *
 * Ungrouped plans are two `countIf`s each per minute, unpivoted after the aggregation (on
 * one row per minute): the cheapest shape ClickHouse has, a vectorised condition per plan
 * and row. Grouped plans turn each row into one entry per plan whose total it matches,
 * `(idx, group values, good)`, counted per plan, group and minute; short-circuit
 * evaluation (ClickHouse's default) computes a plan's group values and good condition only
 * on the rows of its total.
 */
export function batchedRowsSql(table: RowTable, plans: RowsPlan[], p: SqlParams, offset = 0): string {
  const time = rowTime[table];
  const where = servicesWhere(table, plans, p);
  if (plans.every((plan) => !plan.grouped)) {
    const counts: string[] = [];
    const entries: string[] = [];
    plans.forEach((plan, i) => {
      const { total, good } = plan.build(p);
      counts.push(`countIf(${total}) AS t${i + 1}`, `countIf((${total}) AND (${good})) AS g${i + 1}`);
      entries.push(`(toUInt32(${offset + i + 1}), g${i + 1}, t${i + 1})`);
    });
    return `SELECT minute, e.1 AS idx, CAST([], 'Array(String)') AS groupValues, toFloat64(e.2) AS good, toFloat64(e.3) AS total
FROM (
  SELECT
    ${time.minute} AS minute,
    ${counts.join(',\n    ')}
  FROM ${table}
  WHERE ${where.join('\n    AND ')}
  GROUP BY minute
)
ARRAY JOIN [
  ${entries.join(',\n  ')}
] AS e
WHERE e.3 > 0`;
  }
  if (plans.length === 1) {
    // one grouped plan: a plain GROUP BY, no per-row entries to build
    const { total, good, groupValues } = plans[0]!.build(p);
    return `SELECT minute, toUInt32(${offset + 1}) AS idx, groupValues, toFloat64(countIf(isGood)) AS good, toFloat64(count()) AS total
FROM (
  SELECT ${time.minute} AS minute, ${groupValues} AS groupValues, toUInt8(${good}) AS isGood
  FROM ${table}
  WHERE ${[...where, total].join('\n    AND ')}
)
GROUP BY minute, groupValues`;
  }
  const entries = plans.map((plan, i) => {
    const { total, good, groupValues } = plan.build(p);
    return `if(${total}, (toUInt32(${offset + i + 1}), ${groupValues}, toUInt8(${good})), (toUInt32(0), CAST([], 'Array(String)'), toUInt8(0)))`;
  });
  return `SELECT minute, m.1 AS idx, m.2 AS groupValues, toFloat64(countIf(m.3 = 1)) AS good, toFloat64(count()) AS total
FROM (
  SELECT
    ${time.minute} AS minute,
    arrayJoin(arrayFilter(x -> x.1 > 0, [
      ${entries.join(',\n      ')}
    ])) AS m
  FROM ${table}
  WHERE ${where.join('\n    AND ')}
)
GROUP BY minute, idx, groupValues`;
}

/** The per-minute SELECT of a plan with its parameters. */
export function selectSql(plan: Extract<SliPlan, { hubEvaluable: true }>): { sql: string; params: Record<string, unknown> } {
  const p = new SqlParams();
  const sql = plan.source.kind === 'rows' ? rowsSelectSql(plan.source, p) : plan.source.build(p);
  return { sql, params: p.values };
}

export const insertColumns = 'SloId, DefinitionHash, GroupKey, `Group`, Minute, Good, Total, ComputedAt';

/**
 * An SLO's rollup as people read it, for `octolens slo compile --target sql`: the
 * `INSERT … SELECT` the hub runs into slo_sli_minutes, with the spec's values inlined;
 * `{fromMs:Int64}` and `{toMs:Int64}` (and `{scanFromMs:Int64}` for counters, 5 minutes
 * before from) stay placeholders for the minutes to roll up.
 * For an SLO the hub cannot evaluate, a SQL comment that says why.
 */
export function planSql(slo: Pick<SloDefinition, 'id' | 'sli' | 'groupBy'>): string {
  const plan = planSli(slo);
  if (!plan.hubEvaluable) return `-- ${slo.id}: not evaluated by the hub (Prometheus only): ${plan.reason.replace(/\n/g, ' ')}\n`;
  const { sql, params } = selectSql(plan);
  const p = new SqlParams('x');
  const keys = p.bind(plan.groupBy, 'Array(String)');
  const insert = `-- ${slo.id}: ${plan.sli.kind}${plan.groupBy.length ? `, one instance per ${plan.groupBy.join(', ')}` : ''}; definition hash ${plan.hash}
-- minutes in [{fromMs:Int64}, {toMs:Int64}) (epoch ms)${sql.includes('scanFromMs') ? '; {scanFromMs:Int64} = fromMs − 300000' : ''}
INSERT INTO slo_sli_minutes (${insertColumns})
SELECT
  ${p.bind(slo.id, 'String')},
  ${p.bind(plan.hash, 'String')},
  ${groupKeySql(keys, 'groupValues')},
  mapFromArrays(${keys}, groupValues),
  toDateTime(minute),
  good,
  total,
  now64(3)
FROM (
${indent(sql)}
);
`;
  return inlineParams(insert, { ...params, ...p.values });
}

export const indent = (sql: string, by = '  ') => sql.replace(/^/gm, by);

export type { Signal };
