/**
 * OTLP/HTTP receiver (https://opentelemetry.io/docs/specs/otlp/#otlphttp):
 * POST /v1/traces, /v1/logs, /v1/metrics with a protobuf or JSON body, optionally gzip-
 * or deflate-compressed. A request is answered 200 only once its rows are durable.
 */
import { createHash } from 'node:crypto';
import { gunzip, inflate, type ZlibOptions } from 'node:zlib';
import { Hono } from 'hono';
import { QueueFullError, QueueUnavailableError, type IngestRequest, type PushResult } from '../../server/queue/types.js';
import type { RedactionRow } from '../../server/storage/rows.js';
import { BodyTooLargeError, readBody } from '../http/read-body.js';
import { GrantCheck, ingestGrantOf } from '../grant.js';
import type { CollectorDeps, IngestGrant, TelemetrySignal as Signal } from '../types.js';
import type { OtlpConfig } from './config.js';
import { decodeRequest } from './decode.js';
import { encodeRows } from '../encode.js';
import { encodeAllNative } from '../encode-native.js';
import { errorKinds, errorResponse, OtlpError } from './errors.js';
import { grantedResources } from './grant.js';
import type { RequestBySignal } from './model.js';
import type { ItemLimitSettings, NormaliseResult } from './normalise-common.js';
import { normaliseLogs } from './normalise-logs.js';
import { normaliseMetrics } from './normalise-metrics.js';
import { normaliseTraces } from './normalise-traces.js';
import { contentTypeOf, encodeExportResponse, type PartialSuccess, type WireFormat } from './proto.js';
import { scrubberFor, type RedactionCount, type Scrubber } from './scrub.js';
import type { SeriesLimiter } from '../series-limit.js';

/** The metrics normaliser also takes the process's series limiter; the others have no series. */
const normalisers: { [S in Signal]: (request: RequestBySignal[S], limits: ItemLimitSettings, scrubber: Scrubber | null, limiter?: SeriesLimiter) => NormaliseResult } = {
  traces: normaliseTraces,
  logs: normaliseLogs,
  metrics: normaliseMetrics,
};

/** What partial_success counts, per signal, for the error message. */
const itemNames: Record<Signal, string> = { traces: 'spans', logs: 'log records', metrics: 'data points' };

// Maps, not object literals: a header value such as "constructor" must not find a prototype member.
const mediaTypes = new Map<string, WireFormat>([
  ['application/x-protobuf', 'protobuf'],
  ['application/json', 'json'],
]);

type Encoding = 'identity' | 'gzip' | 'deflate';
const encodings = new Map<string, Encoding>([
  ['', 'identity'],
  ['identity', 'identity'],
  ['gzip', 'gzip'],
  ['x-gzip', 'gzip'],
  ['deflate', 'deflate'],
]);

/** Collector.routes for OTLP: absolute paths, mounted at the root of the API and OTLP ports. */
export function otlpRoutes(config: OtlpConfig, deps: CollectorDeps): Hono {
  const app = new Hono();
  app.post('/v1/traces', (c) => handleExport('traces', c.req.raw, config, deps, ingestGrantOf(c)));
  app.post('/v1/logs', (c) => handleExport('logs', c.req.raw, config, deps, ingestGrantOf(c)));
  app.post('/v1/metrics', (c) => handleExport('metrics', c.req.raw, config, deps, ingestGrantOf(c)));
  // Any other method (a browser's GET, a probe's HEAD): 405 with the Allow header RFC 9110 §15.5.6
  // requires, so whoever tried learns the path is right and the method is not, instead of a 404.
  app.all('/v1/:signal{traces|logs|metrics}', (c) =>
    c.json({ code: 'method_not_allowed', message: `${c.req.method} ${c.req.path}: OTLP/HTTP takes POST only, with a protobuf or JSON export request` }, 405, { Allow: 'POST' }),
  );
  return app;
}

async function handleExport<S extends Signal>(signal: S, request: Request, config: OtlpConfig, deps: CollectorDeps, grant: IngestGrant | undefined): Promise<Response> {
  // Until the request's own format is known, errors are answered in JSON.
  let format: WireFormat = 'json';
  try {
    format = wireFormat(request.headers.get('content-type'));
    admit(signal, deps);
    const encoding = contentEncoding(request.headers.get('content-encoding'));
    const raw = await readOtlpBody(request, encoding === 'identity' ? 'maxBodyBytes' : 'maxCompressedBodyBytes', config);
    const body = encoding === 'identity' ? raw : await decompress(raw, encoding, config.maxBodyBytes);
    const partial = await exportRequest(signal, format, raw, body, config, deps, grant);
    return new Response(encodeExportResponse(signal, format, partial), { status: 200, headers: { 'Content-Type': contentTypeOf[format] } });
  } catch (err) {
    if (!(err instanceof OtlpError)) throw err;
    countRefusedRequest(signal, err, deps);
    return respond(err, format);
  }
}

