/**
 * A remote_write 1.0 body: a snappy block (not framed) holding a protobuf WriteRequest
 * (proto/remote.proto). The block's header gives its uncompressed size, so an oversized or
 * bomb-like body is refused before any byte is inflated.
 */
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';
import { uncompressSync } from 'snappy';
import { DeliveryError } from '../delivery/errors.js';

const protoDir = fileURLToPath(new URL('./proto/', import.meta.url));

/** The remote_write messages, resolved; tests encode requests with it. */
export const remoteWriteRoot = protobuf.loadSync(protoDir + 'remote.proto').resolveAll();
const writeRequestType = remoteWriteRoot.lookupType('prometheus.WriteRequest');

export interface Label {
  name: string;
  value: string;
}

export interface TimeSeries {
  labels: Label[];
  samples: Array<{ value: number; timestamp: number }>;
}

/** MetricMetadata.MetricType, by its proto number */
export const METRIC_TYPES = ['unknown', 'counter', 'gauge', 'histogram', 'gaugehistogram', 'summary', 'info', 'stateset'] as const;
export type MetricType = (typeof METRIC_TYPES)[number];

export interface MetricMetadata {
  type: MetricType;
  family: string;
  help: string;
  unit: string;
}

export interface WriteRequest {
  timeseries: TimeSeries[];
  metadata: MetricMetadata[];
}

/** The uncompressed length a snappy block starts with (a little-endian base-128 varint of at most 32 bits). */
export function snappyLength(block: Uint8Array): number {
  let length = 0;
  for (let i = 0; i < 5 && i < block.length; i++) {
    const byte = block[i]!;
    length += (byte & 0x7f) * 2 ** (7 * i);
    if ((byte & 0x80) === 0) return length;
  }
  throw new DeliveryError('malformed', 'invalid snappy block: its length header is cut short or longer than 32 bits');
}

export function decodeWriteRequest(body: Buffer, maxDecodedBytes: number): WriteRequest {
  const length = snappyLength(body);
  if (length > maxDecodedBytes) {
    throw new DeliveryError('too_large', `uncompressed body of ${length} bytes exceeds the limit of ${maxDecodedBytes} bytes (OCTOLENS_PROMETHEUS_MAX_DECODED_BYTES)`);
  }
  let raw: Buffer;
  try {
    raw = uncompressSync(body) as Buffer;
  } catch (err) {
    throw new DeliveryError('malformed', `invalid snappy block: ${(err as Error).message}`);
  }
  let message: protobuf.Message;
  try {
    message = writeRequestType.decode(raw);
  } catch (err) {
    throw new DeliveryError('malformed', `invalid WriteRequest protobuf: ${(err as Error).message}`);
  }
  const o = writeRequestType.toObject(message, { longs: Number, enums: Number, arrays: true, defaults: true }) as {
    timeseries: TimeSeries[];
    metadata: Array<{ type: number; metricFamilyName: string; help: string; unit: string }>;
  };
  return {
    timeseries: o.timeseries,
    metadata: o.metadata.map((m) => ({ type: METRIC_TYPES[m.type] ?? 'unknown', family: m.metricFamilyName, help: m.help, unit: m.unit })),
  };
}
