/**
 * remote_write samples → rows of the OTLP metric tables, the way the OpenTelemetry
 * Collector's Prometheus receiver reads a scrape, so a remote-written series is queried like
 * an OTLP one (docs/prometheus.md):
 * - the metric keeps its Prometheus name; every label but `__name__` is a point attribute,
 *   and `job` / `instance` are also the resource's `service.name` / `service.instance.id`;
 * - a counter (metadata says so, or the name ends in `_total`) is a cumulative monotonic sum;
 *   a `_bucket`/`_sum`/`_count` family at one timestamp with its `+Inf` bucket is one
 *   histogram point (an incomplete set stays three cumulative sums); anything else a gauge;
 * - a stale marker (the NaN 0x7ff0000000000002) ends its series: a point flagged
 *   FLAG_NO_RECORDED_VALUE (1), which queries skip, not a value.
 * Gauges and sums are stored the way Prometheus stores them (migration 0014): a series' labels
 * once in `metric_series`, each sample as a narrow `metric_samples` row, written straight into
 * one Native block per request (sample-block.ts), since this runs for every sample
 * (bench/results/remote-write.md).
 * Readers see both sources through the `otel_metrics_gauge_all` / `otel_metrics_sum_all` views.
 */
import { createHash } from 'node:crypto';
import type { EncodedRows } from '../../server/queue/types.js';
import type { Attributes, GaugeRow, HistogramRow, MetricSeriesRow } from '../../server/storage/rows.js';
import { formatMillis, formatNanos } from '../../server/storage/rows.js';
import { encodeRows } from '../encode.js';
import { MAX_STORABLE_NANOS } from '../otlp/normalise-common.js';
import type { GrantCheck } from '../grant.js';
import type { SeriesLimiter } from '../series-limit.js';
import type { Label, MetricMetadata, MetricType, TimeSeries, WriteRequest } from './decode.js';
import { SampleBlock, sampleSeries, type SampleSeries } from './sample-block.js';

/** OTLP's DataPointFlags.FLAG_NO_RECORDED_VALUE: what a Prometheus stale marker means. */
export const NO_RECORDED_VALUE = 1;
const CUMULATIVE = 2;
/** remote_write 1.0 sends no start time: 0, as OTLP says for an unknown one */
const UNKNOWN_START = formatNanos(0n);

