/**
 * Prometheus remote_write 1.0 receiver (https://prometheus.io/docs/specs/prw/remote_write_spec/):
 * POST /api/v1/write, a snappy-compressed protobuf WriteRequest. 204 once every valid sample
 * is stored; 400 naming how many samples were refused and why, the valid ones kept (Prometheus
 * drops a 400 batch, so nothing valid may wait on it), those of jobs the sender's token may not
 * send among them (collectors/grant.ts); 413 past the size caps; 415 for another
 * encoding or remote_write 2.0; 429/503 with Retry-After when the queue is full or the store
 * fails, which Prometheus retries.
 */
import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import { DeliveryError, deliveryErrorKinds, deliveryErrorResponse } from '../delivery/errors.js';
import { admitOrRefuse, pushCounted } from '../http/push.js';
import { BodyTooLargeError, readBody } from '../http/read-body.js';
import type { EncodedRows } from '../../server/queue/types.js';
import { GrantCheck, ingestGrantOf } from '../grant.js';
import type { CollectorDeps } from '../types.js';
import type { PrometheusConfig } from './config.js';
import { decodeWriteRequest } from './decode.js';
import { normaliseWrite, rememberSeries, receiverState } from './normalise.js';

export function prometheusRoutes(config: PrometheusConfig, deps: CollectorDeps): Hono {
  const app = new Hono();
  // Prometheus sends metadata in requests of its own, about once a minute: kept for the samples after
  const state = receiverState(deps.seriesLimiter);
  app.post('/api/v1/write', async (c) => {
    try {
      checkHeaders(c.req.raw.headers);
      admitOrRefuse(deps, 'metrics');
      const raw = await readBody(c.req.raw, config.maxBodyBytes, 'OCTOLENS_PROMETHEUS_MAX_BODY_BYTES').catch((err: unknown) => {
        throw err instanceof BodyTooLargeError ? new DeliveryError('too_large', err.message) : err;
      });
      const grant = ingestGrantOf(c);
      const check = grant && new GrantCheck(grant);
      const write = normaliseWrite(decodeWriteRequest(raw, config.maxDecodedBytes), state, Date.now(), check);
      const { parts, samples, rejected, limited, errors } = write;
      const outside = check?.refused ?? 0;
      if (outside > 0) deps.counters.refused('metrics', 'unauthorized', outside);
      if (rejected > limited) deps.counters.refused('metrics', 'invalid_item', rejected - limited);
      if (limited > 0) deps.counters.refused('metrics', 'series_limit', limited);
      const { stored, storeErrors } = parts.length === 0 ? { stored: 0, storeErrors: [] } : await push(deps, `prometheus/${createHash('sha256').update(raw).digest('base64url')}${check?.keySuffix() ?? ''}`, parts, samples);
      if (storeErrors.length === 0) rememberSeries(write);
      const refused = outside + rejected + samples - stored;
      if (refused > 0) {
        const kept = stored === 0 ? 'none stored' : `the other ${stored} stored`;
        const why = [...(outside > 0 ? [check!.message('job')] : []), ...storeErrors, ...errors];
        throw new DeliveryError('malformed', `${refused} of ${outside + rejected + samples} samples refused, ${kept}: ${why.join('; ')}`);
      }
      return c.body(null, 204);
    } catch (err) {
      if (!(err instanceof DeliveryError)) throw err;
      if (!deliveryErrorKinds[err.kind].retryable && err.kind !== 'malformed') deps.counters.refusedRequest('metrics', deliveryErrorKinds[err.kind].reason);
      return deliveryErrorResponse(err);
    }
  });
  return app;
}

/** protobuf and snappy, as 1.0 says; 2.0 (io.prometheus.write.v2.Request) is refused by name. */
function checkHeaders(headers: Headers): void {
  const type = headers.get('content-type') ?? '';
  const [media, ...params] = type.split(';').map((s) => s.trim().toLowerCase());
  if (media !== 'application/x-protobuf') throw new DeliveryError('unsupported_media_type', `expected Content-Type application/x-protobuf (remote_write 1.0), got "${type}"`);
  const proto = params.find((p) => p.startsWith('proto='))?.slice('proto='.length);
  if (proto !== undefined && proto !== 'prometheus.writerequest') {
    throw new DeliveryError('unsupported_media_type', `remote_write message ${proto} is not supported: send prometheus.WriteRequest (remote_write 1.0; in Prometheus: protobuf_message: prometheus.WriteRequest)`);
  }
  const encoding = (headers.get('content-encoding') ?? '').trim().toLowerCase();
  if (encoding !== 'snappy') throw new DeliveryError('unsupported_media_type', `expected Content-Encoding snappy, got "${headers.get('content-encoding') ?? ''}"`);
}

/**
 * Waits for durability; returns the samples stored (a table the store refused loses its share)
 * and why any were not. Refused series rows hide every sample of the write from readers.
 */
async function push(deps: CollectorDeps, key: string, parts: EncodedRows[], samples: number): Promise<{ stored: number; storeErrors: string[] }> {
  const sampleRows = (list: Array<{ table: string; rows: number }>) => list.reduce((n, p) => n + (p.table === 'metric_series' ? 0 : p.rows), 0);
  const refused = await pushCounted(deps, 'metrics', { key, parts }, 'the samples');
  const storeErrors = refused.map((p) => `${p.rows} rows of ${p.table} refused by ClickHouse: ${p.message}`);
  if (refused.some((p) => p.table === 'metric_series')) return { stored: 0, storeErrors };
  const rows = sampleRows(parts);
  const refusedRows = sampleRows(refused);
  // a histogram row stands for several samples: refusals are counted in rows, reported in samples
  return { stored: refusedRows === 0 ? samples : Math.round((samples * (rows - refusedRows)) / rows), storeErrors };
}
