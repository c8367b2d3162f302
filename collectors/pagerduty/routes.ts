/**
 * POST /ingest/pagerduty: PagerDuty v3 webhooks (a webhook subscription's HTTP delivery).
 * incident.triggered / .acknowledged / .resolved / .reopened become incidents rows; every
 * other event type (incident.annotated, incident.priority_updated, service.updated, …) is
 * kept in raw_events only.
 *
 * Delivery id: `event.id`, the event's own id, inside the signed body. The X-Webhook-Id
 * header PagerDuty also sends is per subscription, so the same incident event reaching the
 * hub through two subscriptions would be stored twice under it.
 */
import { Hono } from 'hono';
import { handleDelivery } from '../delivery/route.js';
import type { CollectorDeps } from '../types.js';
import type { PagerdutyConfig } from './config.js';
import { decodeWebhook } from './decode.js';
import { normaliseIncident } from './normalise.js';

export function pagerdutyRoutes(config: PagerdutyConfig, deps: CollectorDeps): Hono {
  const app = new Hono();
  app.post('/ingest/pagerduty', (c) =>
    handleDelivery(
      c.req.raw,
      { maxBodyBytes: config.maxBodyBytes, maxBodySetting: 'OCTOLENS_PAGERDUTY_MAX_BODY_BYTES' },
      (request) => {
        const decoded = decodeWebhook(request, config.webhookSecret);
        const { event } = decoded.webhook;
        return {
          source: 'pagerduty',
          deliveryId: event.id,
          eventType: event.event_type,
          raw: request.raw,
          receivedAtMs: request.receivedAtMs,
          rows: decoded.kind === 'incident' ? { incidents: [normaliseIncident(decoded, config.serviceMap)] } : {},
        };
      },
      deps,
    ),
  );
  return app;
}