const staleBits = new DataView(new ArrayBuffer(8));
/** The exact NaN Prometheus writes as a stale marker; other NaNs are values. */
export function isStaleMarker(value: number): boolean {
  if (!Number.isNaN(value)) return false;
  staleBits.setFloat64(0, value);
  return staleBits.getUint32(0) === 0x7ff00000 && staleBits.getUint32(4) === 0x00000002;
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const MAX_STORABLE_MS = Number(MAX_STORABLE_NANOS / 1_000_000n);
/** Error messages kept per request: the first few say enough, the count says the rest. */
const MAX_MESSAGES = 5;

export interface NormalisedWrite {
  /** a part per table (samples as a Native block), ready for IngestQueue.push */
  parts: EncodedRows[];
  /** samples stored (a histogram point stores all of its series' samples) */
  samples: number;
  rejected: number;
  /** of `rejected`, the samples of new series past the limiter's bounds */
  limited: number;
  errors: string[];
  /** the series whose metric_series row this write carries: rememberSeries() once it is stored */
  seriesRows: SeriesRowWrite[];
}

/** Metadata by metric family, as Prometheus last sent it (it sends metadata in requests of its own). */
export type MetadataCache = Map<string, MetricMetadata>;

/**
 * What a receiver remembers between requests: the metadata, and per label set (by its bytes
 * on the wire) the series' name, labels, id and row head, so a series seen before costs a
 * lookup. Cleared when metadata changes (it is in the series rows) or when it holds
 * MAX_CACHED_SERIES. `limiter`: the process's bound on active series, when there is one.
 */
export interface ReceiverState {
  metadata: MetadataCache;
  series: Map<string, Series | string>;
  limiter?: SeriesLimiter;
}

export const receiverState = (limiter?: SeriesLimiter): ReceiverState => ({ metadata: new Map(), series: new Map(), ...(limiter ? { limiter } : {}) });

const MAX_CACHED_SERIES = 200_000;
/**
 * A series' row is written again after this long, so its SeenUnix (the TTL's clock) follows a
 * series that keeps sending; a duplicate row costs nothing (ReplacingMergeTree keeps one).
 */
const SERIES_REFRESH_MS = 3_600_000;

type Kind = MetricSeriesRow['Kind'];

interface Series {
  name: string;
  /** every label but __name__ */
  labels: Attributes;
  /** `x_bucket` / `x_sum` / `x_count`: a part of histogram family `x`, if the request has its buckets */
  family: { family: string; part: 'bucket' | 'sum' | 'count' } | undefined;
  counter: boolean;
  /** decimal UInt64 from the name and labels: the same series has the same id in every process */
  id: string;
  /** 32 more bits of the same hash, the series' key in the limiter */
  key: number;
  /** the limiter slot it was last admitted in: checked again only in a new one */
  admitted?: number;
  /** its name and id as metric_samples cells */
  cells: SampleSeries;
  /** when its metric_series row was last stored, and as which kind */
  stored?: { kind: Kind; atMs: number };
}

interface SeriesRowWrite {
  series: Series;
  kind: Kind;
}

interface Point {
  series: Series;
  ms: number;
  value: number;
}

/** With a `grant`, the series of jobs it does not name are refused there, counted in it, and left out of the result. */
export function normaliseWrite(request: WriteRequest, state: ReceiverState, nowMs = Date.now(), grant?: GrantCheck): NormalisedWrite {
  learnMetadata(request.metadata, state);
  let capacity = 0;
  for (const ts of request.timeseries) capacity += ts.samples.length;
  const samples = new SampleBlock(capacity);
  const seriesRows: MetricSeriesRow[] = [];
  const result: NormalisedWrite = { parts: [], samples: 0, rejected: 0, limited: 0, errors: [], seriesRows: [] };
  const limiter = state.limiter;
  const slot = limiter?.slotAt(nowMs) ?? 0;
  const inThisWrite = new Set<Series>();
  const reject = (n: number, message: string) => {
    result.rejected += n;
    if (result.errors.length < MAX_MESSAGES) result.errors.push(message);
  };
  const emit = (series: Series, ms: number, value: number, asSum: boolean) => {
    // a stale marker is no recorded value (Flags 1), not a value
    if (isStaleMarker(value)) samples.add(series.cells, ms, 0, NO_RECORDED_VALUE);
    else samples.add(series.cells, ms, value, 0);
    result.samples++;
    const kind: Kind = asSum ? 'sum' : 'gauge';
    const stored = series.stored;
    if ((stored?.kind !== kind || nowMs - stored.atMs >= SERIES_REFRESH_MS) && !inThisWrite.has(series)) {
      inThisWrite.add(series);
      seriesRows.push(seriesRow(series, kind, state.metadata, nowMs));
      result.seriesRows.push({ series, kind });
    }
  };

  // points of `_bucket` / `_sum` / `_count` series wait until the request's histogram sets are known
  const familyPoints: Point[] = [];
  request.timeseries.forEach((ts, index) => {
    const series = seriesOf(ts, state);
    if (typeof series === 'string') return reject(ts.samples.length, `timeseries[${index}]: ${series}`);
    // before the limiter, so a refused series takes no place in it; the job is the service.name
    if (grant && !grant.admits(series.labels.job ?? '')) return grant.refuse(series.labels.job ?? '', ts.samples.length);
    if (limiter && series.admitted !== slot) {
      const refusal = limiter.admit(series.name, series.key, slot);
      if (refusal !== undefined) {
        result.limited += ts.samples.length;
        return reject(ts.samples.length, `timeseries[${index}]: ${refusal}`);
      }
      series.admitted = slot;
    }
    ts.samples.forEach((s, i) => {
      if (!Number.isInteger(s.timestamp) || s.timestamp < 0 || s.timestamp > MAX_STORABLE_MS) {
        return reject(1, `timeseries[${index}] (${series.name}).samples[${i}]: timestamp ${s.timestamp} ms is outside 1970-01-01 … 2100-01-01`);
      }
      // a point object only for the samples that wait for their histogram set
      if (series.family) familyPoints.push({ series, ms: s.timestamp, value: s.value });
      else emit(series, s.timestamp, s.value, series.counter);
    });
  });

  const histograms = histogramPoints(familyPoints, state.metadata);
  result.samples += histograms.samples;
  for (const p of familyPoints) {
    if (!histograms.used.has(p)) emit(p.series, p.ms, p.value, p.series.counter || histograms.partOfFamily.has(p));
  }
  // a sample is seen only joined to its series row: both are in this request, which is answered once both are stored
  if (seriesRows.length > 0) result.parts.push(encodeRows('metric_series', seriesRows));
  if (samples.rows > 0) result.parts.push({ table: 'metric_samples', data: samples.done(), rows: samples.rows, format: 'Native' });
  if (histograms.complete.length > 0) result.parts.push(encodeRows('otel_metrics_histogram', histograms.complete));
  return result;
}

/** After a write is stored: its series rows need not be written again for SERIES_REFRESH_MS. */
export function rememberSeries(write: NormalisedWrite, nowMs = Date.now()): void {
  for (const { series, kind } of write.seriesRows) series.stored = { kind, atMs: nowMs };
}

function learnMetadata(list: MetricMetadata[], state: ReceiverState): void {
  for (const m of list) {
    if (!m.family) continue;
    const known = state.metadata.get(m.family);
    if (known && known.type === m.type && known.help === m.help && known.unit === m.unit) continue;
    state.metadata.set(m.family, m);
    state.series.clear();
  }
}

function seriesOf(ts: TimeSeries, state: ReceiverState): Series | string {
  if (!ts.key) return describeSeries(ts.labels, state.metadata);
  let series = state.series.get(ts.key);
  if (series === undefined) {
    if (state.series.size >= MAX_CACHED_SERIES) state.series.clear();
    series = describeSeries(ts.labels, state.metadata);
    state.series.set(ts.key, series);
  }
  return series;
}

function describeSeries(list: Label[], metadata: MetadataCache): Series | string {
  const labels = seriesLabels(list);
  if (typeof labels === 'string') return labels;
  const name = labels.__name__!;
  delete labels.__name__;
  const { id, key } = seriesId(name, labels);
  return { name, labels, family: familyOf(name), counter: typeOf(name, metadata) === 'counter', id: id.toString(), key, cells: sampleSeries(name, id) };
}

/**
 * SHA-256 over the name and the sorted labels: its first 64 bits are the stored id, the next
 * 32 the limiter's key. Once per series, so speed does not matter.
 */
function seriesId(name: string, labels: Attributes): { id: bigint; key: number } {
  const sorted = Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1));
  const digest = createHash('sha256').update(JSON.stringify([name, sorted])).digest();
  return { id: digest.readBigUInt64BE(0), key: digest.readInt32BE(8) };
}

