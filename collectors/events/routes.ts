/**
 * POST /ingest/events: the generic JSON API for deployments, changes and incidents (schema.ts,
 * README "Sending delivery events"). A 200 means stored; an `Idempotency-Key` header makes a
 * retried request a no-op, and without one the body's hash plays that part.
 */
import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import { DeliveryError } from '../delivery/errors.js';
import { describeIssues, handleDelivery, jsonBody } from '../delivery/route.js';
import type { CollectorDeps } from '../types.js';
import type { EventsConfig } from './config.js';
import { normaliseEvents } from './normalise.js';
import { eventsBody } from './schema.js';

export function eventsRoutes(config: EventsConfig, deps: CollectorDeps): Hono {
  const app = new Hono();
  app.post('/ingest/events', (c) =>
    handleDelivery(c.req.raw, { maxBodyBytes: config.maxBodyBytes, maxBodySetting: 'OCTOLENS_EVENTS_MAX_BODY_BYTES' }, (request) => {
      const parsed = eventsBody.safeParse(jsonBody(request));
      if (!parsed.success) throw new DeliveryError('malformed', describeIssues(parsed.error));
      const deliveryId = request.headers.get('idempotency-key') ?? createHash('sha256').update(request.raw).digest('hex');
      return {
        source: 'events',
        deliveryId,
        eventType: 'batch',
        raw: request.raw,
        receivedAtMs: request.receivedAtMs,
        rows: normaliseEvents(parsed.data, config, deliveryId, request.receivedAtMs),
      };
    }, deps),
  );
  return app;
}
