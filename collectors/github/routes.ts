/**
 * POST /ingest/github: a GitHub repository or organisation webhook (README "GitHub webhooks"). The
 * signature is checked before anything is read; a 200 means the delivery and its rows are
 * stored, and a redelivery (same X-GitHub-Delivery) is stored once.
 */
import { Hono } from 'hono';
import { handleDelivery } from '../delivery/route.js';
import type { CollectorDeps } from '../types.js';
import type { GithubConfig } from './config.js';
import { decodeDelivery, parseEvent, verifySignature } from './decode.js';
import { normaliseGithub } from './normalise.js';

export function githubRoutes(config: GithubConfig, deps: CollectorDeps, options: { now?: () => number } = {}): Hono {
  const app = new Hono();
  app.post('/ingest/github', (c) =>
    handleDelivery(c.req.raw, { maxBodyBytes: config.maxBodyBytes, maxBodySetting: 'OCTOLENS_GITHUB_MAX_BODY_BYTES', now: options.now }, (request) => {
      verifySignature(config.webhookSecret, request);
      const { eventType, deliveryId, json, payload } = decodeDelivery(request);
      const event = parseEvent(eventType, payload);
      return {
        source: 'github',
        deliveryId,
        eventType,
        // The JSON itself, also for form-encoded webhooks: raw_events is for re-deriving rows.
        raw: json,
        receivedAtMs: request.receivedAtMs,
        rows: normaliseGithub(event, config, { deliveryId, receivedAtMs: request.receivedAtMs }),
      };
    }, deps),
  );
  return app;
}
