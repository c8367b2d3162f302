/**
 * Why a webhook or events-API request was refused, and how that is answered: JSON
 * `{code, message}` with one HTTP status per kind. A permanent kind tells the sender not to
 * retry (GitHub, GitLab and PagerDuty mark the delivery failed and let a person redeliver);
 * 429 and 503 are retryable and carry Retry-After.
 */
import type { RefusalReason } from '../types.js';

export const deliveryErrorKinds = {
  unauthorized: { status: 401, reason: 'unauthorized', retryable: false },
  malformed: { status: 400, reason: 'invalid_payload', retryable: false },
  too_large: { status: 413, reason: 'too_large', retryable: false },
  unsupported_media_type: { status: 415, reason: 'unsupported_media_type', retryable: false },
  store_refused: { status: 400, reason: 'store_refused', retryable: false },
  queue_full: { status: 429, reason: 'queue_full', retryable: true },
  unavailable: { status: 503, reason: 'unavailable', retryable: true },
} as const satisfies Record<string, { status: number; reason: RefusalReason; retryable: boolean }>;

export type DeliveryErrorKind = keyof typeof deliveryErrorKinds;

export class DeliveryError extends Error {
  override name = 'DeliveryError';
  constructor(
    readonly kind: DeliveryErrorKind,
    message: string,
    /** for retryable kinds: seconds the sender should wait */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/** @example deliveryErrorResponse(new DeliveryError('unauthorized', 'X-Hub-Signature-256 does not match')) // → 401 */
export function deliveryErrorResponse(err: DeliveryError): Response {
  const kind = deliveryErrorKinds[err.kind];
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (kind.retryable && err.retryAfterSeconds !== undefined) headers['Retry-After'] = String(Math.max(1, Math.ceil(err.retryAfterSeconds)));
  return new Response(JSON.stringify({ code: err.kind, message: err.message }), { status: kind.status, headers });
}
