/**
 * POST /ingest/cost/focus: a FOCUS 1.0–1.3 cost and usage export as the body (text/csv; gzip
 * as Content-Encoding or a .csv.gz body), read as a stream (import.ts). Answered 200 with the
 * import's summary once every row is stored and the import committed; refused rows are
 * listed by line while the others are kept. `?import=<id>&part=<n>&final=false` lets a
 * client send one export split over several files (AWS writes large periods as several
 * parts) as one import: only the part sent with final=true (the default) commits it.
 */
import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import type { CostRules } from '../../server/cost/rules.js';
import { QueueFullError, QueueUnavailableError } from '../../server/queue/types.js';
import { DeliveryError, deliveryErrorKinds, deliveryErrorResponse } from '../delivery/errors.js';
import type { CollectorDeps } from '../types.js';
import type { FocusConfig } from './config.js';
import { importFocus } from './import.js';

const csvTypes = new Set(['text/csv', 'application/csv', 'text/plain', 'application/gzip', 'application/x-gzip', 'application/octet-stream', '']);
const importIdPattern = /^[\w.:-]{1,100}$/;

export function focusRoutes(config: FocusConfig, rules: CostRules, deps: CollectorDeps, now: () => number = Date.now): Hono {
  const app = new Hono();
  app.post('/ingest/cost/focus', async (c) => {
    try {
      const type = (c.req.header('content-type') ?? '').split(';', 1)[0]!.trim().toLowerCase();
      if (!csvTypes.has(type)) throw new DeliveryError('unsupported_media_type', `expected Content-Type text/csv (optionally gzip: Content-Encoding gzip, or application/gzip), got "${type}"`);
      const encoding = (c.req.header('content-encoding') ?? 'identity').trim().toLowerCase();
      if (encoding !== 'identity' && encoding !== 'gzip') throw new DeliveryError('unsupported_media_type', `Content-Encoding: expected gzip or identity, got "${encoding}"`);
      const importedAtMs = now();
      const importId = c.req.query('import') ?? `${importedAtMs}-${randomBytes(6).toString('hex')}`;
      if (!importIdPattern.test(importId)) throw new DeliveryError('malformed', `import: must be 1-100 letters, digits or ._:-, got "${importId.slice(0, 120)}"`);
      const partText = c.req.query('part') ?? '0';
      if (!/^\d{1,6}$/.test(partText)) throw new DeliveryError('malformed', `part: expected a whole number 0-999999, got "${partText}"`);
      const finalText = c.req.query('final') ?? 'true';
      if (finalText !== 'true' && finalText !== 'false') throw new DeliveryError('malformed', `final: expected true or false, got "${finalText}"`);
      const source = c.req.query('source') ?? 'upload';
      if (source !== 'upload' && source !== 'cli') throw new DeliveryError('malformed', `source: expected upload or cli, got "${source}"`);
      try {
        deps.queue.admit();
      } catch (err) {
        if (err instanceof QueueFullError) throw new DeliveryError('queue_full', `${err.message}; retry later`, err.retryAfterSeconds);
        throw err;
      }
      const body = c.req.raw.body;
      if (!body) throw new DeliveryError('malformed', 'empty body: expected a FOCUS CSV file with a header line');
      const summary = await importFocus(
        body as unknown as AsyncIterable<Uint8Array>,
        encoding === 'gzip',
        { importId, part: Number(partText), final: finalText === 'true', importedAtMs, source, file: (c.req.query('file') ?? '').slice(0, 500) },
        { queue: deps.queue, counters: deps.counters, rules, batchRows: config.batchRows, inFlight: config.inFlight, maxQueueWaitMs: config.maxQueueWaitMs, maxRejections: config.maxRejections },
      ).catch((err: unknown) => {
        if (err instanceof QueueFullError) throw new DeliveryError('queue_full', `${err.message}; nothing of this import counts yet: send it again later`, err.retryAfterSeconds);
        if (err instanceof QueueUnavailableError) throw new DeliveryError('unavailable', 'the hub could not store the import; nothing of it counts yet: send it again later', err.retryAfterSeconds);
        throw err;
      });
      return c.json(summary);
    } catch (err) {
      if (!(err instanceof DeliveryError)) throw err;
      if (!deliveryErrorKinds[err.kind].retryable && err.kind !== 'store_refused') deps.counters.refusedRequest('cost', deliveryErrorKinds[err.kind].reason);
      return deliveryErrorResponse(err);
    }
  });
  return app;
}
