/**
 * POST /ingest/business: business events (orders placed, revenue, sign-ups) in batches into
 * `business_events`, the table KPIs, the Business lens and event-based SLOs read. 200 with
 * the count once stored; 400 naming the JSON path of what is wrong (nothing stored); 413; 415;
 * 429/503 with Retry-After. A batch re-sent byte for byte is stored once (the queue's key).
 */
import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import { formatNanos, type BusinessEventRow } from '../../server/storage/rows.js';
import { DeliveryError, deliveryErrorKinds, deliveryErrorResponse } from '../delivery/errors.js';
import { describeIssues, jsonBody } from '../delivery/route.js';
import { encodeAll } from '../encode.js';
import { admitOrRefuse, pushCounted } from '../http/push.js';
import { BodyTooLargeError, readBody } from '../http/read-body.js';
import type { CollectorDeps } from '../types.js';
import type { BusinessConfig } from './config.js';
import { businessBody } from './schema.js';

export function businessRoutes(config: BusinessConfig, deps: CollectorDeps, now = Date.now): Hono {
  const app = new Hono();
  app.post('/ingest/business', async (c) => {
    try {
      admitOrRefuse(deps, 'events');
      const raw = await readBody(c.req.raw, config.maxBodyBytes, 'OCTOLENS_BUSINESS_MAX_BODY_BYTES').catch((err: unknown) => {
        throw err instanceof BodyTooLargeError ? new DeliveryError('too_large', err.message) : err;
      });
      const receivedMs = now();
      const json = jsonBody({ headers: c.req.raw.headers, raw, receivedAtMs: receivedMs });
      const parsed = businessBody.safeParse(json);
      if (!parsed.success) throw new DeliveryError('malformed', describeIssues(parsed.error));
      const rows = parsed.data.events.map((e): BusinessEventRow => ({
        Timestamp: formatNanos(BigInt(e.time ?? receivedMs) * 1_000_000n),
        Name: e.name,
        ServiceName: e.service ?? '',
        Attributes: Object.fromEntries(Object.entries(e.attributes).map(([k, v]) => [k, String(v)])),
        ResourceAttributes: (e.service === undefined ? {} : { 'service.name': e.service }) as Record<string, string>,
        Value: e.value,
        EventId: e.id ?? '',
        Source: 'api',
      }));
      const refused = await pushCounted(deps, 'events', { key: `business/${createHash('sha256').update(raw).digest('base64url')}`, parts: encodeAll({ business_events: rows }) }, 'the events');
      if (refused.length > 0) throw new DeliveryError('store_refused', refused.map((r) => `${r.rows} rows of ${r.table} refused: ${r.message}`).join('; '));
      return c.json({ stored: rows.length });
    } catch (err) {
      if (!(err instanceof DeliveryError)) throw err;
      if (!deliveryErrorKinds[err.kind].retryable && err.kind !== 'store_refused') deps.counters.refusedRequest('events', deliveryErrorKinds[err.kind].reason);
      return deliveryErrorResponse(err);
    }
  });
  return app;
}
