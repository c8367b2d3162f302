/**
 * POST /ingest/gitlab: GitLab project and group webhooks (Deployment, Push, Merge Request,
 * Issue and Pipeline events; any other event is stored as received and answered 200). A 200
 * means stored. GitLab marks a webhook failing after repeated non-2xx answers, so a
 * delivery Octolens does not use is still a 200, with `ignored` saying why.
 */
import { Hono } from 'hono';
import { handleDelivery, jsonBody } from '../delivery/route.js';
import type { CollectorDeps } from '../types.js';
import type { GitlabConfig } from './config.js';
import { authenticate, decodeEvent, deliveryIdOf, eventTypeOf } from './decode.js';
import { normaliseGitlab } from './normalise.js';

/** @param options.now the clock for ReceivedAt and ReportedAt (tests pin it) */
export function gitlabRoutes(config: GitlabConfig, deps: CollectorDeps, options: { now?: () => number } = {}): Hono {
  const app = new Hono();
  app.post('/ingest/gitlab', (c) =>
    handleDelivery(c.req.raw, { maxBodyBytes: config.maxBodyBytes, maxBodySetting: 'OCTOLENS_GITLAB_MAX_BODY_BYTES', now: options.now }, (request) => {
      // Before reading the body: an unauthenticated request learns nothing about what is accepted.
      authenticate(request.headers, config.webhookToken);
      const body = jsonBody(request);
      const event = decodeEvent(body, request.headers, config.incidentLabels);
      const deliveryId = deliveryIdOf(request.headers, request.raw);
      return {
        source: 'gitlab',
        deliveryId,
        eventType: eventTypeOf(request.headers, body),
        raw: request.raw,
        receivedAtMs: request.receivedAtMs,
        rows: normaliseGitlab(event, config, deliveryId, request.receivedAtMs),
      };
    }, deps),
  );
  return app;
}
