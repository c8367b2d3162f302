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

/** SLOs in one INSERT: its text stays well under ClickHouse's max_query_size (256 KiB). */
export const MAX_BATCH = 200;
/** Ranges up to this long (a cycle's recent minutes) share one scan across services; longer ones (backfills) scan per service. */
export const SHARED_RANGE_MS = 3_600_000;

/** Rows plans counted in one pass over their table (`batchedRowsSql`). */
export type Scan = RollupTarget[];

/**
 * Groups rows targets into scans, and scans into INSERTs.
 *
 * A scan covers one table, range and shape (grouped or not); for a backfill also one
 * service, so each row is tested against its own service's SLOs only (a day of 10M spans
 * against 1,000 SLOs at once would be 10^10 tests); a cycle's few recent minutes are
 * scanned across services at once. Scans of one range then share INSERTs (UNION ALL) of up
 * to MAX_BATCH SLOs: each INSERT writes parts, and waiting for a hundred small writes cost
 * more than the scans themselves (bench/results/slo-cycle.md).
 */
export function rowInserts(targets: RollupTarget[]): Scan[][] {
  const scans = new Map<string, RollupTarget[]>();
  for (const t of targets) {
    const source = t.plan.source as RowsPlan;
    const shared = t.toMs - t.fromMs <= SHARED_RANGE_MS;
    const key = JSON.stringify([t.fromMs, t.toMs, source.table, source.grouped, shared ? '' : source.service]);
    if (!scans.has(key)) scans.set(key, []);
    scans.get(key)!.push(t);
  }
  const inserts: Scan[][] = [];
  let current: Scan[] = [];
  let size = 0;
  let range = '';
  const flush = () => {
    if (current.length > 0) inserts.push(current);
    current = [];
    size = 0;
  };
  for (const group of scans.values()) {
    // by service, so a chunk of a shared scan reads few services' parts of the sort key
    group.sort((a, b) => ((a.plan.source as RowsPlan).service ?? '').localeCompare((b.plan.source as RowsPlan).service ?? ''));
    for (let i = 0; i < group.length; i += MAX_BATCH) {
      const scan = group.slice(i, i + MAX_BATCH);
      const scanRange = `${scan[0]!.fromMs}:${scan[0]!.toMs}`;
      if (scanRange !== range || size + scan.length > MAX_BATCH) flush();
      range = scanRange;
      current.push(scan);
      size += scan.length;
    }
  }
  flush();
  return inserts;
}

/**
 * Computes the minutes of every target into slo_sli_minutes with `INSERT … SELECT`, so no
 * row passes through the hub. Rows plans (spans, logs) share scans and INSERTs
 * (`rowInserts`): a cycle of a thousand span SLOs costs a handful of queries, not a
 * thousand. When a shared INSERT fails (a regex ClickHouse cannot compile), its SLOs are
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
  const singles = targets.filter((t) => t.plan.source.kind !== 'rows');

  const run = async (scans: Scan[]) => {
    queries++;
    const q = rowsInsertSql(scans);
    await store.query(q.sql, q.params);
  };
  for (const scans of rowInserts(targets.filter((t) => t.plan.source.kind === 'rows'))) {
    const all = scans.flat();
    try {
      await run(scans);
      for (const t of all) problems.set(t.sloId, null);
    } catch (e) {
      if (all.length === 1) {
        fail(all[0]!.sloId, e);
        continue;
      }
      for (const t of all) {
        try {
          await run([[t]]);
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

/** The INSERT of scans over one range: their SELECTs in UNION ALL, plan indexes running on across scans. */
export function rowsInsertSql(scans: Scan[]): { sql: string; params: Record<string, unknown> } {
  const p = new SqlParams();
  let offset = 0;
  const selects = scans.map((scan) => {
    const sql = batchedRowsSql((scan[0]!.plan.source as RowsPlan).table, scan.map((t) => t.plan.source as RowsPlan), p, offset);
    offset += scan.length;
    return sql;
  });
  const all = scans.flat();
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
${indent(selects.join('\nUNION ALL\n'))}
)`;
  return {
    sql,
    params: {
      ...p.values,
      ...rangeParams(all[0]!),
      ids: all.map((t) => t.sloId),
      hashes: all.map((t) => t.plan.hash),
      keys: all.map((t) => t.plan.groupBy),
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
