/**
 * The PagerDuty v3 webhook payload, only the fields Octolens reads (developer docs,
 * "Webhooks: Overview", webhook payload and the `incident` event data type). Not strict:
 * PagerDuty adds fields, and a field Octolens does not read must never refuse a delivery.
 */
import { z } from 'zod';

export const rfc3339 = z.iso.datetime({ offset: true }).transform((s) => Date.parse(s));

/** The envelope every event type shares; `data` differs by event type and is read below. */
export const webhookEnvelope = z.object({
  event: z.object({
    id: z.string().min(1),
    event_type: z.string().min(1),
    occurred_at: rfc3339,
    data: z.unknown(),
  }),
});

/** `event.data` when it is an incident (incident.triggered, .acknowledged, .resolved, .reopened, …). */
export const incidentData = z.object({
  id: z.string().min(1),
  type: z.literal('incident'),
  html_url: z.string().default(''),
  created_at: rfc3339,
  title: z.string().default(''),
  service: z.object({ id: z.string().min(1), summary: z.string().default('') }),
  // null when the account has no priorities or the incident has none set
  priority: z.object({ summary: z.string().default('') }).nullish(),
  urgency: z.string().nullish(),
});

/** A whole webhook whose `event.data` is an incident, so a problem is reported at its full JSON path. */
export const incidentWebhook = z.object({ event: webhookEnvelope.shape.event.extend({ data: incidentData }) });

export type WebhookEnvelope = z.infer<typeof webhookEnvelope>;
export type IncidentWebhook = z.infer<typeof incidentWebhook>;
