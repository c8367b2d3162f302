/**
 * Why a whole OTLP request was refused, and how that is answered.
 *
 * OTLP/HTTP (https://opentelemetry.io/docs/specs/otlp/#failures-1): 400 and the other
 * permanent codes tell the client not to retry; 429 and 503 are retryable and may carry
 * Retry-After. The body is a google.rpc.Status in the request's format.
 */
import type { RefusalReason } from '../types.js';
import { contentTypeOf, encodeStatus, type Bytes, type WireFormat } from './proto.js';

/** gRPC status codes (https://grpc.github.io/grpc/core/md_doc_statuscodes.html) used in Status.code. */
const grpc = { INVALID_ARGUMENT: 3, RESOURCE_EXHAUSTED: 8, UNAVAILABLE: 14 } as const;

/** Closed list: each kind has one HTTP status, one Status.code and one counter reason. */
export const errorKinds = {
  malformed: { status: 400, grpcCode: grpc.INVALID_ARGUMENT, reason: 'invalid_payload', retryable: false },
  // gRPC itself answers RESOURCE_EXHAUSTED to a message over its size limit.
  too_large: { status: 413, grpcCode: grpc.RESOURCE_EXHAUSTED, reason: 'too_large', retryable: false },
  unsupported_media_type: { status: 415, grpcCode: grpc.INVALID_ARGUMENT, reason: 'unsupported_media_type', retryable: false },
  // Decoded fine, but ClickHouse refused every row for good (server/storage/errors.ts): re-sending cannot help.
  store_refused: { status: 400, grpcCode: grpc.INVALID_ARGUMENT, reason: 'store_refused', retryable: false },
  queue_full: { status: 429, grpcCode: grpc.RESOURCE_EXHAUSTED, reason: 'queue_full', retryable: true },
  unavailable: { status: 503, grpcCode: grpc.UNAVAILABLE, reason: 'unavailable', retryable: true },
} as const satisfies Record<string, { status: number; grpcCode: number; reason: RefusalReason; retryable: boolean }>;

export type OtlpErrorKind = keyof typeof errorKinds;

export class OtlpError extends Error {
  constructor(
    readonly kind: OtlpErrorKind,
    message: string,
    /** for retryable kinds: seconds the client should wait (Retry-After) */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'OtlpError';
  }
}

export interface ErrorResponse {
  status: (typeof errorKinds)[OtlpErrorKind]['status'];
  headers: Record<string, string>;
  body: Bytes | string;
}

/**
 * The HTTP answer to a refused request, as a google.rpc.Status in `format`.
 * @example errorResponse(new OtlpError('queue_full', 'queue full', 2), 'json')
 *   // → { status: 429, headers: { 'Content-Type': 'application/json', 'Retry-After': '2' }, body: '{"code":8,…}' }
 */
export function errorResponse(err: OtlpError, format: WireFormat): ErrorResponse {
  const kind = errorKinds[err.kind];
  const headers: Record<string, string> = { 'Content-Type': contentTypeOf[format] };
  if (kind.retryable && err.retryAfterSeconds !== undefined) headers['Retry-After'] = String(Math.max(1, Math.ceil(err.retryAfterSeconds)));
  return { status: kind.status, headers, body: encodeStatus(format, kind.grpcCode, err.message) };
}
