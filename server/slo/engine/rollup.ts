import type { TelemetryStore } from '../../storage/index.js';
import { groupKeySql } from './conditions.js';
import { batchedRowsSql, COUNTER_LOOKBACK_MS, histogramBoundCheckSql, indent, insertColumns, type RowsPlan, type SliPlan } from './plan.js';
import { SqlParams } from './sql.js';

export type EvaluablePlan = Extract<SliPlan, { hubEvaluable: true }>;

/** One SLO's minutes to (re)compute: [fromMs, toMs), whole minutes. */
export interface RollupTarget {
  sloId: string;
  plan: EvaluablePlan;
  fromMs: number;
  toMs: number;
}

export interface RollupResult {
  /** per SLO rolled up: null when fine, else what went wrong, for its status message */
  problems: Map<string, string | null>;
  /** SLOs whose minutes could not be written: their rollup is tried again next cycle */
  failed: Set<string>;
  queries: number;
}

/** The first line of an error, without ClickHouse's stack trace. */
export function errorLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.split('\n')[0]!.replace(/\s*\(version [^)]*\)\s*$/, '').trim();
}

/**
 * Computes the minutes of every target into slo_sli_minutes with `INSERT … SELECT`, so no
 * row passes through the hub. Rows plans over the same table, service and range share one
 * pass (`batchedRowsSql`): a cycle of a thousand span SLOs costs one scan per service, not
 * one per SLO. When a shared query fails (a regex ClickHouse cannot compile), its SLOs are
 * retried one by one so only the broken one keeps the error.
 */
export async function rollup(store: TelemetryStore, targets: RollupTarget[]): Promise<RollupResult> {
  const problems = new Map<string, string | null>();
  const failed = new Set<string>();
  const fail = (sloId: string, e: unknown) => {
    problems.set(sloId, `rollup failed: ${errorLine(e)}`);
    failed.add(sloId);
  };
  let queries = 0;
  const batches = new Map<string, RollupTarget[]>();
  const singles: RollupTarget[] = [];
  for (const t of targets) {
    if (t.plan.source.kind !== 'rows') {
      singles.push(t);
      continue;
    }
    const key = JSON.stringify([t.plan.source.table, t.plan.source.service, t.fromMs, t.toMs]);
    if (!batches.has(key)) batches.set(key, []);
    batches.get(key)!.push(t);
  }

  const runBatch = async (batch: RollupTarget[]) => {
    queries++;
    const q = rowsInsertSql(batch);
    await store.query(q.sql, q.params);
  };
  for (const batch of batches.values()) {
    try {
      await runBatch(batch);
      for (const t of batch) problems.set(t.sloId, null);
    } catch (e) {
      if (batch.length === 1) {
        fail(batch[0]!.sloId, e);
        continue;
      }
      for (const t of batch) {
        try {
          await runBatch([t]);
          problems.set(t.sloId, null);
        } catch (e1) {
          fail(t.sloId, e1);
        }
      }
    }
  }

  for (const t of singles) {
    try {
      queries++;
      const q = queryInsertSql(t);
      await store.query(q.sql, q.params);
      problems.set(t.sloId, null);
      if (t.plan.sli.kind === 'histogram_threshold') {
        queries++;
        problems.set(t.sloId, await histogramBoundProblem(store, t));
      }
    } catch (e) {
      fail(t.sloId, e);
    }
  }
  return { problems, failed, queries };
}

function rangeParams(t: Pick<RollupTarget, 'fromMs' | 'toMs'>) {
  return { fromMs: t.fromMs, toMs: t.toMs, scanFromMs: t.fromMs - COUNTER_LOOKBACK_MS };
}

/** The INSERT of a batch of rows plans sharing table, service and range. */
export function rowsInsertSql(batch: RollupTarget[]): { sql: string; params: Record<string, unknown> } {
  const first = batch[0]!;
  const source = first.plan.source as RowsPlan;
  const p = new SqlParams();
  const select = batchedRowsSql(
    source.table,
    batch.map((t) => t.plan.source as RowsPlan),
    source.service,
    p,
  );
  const sql = `INSERT INTO slo_sli_minutes (${insertColumns})
SELECT
  {ids:Array(String)}[idx],
  {hashes:Array(String)}[idx],
  ${groupKeySql('{keys:Array(Array(String))}[idx]', 'groupValues')},
  mapFromArrays({keys:Array(Array(String))}[idx], groupValues),
  toDateTime(minute),
  good,
  total,
  now64(3)
FROM (
${indent(select)}
)`;
  return {
    sql,
    params: {
      ...p.values,
      ...rangeParams(first),
      ids: batch.map((t) => t.sloId),
      hashes: batch.map((t) => t.plan.hash),
      keys: batch.map((t) => t.plan.groupBy),
    },
  };
}

/** The INSERT of one query plan. */
export function queryInsertSql(t: RollupTarget): { sql: string; params: Record<string, unknown> } {
  if (t.plan.source.kind !== 'query') throw new Error('not a query plan');
  const p = new SqlParams();
  const select = t.plan.source.build(p);
  const sql = `INSERT INTO slo_sli_minutes (${insertColumns})
SELECT
  {sloId:String},
  {sloHash:String},
  ${groupKeySql('{sloKeys:Array(String)}', 'groupValues')},
  mapFromArrays({sloKeys:Array(String)}, groupValues),
  toDateTime(minute),
  good,
  total,
  now64(3)
FROM (
${indent(select)}
)`;
  return { sql, params: { ...p.values, ...rangeParams(t), sloId: t.sloId, sloHash: t.plan.hash, sloKeys: t.plan.groupBy } };
}

/**
 * A histogram SLI counts nothing when no bucket bound equals its threshold: say so, with the
 * bounds the metric has, instead of showing "no data".
 */
async function histogramBoundProblem(store: TelemetryStore, t: RollupTarget): Promise<string | null> {
  if (t.plan.sli.kind !== 'histogram_threshold') return null;
  const q = histogramBoundCheckSql(t.plan.sli);
  const [row] = await store.query<{ points: number; withBound: number; otherBounds: number[] }>(q.sql, { ...q.params, fromMs: t.fromMs, toMs: t.toMs });
  if (!row || row.points === 0 || row.withBound > 0) return null;
  return `histogram "${t.plan.sli.metric}" has no bucket bound equal to the threshold ${t.plan.sli.threshold} (its bounds: ${row.otherBounds.join(', ')}); set the threshold to one of them or add that bound to the instrument's buckets`;
}