/**
 * One export, whatever the transport (this route, grpc.ts): normalise, store, and the
 * partial success to answer (null when every item was stored as sent). Throws OtlpError for
 * a request refused whole. `raw` is the body as received (the request key), `body` decoded.
 * With a `grant`, the resources of services it does not name are refused (grant.ts).
 */
export async function exportRequest<S extends Signal>(signal: S, format: WireFormat, raw: Buffer, body: Buffer, config: OtlpConfig, deps: CollectorDeps, grant?: IngestGrant): Promise<PartialSuccess | null> {
  const decoded = decodeRequest(signal, format, body);
  const check = grant && new GrantCheck(grant);
  const { rows, rejected, seriesLimited = 0, errors, warnings, redactions } = normalisers[signal](check ? grantedResources(signal, decoded, check) : decoded, config, scrubberFor(config.scrub), deps.seriesLimiter);
  const outside = check?.refused ?? 0;
  if (outside > 0) deps.counters.refused(signal, 'unauthorized', outside);
  const parts = encodeAllNative(rows);
  let accepted = 0;
  for (const part of parts) accepted += part.rows;
  // The privacy report's counts travel in the same request as the rows: stored, and deduplicated, with them.
  if (redactions.length > 0) parts.push(encodeRows('privacy_redactions', redactionRows(signal, redactions, new Date())));
  if (rejected > seriesLimited) deps.counters.refused(signal, 'invalid_item', rejected - seriesLimited);
  if (seriesLimited > 0) deps.counters.refused(signal, 'series_limit', seriesLimited);
  let stored = 0;
  const storeErrors: string[] = [];
  if (accepted > 0) {
    const result = await push(signal, { key: requestKey(signal, format, raw) + (check?.keySuffix() ?? ''), parts }, accepted, deps);
    stored = accepted - storeRefusals(signal, result, storeErrors, deps);
    if (stored > 0) {
      deps.counters.accepted(signal, stored);
      for (const r of redactions) deps.counters.redacted?.(signal, r.kind, r.count);
    }
    // Nothing of the request was stored: a permanent error, answered like a malformed request.
    if (stored === 0) throw new OtlpError('store_refused', `the store refused the data: ${storeErrors.join('; ')}`);
  }
  const refused = outside + rejected + (accepted - stored);
  const covering = outside > 0 ? [check!.message(), ...storeErrors] : storeErrors;
  const message = refused > 0 ? partialMessage(signal, stored, refused, covering, errors, rejected) : undefined;
  return message !== undefined || warnings.length > 0 ? { rejected: refused, errorMessage: withWarnings(message, warnings) } : null;
}

/**
 * 429/503 counted their rows in push(). A request refused before it was normalised (415, 413,
 * 400) has no row count: it is counted as a request.
 */
export function countRefusedRequest(signal: Signal, err: OtlpError, deps: CollectorDeps): void {
  if (!errorKinds[err.kind].retryable && err.kind !== 'store_refused') deps.counters.refusedRequest(signal, errorKinds[err.kind].reason);
}

async function readOtlpBody(request: Request, setting: 'maxBodyBytes' | 'maxCompressedBodyBytes', config: OtlpConfig): Promise<Buffer> {
  try {
    return await readBody(request, config[setting], setting);
  } catch (err) {
    throw err instanceof BodyTooLargeError ? new OtlpError('too_large', err.message) : err;
  }
}

function respond(err: OtlpError, format: WireFormat): Response {
  const { status, headers, body } = errorResponse(err, format);
  return new Response(body, { status, headers });
}

/**
 * The request's idempotency key: the bytes as received (before decompression), so an
 * exporter's retry of a request it got no 2xx for is recognised by the queue.
 */
function requestKey(signal: Signal, format: WireFormat, raw: Buffer): string {
  return `otlp/${signal}/${format}/${createHash('sha256').update(raw).digest('base64url')}`;
}

/** The privacy report's rows of one request, dated the day (UTC) the hub received it. */
export function redactionRows(signal: Signal, redactions: RedactionCount[], received: Date): RedactionRow[] {
  const day = received.toISOString().slice(0, 10);
  return redactions.map((r) => ({ Day: day, ServiceName: r.service, Signal: signal, Kind: r.kind, Count: r.count }));
}

