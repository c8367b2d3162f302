/** What a remote_write sender puts on the wire, for tests: a WriteRequest, protobuf-encoded and snappy-compressed. */
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';
import { compressSync } from 'snappy';

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

/** A receiver's encoded parts read back as rows by table ("nan"/"inf" as numbers again), for assertions. */
export function rowsOf(parts: ReadonlyArray<{ table: string; data: string }>): Record<string, Array<Record<string, any>>> {
  const out: Record<string, Array<Record<string, any>>> = { otel_metrics_gauge: [], otel_metrics_sum: [], otel_metrics_histogram: [] };
  const number = (v: unknown) => (v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v);
  for (const p of parts) {
    for (const line of p.data.split('\n')) {
      if (!line) continue;
      const row = JSON.parse(line) as Record<string, unknown>;
      if ('Value' in row) row.Value = number(row.Value);
      (out[p.table] ??= []).push(row);
    }
  }
  return out;
}
