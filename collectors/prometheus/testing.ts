/** What a remote_write sender puts on the wire, for tests: a WriteRequest, protobuf-encoded and snappy-compressed. */
import { compressSync } from 'snappy';
import { remoteWriteRoot } from './decode.js';

const writeRequest = remoteWriteRoot.lookupType('prometheus.WriteRequest');

export interface WriteRequestInput {
  timeseries: Array<{ labels: Array<{ name: string; value: string }>; samples: Array<{ value: number; timestamp: number }> }>;
  metadata?: Array<{ type: number; metricFamilyName: string; help?: string; unit?: string }>;
}

export function encodeWrite(request: WriteRequestInput): Uint8Array<ArrayBuffer> {
  const bytes = writeRequest.encode(writeRequest.fromObject(request)).finish();
  return new Uint8Array(compressSync(Buffer.from(bytes)));
}

export const remoteWriteHeaders = { 'Content-Type': 'application/x-protobuf', 'Content-Encoding': 'snappy', 'X-Prometheus-Remote-Write-Version': '0.1.0' };