function seriesRow(s: Series, kind: Kind, metadata: MetadataCache, nowMs: number): MetricSeriesRow {
  const row = baseRow(s.name, s.labels, 0, metadata);
  return {
    SeriesId: s.id,
    MetricName: s.name,
    Kind: kind,
    ServiceName: row.ServiceName,
    ResourceAttributes: row.ResourceAttributes,
    Attributes: row.Attributes,
    MetricDescription: row.MetricDescription,
    MetricUnit: row.MetricUnit,
    SeenUnix: Math.floor(nowMs / 1000),
  };
}

/** Labels as a map, or why the series is refused: no or a malformed `__name__`, an empty or repeated name. */
function seriesLabels(list: Label[]): Attributes | string {
  const labels: Attributes = Object.create(null) as Attributes;
  for (const { name, value } of list) {
    if (name === '') return 'a label has an empty name';
    if (Object.hasOwn(labels, name)) return `label "${name}" appears twice`;
    // an empty value is the same as no label, as Prometheus reads it
    if (value !== '') labels[name] = value;
  }
  const metric = labels.__name__;
  if (metric === undefined) return 'no __name__ label (the metric name)';
  if (!METRIC_NAME.test(metric)) return `metric name "${metric}" is not a Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)`;
  return labels;
}

/** Metadata of a sample's family: Prometheus names a counter's family with or without `_total`. */
function metadataOf(name: string, metadata: MetadataCache): MetricMetadata | undefined {
  return metadata.get(name) ?? (name.endsWith('_total') ? metadata.get(name.slice(0, -'_total'.length)) : undefined);
}

function typeOf(name: string, metadata: MetadataCache): MetricType {
  const declared = metadataOf(name, metadata)?.type;
  if (declared && declared !== 'unknown') return declared;
  return name.endsWith('_total') ? 'counter' : 'gauge';
}