/**
 * Counts the rows the store refused for good and collects why; returns how many. A refused
 * part of redaction counts is no item of the client's: it is logged, not answered.
 */
function storeRefusals(signal: Signal, result: PushResult, messages: string[], deps: CollectorDeps): number {
  let rows = 0;
  for (const part of result.refused) {
    if (part.table === 'privacy_redactions') {
      deps.log.warn('the store refused the privacy report counts of a request', { signal, rows: part.rows, reason: part.message });
      continue;
    }
    rows += part.rows;
    messages.push(`${part.rows} rows of ${part.table} refused by ClickHouse: ${part.message}`);
  }
  if (rows > 0) deps.counters.refused(signal, 'store_refused', rows);
  return rows;
}

function wireFormat(contentType: string | null): WireFormat {
  const accepted = [...mediaTypes.keys()].join(', ');
  if (!contentType) throw new OtlpError('unsupported_media_type', `missing Content-Type; accepted: ${accepted}`);
  const mediaType = contentType.split(';', 1)[0]!.trim().toLowerCase();
  const format = mediaTypes.get(mediaType);
  if (!format) throw new OtlpError('unsupported_media_type', `unsupported Content-Type "${contentType}"; accepted: ${accepted}`);
  return format;
}

function contentEncoding(header: string | null): Encoding {
  const encoding = encodings.get((header ?? '').trim().toLowerCase());
  if (!encoding) throw new OtlpError('unsupported_media_type', `unsupported Content-Encoding "${header}"; accepted: gzip, deflate, identity`);
  return encoding;
}

/**
 * Inflates with a hard cap on output: zlib stops and fails as soon as the output passes
 * `maxOutputLength`, so a small gzip bomb never expands past the limit in memory.
 */
function decompress(compressed: Buffer, encoding: 'gzip' | 'deflate', limit: number): Promise<Buffer> {
  const inflateWith = encoding === 'gzip' ? gunzip : inflate;
  const options: ZlibOptions = { maxOutputLength: limit };
  return new Promise((resolve, reject) => {
    inflateWith(compressed, options, (err, out) => {
      if (!err) resolve(out);
      else if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
        reject(new OtlpError('too_large', `decompressed request body exceeds the limit of ${limit} bytes (maxBodyBytes)`));
      } else reject(new OtlpError('malformed', `invalid ${encoding} body: ${err.message}`));
    });
  });
}

/**
 * Refuses at once when the queue is already full: decoding a request that cannot be taken
 * would only steal CPU from the inserts that drain the queue (bench/results/ingest-traces.md).
 */
export function admit(signal: Signal, deps: CollectorDeps): void {
  try {
    deps.queue.admit();
  } catch (err) {
    if (!(err instanceof QueueFullError)) throw err;
    deps.counters.refusedRequest(signal, 'queue_full');
    throw new OtlpError('queue_full', `${err.message}; retry later`, err.retryAfterSeconds);
  }
}

/** Waits for durability; a full or failing queue becomes a retryable answer. */
async function push(signal: Signal, request: IngestRequest, rows: number, deps: CollectorDeps): Promise<PushResult> {
  try {
    return await deps.queue.push(request);
  } catch (err) {
    if (err instanceof QueueFullError) {
      deps.counters.refused(signal, 'queue_full', rows);
      throw new OtlpError('queue_full', `${err.message}; retry later`, err.retryAfterSeconds);
    }
    if (err instanceof QueueUnavailableError) {
      deps.counters.refused(signal, 'unavailable', rows);
      // The cause may be a storage error text: it stays out of the response.
      throw new OtlpError('unavailable', 'the hub could not store the data; retry later', err.retryAfterSeconds);
    }
    throw err;
  }
}

/** `covering` each cover many items (a grant's refusal, a table's rows); `itemErrors` are the first of `itemsRejected` items refused one by one. */
function partialMessage(signal: Signal, stored: number, refused: number, covering: string[], itemErrors: string[], itemsRejected: number): string {
  const more = itemsRejected > itemErrors.length ? `; and ${itemsRejected - itemErrors.length} more` : '';
  return `${refused} of ${stored + refused} ${itemNames[signal]} rejected: ${[...covering, ...itemErrors].join('; ')}${more}`;
}

/**
 * Strings changed to be stored (e.g. lone surrogates, decode-json.ts) are reported even
 * when nothing was refused: OTLP lets partial_success carry a warning with rejected 0.
 */
function withWarnings(message: string | undefined, warnings: string[]): string {
  if (warnings.length === 0) return message!;
  const repaired = `kept with repairs: ${warnings.join('; ')}`;
  return message === undefined ? repaired : `${message}; ${repaired}`;
}
