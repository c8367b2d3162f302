/**
 * POST /ingest/cdevents: CDEvents over CloudEvents HTTP, binary or structured mode
 * (cloudevent.ts); what each event type derives is in normalise.ts. An event type Octolens
 * does not use, CDEvent or not, is answered 200 and kept in raw_events only.
 *
 * Delivery id: the CloudEvent's source and id, which CloudEvents makes unique together (and
 * CDEvents keeps for a re-sent event). `%` and `:` in the source are percent-encoded, so the
 * first `:` always ends the source: two different events never share an id.
 */
import { Hono } from 'hono';
import { DeliveryError } from '../delivery/errors.js';
import { handleDelivery, type DeliveryRequest } from '../delivery/route.js';
import { safeEqual } from '../delivery/signature.js';
import type { CollectorDeps } from '../types.js';
import { decodeCloudEvent } from './cloudevent.js';
import type { CdeventsConfig } from './config.js';
import { cdeventKind, normaliseCdevent } from './normalise.js';

/** @example deliveryIdOf('https://ci.acme.dev/tekton', 'e1') === 'https%3A//ci.acme.dev/tekton:e1' */
export const deliveryIdOf = (source: string, id: string) => `${source.replace(/[%:]/g, (c) => encodeURIComponent(c))}:${id}`;

/** Throws 401 unless the request carries `Authorization: Bearer <token>`. */
export function checkToken(request: DeliveryRequest, token: string): void {
  const match = /^bearer\s+(.+)$/i.exec(request.headers.get('authorization')?.trim() ?? '');
  if (!match) throw new DeliveryError('unauthorized', 'Authorization: Bearer <token> is missing and OCTOLENS_CDEVENTS_TOKEN is set');
  if (!safeEqual(match[1]!.trim(), token)) throw new DeliveryError('unauthorized', 'the bearer token does not match OCTOLENS_CDEVENTS_TOKEN');
}

export function cdeventsRoutes(config: CdeventsConfig, deps: CollectorDeps): Hono {
  const app = new Hono();
  app.post('/ingest/cdevents', (c) =>
    handleDelivery(
      c.req.raw,
      { maxBodyBytes: config.maxBodyBytes, maxBodySetting: 'OCTOLENS_CDEVENTS_MAX_BODY_BYTES' },
      (request) => {
        if (config.token !== undefined) checkToken(request, config.token);
        const event = decodeCloudEvent(request);
        const deliveryId = deliveryIdOf(event.source, event.id);
        return {
          source: 'cdevents',
          deliveryId,
          eventType: event.type,
          raw: request.raw,
          receivedAtMs: request.receivedAtMs,
          rows: normaliseCdevent(cdeventKind(event.type), event.data, event.dataPath, deliveryId, config),
        };
      },
      deps,
    ),
  );
  return app;
}
