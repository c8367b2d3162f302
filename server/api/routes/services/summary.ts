import type { DataFrameJSON, OperationSummary, ServiceSummary } from '../../../../shared/api.js';
import { dataFrameToJSON, FieldType, toDataFrame } from '../../../lib/grafana.js';
import type { CatalogService } from '../../../meta/services.js';
import { readQuantiles } from '../../../query/sql.js';
import type { OperationRow, ServiceBucketRow, ServiceStatsRow } from './query.js';

type Red = Pick<ServiceSummary, 'requests' | 'rate' | 'errorRatio' | 'p50Ns' | 'p95Ns' | 'p99Ns'>;

/** Requests, rate over `seconds`, error ratio (0 without requests) and latency quantiles (0 without requests). */
function red(row: { requests: number; errors: number; quantiles: Array<number | null> } | undefined, seconds: number): Red {
  const requests = row?.requests ?? 0;
  const [p50, p95, p99] = readQuantiles(row?.quantiles);
  return {
    requests,
    rate: requests / seconds,
    errorRatio: requests > 0 ? row!.errors / requests : 0,
    p50Ns: p50 ?? 0,
    p95Ns: p95 ?? 0,
    p99Ns: p99 ?? 0,
  };
}

export interface RateRange {
  from: number;
  to: number;
  /** the clock, epoch ms: a range reaching past it has had no time to fill */
  now: number;
}

/**
 * The seconds a service's rate is over (docs/services.md): from when it started sending — the
 * catalog's firstSeen, or its first span in the range if earlier (discovery runs on an
 * interval) — or the range's start if it sent before, to the range's end or now, whichever is
 * earlier; at least one second. A service that began 5 minutes into an hour is rated over those
 * 55 minutes, not diluted over the hour; one that stopped keeps its window to the end, so its
 * rate falls as it should.
 * @example rateSeconds({ from: 0, to: 3_600_000, now: 9e12 }, 300_000, null) // 3300
 */
export function rateSeconds(range: RateRange, firstSpanMs: number | undefined, catalogFirstSeen: Date | null | undefined): number {
  const started = Math.min(firstSpanMs ?? Infinity, catalogFirstSeen?.getTime() ?? Infinity);
  const start = Math.max(range.from, Number.isFinite(started) ? started : range.from);
  const end = Math.min(range.to, range.now);
  return Math.max(1, (end - start) / 1000);
}

export function serviceSummary(name: string, stats: ServiceStatsRow | undefined, catalog: CatalogService | undefined, range: RateRange): ServiceSummary {
  const seconds = rateSeconds(range, stats && Number(stats.firstMs), catalog?.firstSeen);
  return {
    name,
    team: catalog?.team ?? null,
    firstSeen: catalog?.firstSeen?.toISOString() ?? null,
    lastSeen: catalog?.lastSeen?.toISOString() ?? null,
    spans: stats?.spans ?? 0,
    ...red(stats, seconds),
    rateSeconds: seconds,
  };
}

/** A catalog entry counts for a range when its seen interval overlaps it (never, when nothing was seen). */
export const seenIn = (s: CatalogService, range: { from: number; to: number }) =>
  s.lastSeen !== null && s.firstSeen !== null && s.lastSeen.getTime() >= range.from && s.firstSeen.getTime() < range.to;

/**
 * Services with spans in the range, plus catalog services seen during the range without
 * spans in it (zeros), sorted by name.
 */
export function mergeServices(stats: ServiceStatsRow[], catalog: CatalogService[], range: RateRange): ServiceSummary[] {
  const byName = new Map(catalog.map((s) => [s.name, s]));
  const names = new Set(stats.map((s) => s.name));
  const out = stats.map((s) => serviceSummary(s.name, s, byName.get(s.name), range));
  for (const s of catalog) if (!names.has(s.name) && seenIn(s, range)) out.push(serviceSummary(s.name, undefined, s, range));
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Each operation's rate over its service's rate window (`rateSeconds`), so they add up to the service's. */
export function operationSummaries(rows: OperationRow[], seconds: number): OperationSummary[] {
  return rows.map((r) => ({ name: r.name, kind: r.kind, ...red(r, seconds) }));
}

/** The service's RED series as one frame: time (ms), rate (req/s), errorRatio, p50/p95/p99 (ns, null in empty buckets). */
export function redFrame(service: string, rows: ServiceBucketRow[], stepSeconds: number): DataFrameJSON {
  const q = rows.map((r) => readQuantiles(r.quantiles));
  const frame = toDataFrame({
    name: service,
    fields: [
      { name: 'time', type: FieldType.time, values: rows.map((r) => r.time) },
      { name: 'rate', type: FieldType.number, values: rows.map((r) => r.requests / stepSeconds), config: { unit: 'reqps' } },
      { name: 'errorRatio', type: FieldType.number, values: rows.map((r) => (r.requests > 0 ? r.errors / r.requests : 0)), config: { unit: 'percentunit' } },
      { name: 'p50', type: FieldType.number, values: q.map((v) => v[0]), config: { unit: 'ns' } },
      { name: 'p95', type: FieldType.number, values: q.map((v) => v[1]), config: { unit: 'ns' } },
      { name: 'p99', type: FieldType.number, values: q.map((v) => v[2]), config: { unit: 'ns' } },
    ],
  });
  return dataFrameToJSON(frame) as DataFrameJSON;
}
