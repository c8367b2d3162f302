/**
 * The two OTLP/HTTP wire formats and the messages Octolens writes back: the export
 * responses (with partial success) and google.rpc.Status for errors. The .proto files
 * beside this module are loaded once, at module load; requests are read by
 * decode-protobuf.ts, which is tested against these same files.
 */
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';
import type { TelemetrySignal as Signal } from '../types.js';

export type WireFormat = 'protobuf' | 'json';

/** OTLP/HTTP: "the server MUST use the same Content-Type in the response as it received". */
export const contentTypeOf: Record<WireFormat, string> = {
  protobuf: 'application/x-protobuf',
  json: 'application/json',
};

const protoDir = fileURLToPath(new URL('./proto/', import.meta.url));

/** Every OTLP message definition, resolved; tests encode requests with it. */
export const otlpRoot = protobuf
  .loadSync(['trace_service.proto', 'logs_service.proto', 'metrics_service.proto', 'status.proto'].map((f) => protoDir + f))
  .resolveAll();

const statusType = otlpRoot.lookupType('google.rpc.Status');

const responses = {
  traces: { type: otlpRoot.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse'), rejectedField: 'rejectedSpans' },
  logs: { type: otlpRoot.lookupType('opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse'), rejectedField: 'rejectedLogRecords' },
  metrics: { type: otlpRoot.lookupType('opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse'), rejectedField: 'rejectedDataPoints' },
} as const satisfies Record<Signal, { type: protobuf.Type; rejectedField: string }>;

/** Encoded bytes as a Response body takes them. protobufjs writes into fresh (non-shared) ArrayBuffers. */
export type Bytes = Uint8Array<ArrayBuffer>;

export interface PartialSuccess {
  rejected: number;
  errorMessage: string;
}

/**
 * Export{Trace,Logs,Metrics}ServiceResponse. `partial_success` is set only when items
 * were rejected: "If the request is only partially accepted […] the server MUST
 * initialize the partial_success field" and leave it unset on full success
 * (https://opentelemetry.io/docs/specs/otlp/#partial-success-1).
 */
export function encodeExportResponse(signal: Signal, format: WireFormat, partial: PartialSuccess | null): Bytes | string {
  const { type, rejectedField } = responses[signal];
  if (format === 'json') {
    // proto3 JSON writes int64 as a decimal string.
    return partial ? JSON.stringify({ partialSuccess: { [rejectedField]: String(partial.rejected), errorMessage: partial.errorMessage } }) : '{}';
  }
  const message = partial ? { partialSuccess: { [rejectedField]: partial.rejected, errorMessage: partial.errorMessage } } : {};
  return type.encode(type.fromObject(message)).finish() as Bytes;
}

/** google.rpc.Status with no details, the OTLP/HTTP error body (https://opentelemetry.io/docs/specs/otlp/#failures-1). */
export function encodeStatus(format: WireFormat, code: number, message: string): Bytes | string {
  if (format === 'json') return JSON.stringify({ code, message, details: [] });
  return statusType.encode(statusType.fromObject({ code, message })).finish() as Bytes;
}
