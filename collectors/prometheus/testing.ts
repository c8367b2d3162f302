/** What a remote_write sender puts on the wire, for tests: a WriteRequest, protobuf-encoded and snappy-compressed. */
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';
import { compressSync } from 'snappy';
import { rowsOfNative } from '../native-testing.js';

// protobufjs from the schema itself: the encoding a test checks the hand-written reader against
const remoteWriteRoot = protobuf.loadSync(fileURLToPath(new URL('./proto/remote.proto', import.meta.url))).resolveAll();
export const protobufWriteRequest = remoteWriteRoot.lookupType('prometheus.WriteRequest');
const writeRequest = protobufWriteRequest;

export interface WriteRequestInput {
  timeseries: Array<{ labels: Array<{ name: string; value: string }>; samples: Array<{ value: number; timestamp: number }>; exemplars?: Array<{ labels: Array<{ name: string; value: string }>; value: number; timestamp: number }> }>;
  metadata?: Array<{ type: number; metricFamilyName: string; help?: string; unit?: string }>;
}

export function encodeWrite(request: WriteRequestInput): Uint8Array<ArrayBuffer> {
  const bytes = writeRequest.encode(writeRequest.fromObject(request)).finish();
  return new Uint8Array(compressSync(Buffer.from(bytes)));
}

export const remoteWriteHeaders = { 'Content-Type': 'application/x-protobuf', 'Content-Encoding': 'snappy', 'X-Prometheus-Remote-Write-Version': '0.1.0' };

/**
 * A receiver's encoded parts read back as rows by table, samples joined to their series under
 * the name of the view that reads them (`otel_metrics_gauge` for otel_metrics_gauge_all, …) with
 * the view's DateTime64(9) time text; "nan"/"inf" as numbers again. (A series id past 2^53 parses
 * inexactly, but the same way on both sides of the join.) A sample whose series row is
 * not in `parts` throws: readers would never see it.
 */
export function rowsOf(parts: ReadonlyArray<{ table: string; data: string | Buffer; format?: 'Native' }>): Record<string, Array<Record<string, any>>> {
  const out: Record<string, Array<Record<string, any>>> = { otel_metrics_gauge: [], otel_metrics_sum: [], otel_metrics_histogram: [] };
  const number = (v: unknown) => (v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v);
  const lines = (table: string) =>
    parts
      .filter((p) => p.table === table)
      .flatMap((p) => (p.format === 'Native' ? rowsOfNative(p.data as Buffer) : String(p.data).split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, any>)));
  const series = new Map(lines('metric_series').map((s) => [`${s.MetricName}\u0000${Number(s.SeriesId)}`, s]));
  for (const sample of lines('metric_samples')) {
    const s = series.get(`${sample.MetricName}\u0000${Number(sample.SeriesId)}`);
    if (!s) throw new Error(`sample of ${sample.MetricName} (series ${sample.SeriesId}) without its metric_series row`);
    const row = { ...s, TimeUnix: `${sample.TimeUnix}000000`, Value: number(sample.Value), Flags: sample.Flags, ...(s.Kind === 'sum' ? { AggregationTemporality: 2, IsMonotonic: true } : {}) };
    out[`otel_metrics_${s.Kind}`]!.push(row);
  }
  for (const p of parts) {
    if (p.table === 'metric_series' || p.table === 'metric_samples') continue;
    for (const row of lines(p.table)) {
      if ('Value' in row) row.Value = number(row.Value);
      (out[p.table] ??= []).push(row);
    }
  }
  return out;
}
