/**
 * The route every delivery collector shares: read the body under its cap, let the source's
 * handler authenticate and normalise it, store it, answer JSON. The handler throws
 * DeliveryError for what the sender got wrong (401, 400, 415); everything else about the
 * answer is decided here once.
 */
import type { z } from 'zod';
import { BodyTooLargeError, readBody } from '../http/read-body.js';
import type { CollectorDeps } from '../types.js';
import { DeliveryError, deliveryErrorKinds, deliveryErrorResponse } from './errors.js';
import { storeDelivery, type Delivery } from './store.js';

export interface DeliveryRequest {
  headers: Headers;
  /** the body as received: what signatures are computed over */
  raw: Buffer;
  receivedAtMs: number;
}

export type DeliveryHandler = (request: DeliveryRequest) => Delivery;

export interface DeliveryRouteOptions {
  maxBodyBytes: number;
  /** the env var that raises maxBodyBytes, named in a 413 */
  maxBodySetting: string;
  now?: () => number;
}

export async function handleDelivery(request: Request, options: DeliveryRouteOptions, handler: DeliveryHandler, deps: CollectorDeps): Promise<Response> {
  try {
    const raw = await readBody(request, options.maxBodyBytes, options.maxBodySetting).catch((err: unknown) => {
      throw err instanceof BodyTooLargeError ? new DeliveryError('too_large', err.message) : err;
    });
    const delivery = handler({ headers: request.headers, raw, receivedAtMs: (options.now ?? Date.now)() });
    const answer = await storeDelivery(delivery, deps);
    return Response.json(answer);
  } catch (err) {
    if (!(err instanceof DeliveryError)) throw err;
    // Retryable kinds and store refusals counted their rows in storeDelivery.
    if (!deliveryErrorKinds[err.kind].retryable && err.kind !== 'store_refused') deps.counters.refusedRequest('events', deliveryErrorKinds[err.kind].reason);
    return deliveryErrorResponse(err);
  }
}

/** The body as JSON, or a 400 saying where it stops being JSON; a wrong Content-Type is a 415. */
export function jsonBody(request: DeliveryRequest): unknown {
  const type = (request.headers.get('content-type') ?? '').split(';', 1)[0]!.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new DeliveryError('unsupported_media_type', `expected Content-Type application/json, got "${request.headers.get('content-type') ?? ''}"`);
  }
  try {
    return JSON.parse(request.raw.toString('utf8'));
  } catch (err) {
    throw new DeliveryError('malformed', `invalid JSON: ${(err as Error).message}`);
  }
}

/**
 * A zod failure as one line per problem, each led by its JSON path.
 * @example "deployments[0].status: expected one of pending|in_progress|success|failure|cancelled"
 */
export function describeIssues(error: z.ZodError, max = 10): string {
  const lines = error.issues.slice(0, max).map((issue) => {
    const path = issue.path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
    return `${path || '(body)'}: ${issue.message}`;
  });
  if (error.issues.length > max) lines.push(`and ${error.issues.length - max} more`);
  return lines.join('; ');
}