/** A row of `name` with `labels` at `ms` (a histogram row replaces Value with its own columns). */
function baseRow(name: string, labels: Attributes, ms: number, metadata: MetadataCache): GaugeRow {
  const meta = metadataOf(name, metadata) ?? metadataOf(familyOf(name)?.family ?? '', metadata);
  const resource: Attributes = {};
  if (labels.job !== undefined) resource['service.name'] = labels.job;
  if (labels.instance !== undefined) resource['service.instance.id'] = labels.instance;
  return {
    ResourceAttributes: resource,
    ResourceSchemaUrl: '',
    ScopeName: '',
    ScopeVersion: '',
    ScopeAttributes: {},
    ScopeDroppedAttrCount: 0,
    ScopeSchemaUrl: '',
    ServiceName: labels.job ?? '',
    MetricName: name,
    MetricDescription: meta?.help ?? '',
    MetricUnit: meta?.unit ?? '',
    Attributes: { ...labels },
    StartTimeUnix: UNKNOWN_START,
    TimeUnix: formatNanos(BigInt(ms) * 1_000_000n),
    Flags: 0,
    Value: 0,
    'Exemplars.FilteredAttributes': [],
    'Exemplars.TimeUnix': [],
    'Exemplars.Value': [],
    'Exemplars.SpanId': [],
    'Exemplars.TraceId': [],
  };
}

/** `x_bucket` / `x_sum` / `x_count` → family `x` and the part. */
function familyOf(name: string): { family: string; part: 'bucket' | 'sum' | 'count' } | undefined {
  for (const part of ['bucket', 'sum', 'count'] as const) {
    if (name.endsWith(`_${part}`)) return { family: name.slice(0, -(part.length + 1)), part };
  }
  return undefined;
}

interface HistogramSet {
  points: Point[];
  buckets: Array<{ le: number; point: Point }>;
  sum?: Point;
  count?: Point;
}

/**
 * Groups a histogram family's points by (family, labels without `le`, timestamp). A family
 * counts as a histogram when its metadata says so, or, without metadata, when it has
 * `_bucket` series with `le`. `partOfFamily`: points of a histogram family whose set was
 * incomplete, stored as cumulative sums under their own names.
 */
function histogramPoints(points: Point[], metadata: MetadataCache): { complete: HistogramRow[]; used: Set<Point>; partOfFamily: Set<Point>; samples: number } {
  const families = new Set<string>();
  for (const p of points) {
    const f = p.series.family;
    if (f?.part !== 'bucket' || p.series.labels.le === undefined) continue;
    const declared = metadata.get(f.family)?.type;
    if (declared === undefined || declared === 'unknown' || declared === 'histogram') families.add(f.family);
  }
  const sets = new Map<string, HistogramSet>();
  for (const p of points) {
    const f = p.series.family;
    if (!f || !families.has(f.family)) continue;
    const { le, ...rest } = p.series.labels;
    const key = `${f.family}\u0000${p.ms}\u0000${JSON.stringify(Object.entries(rest).sort(([a], [b]) => (a < b ? -1 : 1)))}`;
    let set = sets.get(key);
    if (!set) sets.set(key, (set = { points: [], buckets: [] }));
    set.points.push(p);
    if (f.part === 'bucket') {
      const bound = le === undefined ? NaN : le === '+Inf' ? Infinity : Number(le);
      if (!Number.isNaN(bound)) set.buckets.push({ le: bound, point: p });
    } else set[f.part] = p;
  }
  const complete: HistogramRow[] = [];
  const used = new Set<Point>();
  const partOfFamily = new Set<Point>();
  let samples = 0;
  for (const set of sets.values()) {
    set.buckets.sort((a, b) => a.le - b.le);
    const inf = set.buckets.at(-1);
    if (!inf || inf.le !== Infinity || !set.sum || !set.count) {
      for (const p of set.points) partOfFamily.add(p);
      continue;
    }
    for (const p of set.points) used.add(p);
    samples += set.points.length;
    complete.push(histogramRow(set, inf.point, metadata));
  }
  return { complete, used, partOfFamily, samples };
}

function histogramRow(set: HistogramSet, inf: Point, metadata: MetadataCache): HistogramRow {
  const { le: _le, ...labels } = inf.series.labels;
  const base = baseRow(inf.series.family!.family, labels, inf.ms, metadata);
  const stale = set.points.some((p) => isStaleMarker(p.value));
  // cumulative bucket counts → per-bucket counts (OTLP's explicit-bucket layout)
  const counts = set.buckets.map((b, i) => (stale ? 0 : Math.max(0, b.point.value - (i === 0 ? 0 : set.buckets[i - 1]!.point.value))));
  const { Value: _gaugeValue, ...rest } = base;
  return {
    ...rest,
    Flags: stale ? NO_RECORDED_VALUE : 0,
    Count: stale ? '0' : String(Math.round(set.count!.value)),
    Sum: stale ? 0 : set.sum!.value,
    BucketCounts: counts.map((c) => String(Math.round(c))),
    ExplicitBounds: set.buckets.slice(0, -1).map((b) => b.le),
    Min: 0,
    Max: 0,
    AggregationTemporality: CUMULATIVE,
  };
}
