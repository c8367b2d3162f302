/**
 * A PagerDuty v3 delivery as received → an authenticated, typed webhook.
 *
 * Signature (developer docs, "Verifying Signatures"): X-PagerDuty-Signature holds one or more
 * comma-separated `v1=<hex HMAC-SHA256 of the raw body>`, one per signing secret PagerDuty
 * holds, so that a secret can be rotated without downtime; one match is enough. Other
 * versions are skipped, as the docs say.
 */
import { DeliveryError } from '../delivery/errors.js';
import { describeIssues, jsonBody, type DeliveryRequest } from '../delivery/route.js';
import { hmacSha256Hex, safeEqual } from '../delivery/signature.js';
import { incidentWebhook, webhookEnvelope, type IncidentWebhook, type WebhookEnvelope } from './schema.js';

export const SIGNATURE_HEADER = 'x-pagerduty-signature';

/** The event types that are incident transitions, and the status each records. */
export const INCIDENT_STATUS = {
  'incident.triggered': 'triggered',
  'incident.acknowledged': 'acknowledged',
  'incident.resolved': 'resolved',
  'incident.reopened': 'reopened',
} as const;

export type DecodedWebhook =
  | { kind: 'incident'; status: (typeof INCIDENT_STATUS)[keyof typeof INCIDENT_STATUS]; webhook: IncidentWebhook }
  | { kind: 'other'; webhook: WebhookEnvelope };

/** Throws 401 unless one of the header's v1 signatures is the body's under `secret`. */
export function verifySignature(request: DeliveryRequest, secret: string): void {
  const header = request.headers.get(SIGNATURE_HEADER);
  if (!header) throw new DeliveryError('unauthorized', 'X-PagerDuty-Signature is missing and OCTOLENS_PAGERDUTY_WEBHOOK_SECRET is set');
  const expected = hmacSha256Hex(secret, request.raw);
  const signatures = header
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.startsWith('v1='))
    .map((s) => s.slice(3).toLowerCase());
  // Every signature is compared, so how far down the list a match sits takes no different time.
  let matched = false;
  for (const s of signatures) matched = safeEqual(s, expected) || matched;
  if (!matched) {
    throw new DeliveryError(
      'unauthorized',
      signatures.length === 0
        ? 'X-PagerDuty-Signature has no v1= signature'
        : `X-PagerDuty-Signature: none of ${signatures.length} v1 signature(s) matches the body under OCTOLENS_PAGERDUTY_WEBHOOK_SECRET`,
    );
  }
}

export function decodeWebhook(request: DeliveryRequest, secret: string | undefined): DecodedWebhook {
  if (secret !== undefined) verifySignature(request, secret);
  const body = jsonBody(request);
  const envelope = webhookEnvelope.safeParse(body);
  if (!envelope.success) throw new DeliveryError('malformed', describeIssues(envelope.error));
  const type = envelope.data.event.event_type;
  if (!Object.hasOwn(INCIDENT_STATUS, type)) return { kind: 'other', webhook: envelope.data };
  const incident = incidentWebhook.safeParse(body);
  if (!incident.success) throw new DeliveryError('malformed', describeIssues(incident.error));
  return { kind: 'incident', status: INCIDENT_STATUS[type as keyof typeof INCIDENT_STATUS], webhook: incident.data };
}
