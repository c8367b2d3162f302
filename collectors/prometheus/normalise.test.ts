import { describe, expect, it } from 'vitest';
import type { MetricMetadata, TimeSeries } from './decode.js';
import { isStaleMarker, normaliseWrite, NO_RECORDED_VALUE, receiverState, rememberSeries, type ReceiverState } from './normalise.js';
import { decodeWriteRequest } from './decode.js';
import { rowsOfNative } from '../native-testing.js';
import { encodeWrite, rowsOf } from './testing.js';
import { SeriesLimiter } from '../series-limit.js';

// Prometheus's stale marker: the NaN with bit pattern 0x7ff0000000000002.
const stale = new DataView(new ArrayBuffer(8));
stale.setUint32(0, 0x7ff00000);
stale.setUint32(4, 2);
const STALE = stale.getFloat64(0);

const T = 1_764_000_000_000;
const series = (name: string, labels: Record<string, string>, samples: Array<[number, number]>): TimeSeries => ({
  labels: [{ name: '__name__', value: name }, ...Object.entries(labels).map(([n, v]) => ({ name: n, value: v }))],
  samples: samples.map(([timestamp, value]) => ({ timestamp, value })),
});
const job = { job: 'api', instance: '10.0.0.1:9100' };
const write = (timeseries: TimeSeries[], metadata: MetricMetadata[] = [], state: ReceiverState = receiverState()) => {
  const { parts, ...rest } = normaliseWrite({ timeseries, metadata }, state);
  return { rows: rowsOf(parts), ...rest };
};

describe('remote_write samples → metric rows', () => {
  it('keeps the name and labels; job and instance are also the resource', () => {
    const { rows, samples, rejected } = write([series('node_load1', job, [[T, 0.5], [T + 15_000, 0.75]])]);
    expect([samples, rejected]).toEqual([2, 0]);
    expect(rows.otel_metrics_gauge!.map((r) => [r.MetricName, r.ServiceName, r.TimeUnix, r.Value, r.Flags])).toEqual([
      ['node_load1', 'api', '1764000000.000000000', 0.5, 0],
      ['node_load1', 'api', '1764000015.000000000', 0.75, 0],
    ]);
    expect(rows.otel_metrics_gauge![0]!.Attributes).toEqual(job);
    expect(rows.otel_metrics_gauge![0]!.ResourceAttributes).toEqual({ 'service.name': 'api', 'service.instance.id': '10.0.0.1:9100' });
  });

  it('stores _total and declared counters as cumulative monotonic sums, with their help and unit', () => {
    const cache = receiverState();
    write([], [{ type: 'counter', family: 'process_cpu_seconds', help: 'CPU time', unit: 'seconds' }], cache);
    const { rows } = write([series('http_requests_total', job, [[T, 10]]), series('process_cpu_seconds', job, [[T, 3.5]])], [], cache);
    expect(rows.otel_metrics_sum!.map((r) => [r.MetricName, r.Value, r.AggregationTemporality, r.IsMonotonic, r.MetricDescription, r.MetricUnit])).toEqual([
      ['http_requests_total', 10, 2, true, '', ''],
      ['process_cpu_seconds', 3.5, 2, true, 'CPU time', 'seconds'],
    ]);
    expect(rows.otel_metrics_gauge).toEqual([]);
  });

  it('makes one histogram point of a complete _bucket/_sum/_count set, per-bucket counts from cumulative ones', () => {
    const h = (le: string, v: number) => series('rpc_seconds_bucket', { ...job, le }, [[T, v]]);
    const { rows, samples } = write([h('0.1', 3), h('0.5', 7), h('+Inf', 10), series('rpc_seconds_sum', job, [[T, 2.25]]), series('rpc_seconds_count', job, [[T, 10]])]);
    expect(samples).toBe(5);
    expect(rows.otel_metrics_histogram).toHaveLength(1);
    expect(rows.otel_metrics_histogram![0]).toMatchObject({
      MetricName: 'rpc_seconds', Attributes: job, ExplicitBounds: [0.1, 0.5], BucketCounts: ['3', '4', '3'], Count: '10', Sum: 2.25, Flags: 0,
    });
    expect([rows.otel_metrics_sum, rows.otel_metrics_gauge]).toEqual([[], []]);
  });

  it('keeps an incomplete histogram set as cumulative sums under their own names', () => {
    const { rows } = write([series('rpc_seconds_bucket', { ...job, le: '0.1' }, [[T, 3]]), series('rpc_seconds_count', job, [[T, 10]])]);
    expect(rows.otel_metrics_histogram).toEqual([]);
    expect(rows.otel_metrics_sum!.map((r) => [r.MetricName, r.Attributes.le, r.Value])).toEqual([['rpc_seconds_bucket', '0.1', 3], ['rpc_seconds_count', undefined, 10]]);
  });

  it('ends a series at a stale marker instead of storing it as a value; other NaNs are values', () => {
    expect([isStaleMarker(STALE), isStaleMarker(NaN), isStaleMarker(0)]).toEqual([true, false, false]);
    // objects, not [t, v] pairs: V8 stores a number array as doubles and canonicalises its NaNs
    const up = series('up', job, [[T, 1]]);
    up.samples.push({ timestamp: T + 15_000, value: STALE }, { timestamp: T + 30_000, value: NaN });
    const { rows } = write([up]);
    expect(rows.otel_metrics_gauge!.map((r) => [r.Flags, r.Value])).toEqual([[0, 1], [NO_RECORDED_VALUE, 0], [0, NaN]]);
  });

  it('refuses series without a valid name or with a repeated label, and samples out of time, keeping the rest', () => {
    const { rows, samples, rejected, errors } = write([
      series('up', job, [[T, 1]]),
      { labels: [{ name: 'job', value: 'api' }], samples: [{ timestamp: T, value: 1 }] },
      series('9lives', {}, [[T, 1]]),
      { labels: [{ name: '__name__', value: 'up' }, { name: 'job', value: 'a' }, { name: 'job', value: 'b' }], samples: [{ timestamp: T, value: 1 }, { timestamp: T + 1, value: 1 }] },
      series('up', { job: 'late' }, [[5_000_000_000_000, 1]]),
    ]);
    expect([samples, rejected, rows.otel_metrics_gauge!.length]).toEqual([1, 5, 1]);
    expect(errors).toEqual([
      'timeseries[1]: no __name__ label (the metric name)',
      'timeseries[2]: metric name "9lives" is not a Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)',
      'timeseries[3]: label "job" appears twice',
      'timeseries[4] (up).samples[0]: timestamp 5000000000000 ms is outside 1970-01-01 … 2100-01-01',
    ]);
  });

  it('remembers a series by its label bytes across requests, and forgets it when its metadata changes', () => {
    const state = receiverState();
    const send = (value: number, metadata: Array<{ type: number; metricFamilyName: string; help?: string }> = []) => {
      const decoded = decodeWriteRequest(Buffer.from(encodeWrite({ timeseries: [series('jobs_done', job, [[T + value, value]])], metadata })), 1 << 20);
      return write(decoded.timeseries, decoded.metadata, state);
    };
    send(0, [{ type: 2, metricFamilyName: 'jobs_done', help: 'first help' }]);
    expect(state.series.size).toBe(1);
    expect(send(1).rows.otel_metrics_gauge!.map((r) => [r.MetricDescription, r.Value])).toEqual([['first help', 1]]);
    // now declared a counter: the same series becomes a sum, with the new help
    write([], [{ type: 'counter', family: 'jobs_done', help: 'second help', unit: '' }], state);
    expect(state.series.size).toBe(0);
    const { rows } = send(2);
    expect([rows.otel_metrics_gauge, rows.otel_metrics_sum!.map((r) => [r.MetricDescription, r.Value, r.IsMonotonic])]).toEqual([[], [['second help', 2, true]]]);
  });
});

