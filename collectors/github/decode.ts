/**
 * A GitHub webhook request → an authenticated, typed event. GitHub signs the body as sent
 * (HMAC-SHA256 under the webhook's secret, `X-Hub-Signature-256: sha256=<hex>`), names the
 * event in `X-GitHub-Event` and the delivery in `X-GitHub-Delivery`, which stays the same
 * when a delivery is redelivered:
 * https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries
 */
import { createHash } from 'node:crypto';
import { DeliveryError } from '../delivery/errors.js';
import { describeIssues, type DeliveryRequest } from '../delivery/route.js';
import { hmacSha256Hex, safeEqual } from '../delivery/signature.js';
import { eventSchemas, type GithubEvent } from './schema.js';

const SIGNATURE = /^sha256=([0-9a-f]{64})$/i;

/** Refuses the request (401) unless it carries the signature of its body under `secret`; no secret, no check. */
export function verifySignature(secret: string | undefined, request: Pick<DeliveryRequest, 'headers' | 'raw'>): void {
  if (secret === undefined) return;
  const header = request.headers.get('x-hub-signature-256');
  if (header === null) throw new DeliveryError('unauthorized', 'missing X-Hub-Signature-256 header: the hub has a webhook secret (OCTOLENS_GITHUB_WEBHOOK_SECRET), so set the same secret on the GitHub webhook');
  const given = SIGNATURE.exec(header.trim());
  if (!given) throw new DeliveryError('unauthorized', `X-Hub-Signature-256 must be "sha256=" and 64 hex characters, got "${header.slice(0, 80)}"`);
  if (!safeEqual(given[1]!.toLowerCase(), hmacSha256Hex(secret, request.raw))) {
    throw new DeliveryError('unauthorized', 'X-Hub-Signature-256 does not match the body: the webhook secret differs from OCTOLENS_GITHUB_WEBHOOK_SECRET');
  }
}

export interface DecodedDelivery {
  eventType: string;
  deliveryId: string;
  /** the JSON payload as GitHub sent it: the body, or its `payload` field for form-encoded webhooks */
  json: Buffer;
  payload: unknown;
}

/**
 * Headers and body of an authenticated request. GitHub webhooks are sent as JSON or, the
 * content type its settings page offers first, as a form whose `payload` field is the JSON.
 */
export function decodeDelivery(request: DeliveryRequest): DecodedDelivery {
  const eventType = request.headers.get('x-github-event')?.trim();
  if (!eventType) throw new DeliveryError('malformed', 'missing X-GitHub-Event header: expected the event type GitHub sends (push, deployment, …)');
  // GitHub always sends a delivery id; a hand-made request without one is keyed by its bytes,
  // so sending it again is still stored once.
  const deliveryId = request.headers.get('x-github-delivery')?.trim() || createHash('sha256').update(request.raw).digest('hex');
  if (deliveryId.length > 200) throw new DeliveryError('malformed', `X-GitHub-Delivery is ${deliveryId.length} characters long, expected at most 200`);

  const contentType = (request.headers.get('content-type') ?? '').split(';', 1)[0]!.trim().toLowerCase();
  let json: Buffer;
  if (contentType === 'application/json') json = request.raw;
  else if (contentType === 'application/x-www-form-urlencoded') {
    const field = new URLSearchParams(request.raw.toString('utf8')).get('payload');
    if (field === null) throw new DeliveryError('malformed', 'form-encoded delivery without a "payload" field');
    json = Buffer.from(field, 'utf8');
  } else {
    throw new DeliveryError('unsupported_media_type', `expected Content-Type application/json or application/x-www-form-urlencoded, got "${request.headers.get('content-type') ?? ''}"`);
  }
  let payload: unknown;
  try {
    payload = JSON.parse(json.toString('utf8'));
  } catch (err) {
    throw new DeliveryError('malformed', `invalid JSON: ${(err as Error).message}`);
  }
  return { eventType, deliveryId, json, payload };
}

/** The payload checked against the schema of its event type (400 naming the JSON path); other types pass unread. */
export function parseEvent(eventType: string, payload: unknown): GithubEvent {
  if (!Object.hasOwn(eventSchemas, eventType)) return { type: 'other', name: eventType };
  const type = eventType as keyof typeof eventSchemas;
  const parsed = eventSchemas[type].safeParse(payload);
  if (!parsed.success) throw new DeliveryError('malformed', `${eventType} event: ${describeIssues(parsed.error)}`);
  return { type, payload: parsed.data } as GithubEvent;
}