describe('series rows', () => {
  const parts = (w: ReturnType<typeof normaliseWrite>) => w.parts.map((p) => [p.table, p.rows]);

  it('writes a series row until one is stored, then again only after an hour or as another kind', () => {
    const state = receiverState();
    const up = () => ({ timeseries: [{ ...series('up', job, [[T, 1]]), key: 'up-bytes' }], metadata: [] });
    const first = normaliseWrite(up(), state, T);
    expect(parts(first)).toEqual([['metric_series', 1], ['metric_samples', 1]]);
    // not stored yet (a 429, say): the next write carries it again
    expect(parts(normaliseWrite(up(), state, T))).toEqual([['metric_series', 1], ['metric_samples', 1]]);
    rememberSeries(first, T);
    expect(parts(normaliseWrite(up(), state, T + 3_599_999))).toEqual([['metric_samples', 1]]);
    expect(parts(normaliseWrite(up(), state, T + 3_600_000))).toEqual([['metric_series', 1], ['metric_samples', 1]]);
  });

  it('gives a series the same id whatever the order of its labels, and times before 2001 their ten-digit seconds', () => {
    const a = normaliseWrite({ timeseries: [series('up', { job: 'a', instance: 'x' }, [[1_000, 1]])], metadata: [] }, receiverState());
    const b = normaliseWrite({ timeseries: [{ labels: [{ name: 'instance', value: 'x' }, { name: 'job', value: 'a' }, { name: '__name__', value: 'up' }], samples: [{ timestamp: 1_000, value: 1 }] }], metadata: [] }, receiverState());
    const sample = (w: ReturnType<typeof normaliseWrite>) => rowsOfNative(w.parts.find((p) => p.table === 'metric_samples')!.data as Buffer);
    expect(sample(a)).toEqual(sample(b));
    expect(sample(a)).toEqual([{ MetricName: 'up', SeriesId: expect.stringMatching(/^\d{1,20}$/), TimeUnix: '0000000001.000', Value: 1, Flags: 0 }]);
  });

  it('refuses the samples of new series past the series limit and stores the rest, in this write and the next', () => {
    const limiter = new SeriesLimiter({ maxPerMetric: 2, max: 100 });
    const state = receiverState(limiter);
    const three = [1, 2, 3].map((n) => series('http_requests_total', { ...job, code: `${n}00` }, [[T, n], [T + 15_000, n + 1]]));
    const first = write([...three, series('up', job, [[T, 1]])], [], state);
    expect(first.rows.otel_metrics_sum!.map((r) => [r.Attributes.code, r.Value])).toEqual([['100', 1], ['100', 2], ['200', 2], ['200', 3]]);
    expect(first.rows.otel_metrics_gauge!.map((r) => r.MetricName)).toEqual(['up']);
    expect([first.samples, first.rejected, first.limited]).toEqual([5, 2, 2]);
    expect(first.errors).toEqual([expect.stringMatching(/^timeseries\[2\]: a new series of "http_requests_total" refused: it has 2 active series, the most OCTOLENS_MAX_SERIES_PER_METRIC allows/)]);
    expect(limiter.activeSeries).toBe(3);
    const again = write(three, [], state);
    expect([again.samples, again.rejected, again.limited]).toEqual([4, 2, 2]);
  });
});
