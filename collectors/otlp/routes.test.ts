import { readFileSync } from 'node:fs';
import { deflateSync, gzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../server/lib/log.js';
import { QueueFullError, QueueUnavailableError, type EncodedRows, type IngestQueue, type IngestRequest, type PushResult } from '../../server/queue/types.js';
import { setIngestGrant } from '../grant.js';
import type { IngestCounters, IngestGrant, RefusalReason, Signal } from '../types.js';
import { defaultOtlpConfig, type OtlpConfig } from './config.js';
import { otlpRoot } from './proto.js';
import { otlpRoutes } from './routes.js';
import { rowsOfNative } from '../native-testing.js';

const fixture = (name: string) => readFileSync(new URL(`./testdata/${name}`, import.meta.url));
const Status = otlpRoot.lookupType('google.rpc.Status');
const TraceResponse = otlpRoot.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse');

/** An IngestQueue that keeps what it is given (in memory, durable at once), answering `result`. */
function recordingQueue(result: (request: IngestRequest) => PushResult = () => ({ refused: [] })) {
  const pushes: EncodedRows[][] = [];
  const keys: string[] = [];
  const queue: IngestQueue = {
    push: async (request) => {
      pushes.push(request.parts);
      keys.push(request.key);
      return result(request);
    },
    admit: () => {},
    depth: () => ({ rows: 0, bytes: 0 }),
    start: async () => {},
    stop: async () => {},
  };
  return { queue, pushes, keys };
}

/** An IngestQueue that refuses every push with `error`. */
function failingQueue(error: Error): IngestQueue {
  return { push: () => Promise.reject(error), admit: () => {}, depth: () => ({ rows: 0, bytes: 0 }), start: async () => {}, stop: async () => {} };
}

function recordingCounters() {
  const calls: Array<[string, Signal, RefusalReason | null, number]> = [];
  const counters: IngestCounters = {
    accepted: (signal, rows) => void calls.push(['accepted', signal, null, rows]),
    refused: (signal, reason, rows) => void calls.push(['refused', signal, reason, rows]),
    refusedRequest: (signal, reason) => void calls.push(['refusedRequest', signal, reason, 1]),
  };
  return { counters, calls };
}

/** The receiver's routes; with a grant, behind a middleware that leaves it where the hub's guard does. */
function setup(queue?: IngestQueue, config: Partial<OtlpConfig> = {}, grant?: IngestGrant) {
  const recording = recordingQueue();
  const { counters, calls } = recordingCounters();
  const routes = otlpRoutes({ ...defaultOtlpConfig(), ...config }, { queue: queue ?? recording.queue, counters, log: createLogger('error', () => {}) });
  const app = new Hono();
  if (grant) {
    app.use(async (c, next) => {
      setIngestGrant(c, grant);
      await next();
    });
  }
  app.route('/', routes);
  // A stream body needs duplex 'half' (fetch spec); undici's RequestInit type lacks it.
  const post = (path: string, body: BodyInit, headers: Record<string, string>) =>
    app.request(path, { method: 'POST', body, headers, ...(body instanceof ReadableStream ? { duplex: 'half' } : {}) } as RequestInit);
  return { app, post, pushes: recording.pushes, keys: recording.keys, counters: calls };
}

const PROTOBUF = { 'Content-Type': 'application/x-protobuf' };
const JSON_TYPE = { 'Content-Type': 'application/json' };
const rowsOf = (parts: EncodedRows[]) => parts.map((p) => [p.table, p.rows]);
const spanJson = (spanId: string, name: string) => ({
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  spanId,
  name,
  startTimeUnixNano: '1795563358123456789',
  endTimeUnixNano: '1795563358223456789',
});
const tracesJson = (spans: unknown[]) => JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans }] }] });

describe('OTLP/HTTP routes', () => {
  it.each([
    ['/v1/traces', 'traces.bin', PROTOBUF, [['otel_traces', 5]]],
    ['/v1/traces', 'traces.json', JSON_TYPE, [['otel_traces', 5]]],
    ['/v1/logs', 'logs.bin', PROTOBUF, [['otel_logs', 4]]],
    ['/v1/logs', 'logs.json', { 'Content-Type': 'application/json; charset=utf-8' }, [['otel_logs', 4]]],
    [
      '/v1/metrics',
      'metrics-exemplars.bin',
      { 'Content-Type': 'Application/X-Protobuf' },
      [['otel_metrics_gauge', 3], ['otel_metrics_sum', 1], ['otel_metrics_histogram', 1], ['otel_metrics_exponential_histogram', 1], ['otel_metrics_summary', 1]],
    ],
  ])('POST %s with %s: stores the rows, then answers 200 in the request format', async (path, file, headers, tables) => {
    const { post, pushes, counters } = setup();
    const res = await post(path, fixture(file), headers);
    expect(res.status).toBe(200);
    const json = headers['Content-Type'].toLowerCase().startsWith('application/json');
    expect(res.headers.get('content-type')).toBe(json ? 'application/json' : 'application/x-protobuf');
    if (json) expect(await res.json()).toEqual({});
    else expect((await res.arrayBuffer()).byteLength).toBe(0);
    expect(pushes.map(rowsOf)).toEqual([tables]);
    const total = tables.reduce((n, [, rows]) => n + (rows as number), 0);
    expect(counters).toEqual([['accepted', path.slice(4), null, total]]);
  });

  it.each([
    ['GET', '/v1/traces'],
    ['GET', '/v1/logs'],
    ['GET', '/v1/metrics'],
    ['PUT', '/v1/traces'],
    ['DELETE', '/v1/metrics'],
    ['OPTIONS', '/v1/logs'],
  ])('answers %s %s 405 with Allow: POST and a message, storing and counting nothing', async (method, path) => {
    const { app, pushes, counters } = setup();
    const res = await app.request(path, { method });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    expect(await res.json()).toEqual({ code: 'method_not_allowed', message: `${method} ${path}: OTLP/HTTP takes POST only, with a protobuf or JSON export request` });
    expect([pushes, counters]).toEqual([[], []]);
  });

  it('answers HEAD 405 with Allow: POST too, and leaves other paths alone', async () => {
    const { app } = setup();
    const head = await app.request('/v1/traces', { method: 'HEAD' });
    expect([head.status, head.headers.get('allow')]).toEqual([405, 'POST']);
    expect((await app.request('/v1/profiles')).status).toBe(404);
  });

  it('takes gzip and deflate bodies', async () => {
    const { post, pushes } = setup();
    expect((await post('/v1/traces', gzipSync(fixture('traces.bin')), { ...PROTOBUF, 'Content-Encoding': 'gzip' })).status).toBe(200);
    expect((await post('/v1/traces', deflateSync(fixture('traces.json')), { ...JSON_TYPE, 'Content-Encoding': 'deflate' })).status).toBe(200);
    expect(pushes.map(rowsOf)).toEqual([[['otel_traces', 5]], [['otel_traces', 5]]]);
  });

  it('answers 415 naming the type received and the types accepted', async () => {
    const { post, pushes, counters } = setup();
    const res = await post('/v1/traces', 'hello', { 'Content-Type': 'text/plain' });
    expect(res.status).toBe(415);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({
      code: 3,
      message: 'unsupported Content-Type "text/plain"; accepted: application/x-protobuf, application/json',
      details: [],
    });
    expect(pushes).toEqual([]);
    expect(counters).toEqual([['refusedRequest', 'traces', 'unsupported_media_type', 1]]);
  });

  it.each(['constructor', 'application/protobuf'])('answers 415 to Content-Type %j', async (type) => {
    const { post } = setup();
    expect((await post('/v1/traces', '{}', { 'Content-Type': type })).status).toBe(415);
  });

  it('answers 415 to a request without a Content-Type', async () => {
    const { post } = setup();
    const res = await post('/v1/logs', new Uint8Array([1]), {});
    expect(res.status).toBe(415);
    expect(((await res.json()) as { message: string }).message).toBe('missing Content-Type; accepted: application/x-protobuf, application/json');
  });

  it('answers 415 to an unknown Content-Encoding, in the request format', async () => {
    const { post } = setup();
    const res = await post('/v1/traces', fixture('traces.bin'), { ...PROTOBUF, 'Content-Encoding': 'br' });
    expect(res.status).toBe(415);
    expect(Status.decode(new Uint8Array(await res.arrayBuffer())).toJSON()).toEqual({
      code: 3,
      message: 'unsupported Content-Encoding "br"; accepted: gzip, deflate, identity',
    });
  });

  it('answers 413 from Content-Length, before reading the body', async () => {
    const { post } = setup(undefined, { maxBodyBytes: 1000 });
    const res = await post('/v1/traces', new Uint8Array(10), { ...PROTOBUF, 'Content-Length': '5000' });
    expect(res.status).toBe(413);
    expect(Status.decode(new Uint8Array(await res.arrayBuffer())).toJSON()).toEqual({
      code: 8,
      message: 'request body of 5000 bytes exceeds the limit of 1000 bytes (maxBodyBytes)',
    });
  });

  it('answers 413 while streaming a body that passes the limit without a Content-Length', async () => {
    const { post } = setup(undefined, { maxBodyBytes: 1000 });
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(400));
      },
    });
    const res = await post('/v1/traces', endless, JSON_TYPE);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { message: string }).message).toBe('request body exceeds the limit of 1000 bytes (maxBodyBytes)');
    expect(pulled).toBeLessThan(10);
  });

  it('stops a gzip bomb at the decompressed limit without inflating it', async () => {
    const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(100 * 1024);
    const { post, pushes } = setup(undefined, { maxBodyBytes: 1024 * 1024 });
    const before = process.memoryUsage().arrayBuffers;
    const started = performance.now();
    const res = await post('/v1/traces', bomb, { ...PROTOBUF, 'Content-Encoding': 'gzip' });
    expect(res.status).toBe(413);
    expect(Status.decode(new Uint8Array(await res.arrayBuffer())).toJSON()).toEqual({
      code: 8,
      message: 'decompressed request body exceeds the limit of 1048576 bytes (maxBodyBytes)',
    });
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(20 * 1024 * 1024);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(pushes).toEqual([]);
  });

  it('answers 413 to a compressed body past maxCompressedBodyBytes', async () => {
    const { post } = setup(undefined, { maxCompressedBodyBytes: 100 });
    const res = await post('/v1/traces', gzipSync(fixture('traces.json')), { ...JSON_TYPE, 'Content-Encoding': 'gzip' });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { message: string }).message).toMatch(/exceeds the limit of 100 bytes \(maxCompressedBodyBytes\)$/);
  });

  it('answers 400 to a body that is not gzip', async () => {
    const { post } = setup();
    const res = await post('/v1/traces', fixture('traces.json'), { ...JSON_TYPE, 'Content-Encoding': 'gzip' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toBe('invalid gzip body: incorrect header check');
  });

  it('answers 400 with a protobuf google.rpc.Status to a truncated protobuf body, storing nothing', async () => {
    const { post, pushes, counters } = setup();
    const body = fixture('traces.bin');
    const res = await post('/v1/traces', body.subarray(0, body.length - 7), PROTOBUF);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/x-protobuf');
    const status = Status.decode(new Uint8Array(await res.arrayBuffer())).toJSON();
    expect(status.code).toBe(3);
    expect(status.message).toMatch(/^invalid protobuf ExportTraceServiceRequest: index out of range: /);
    expect(pushes).toEqual([]);
    expect(counters).toEqual([['refusedRequest', 'traces', 'invalid_payload', 1]]);
  });

  it('answers 400 with a JSON google.rpc.Status naming the problem in invalid JSON', async () => {
    const { post } = setup();
    const broken = await post('/v1/traces', '{"resourceSpans": [', JSON_TYPE);
    expect(broken.status).toBe(400);
    const status = (await broken.json()) as { code: number; message: string; details: unknown[] };
    expect(status).toMatchObject({ code: 3, details: [] });
    expect(status.message).toMatch(/^invalid JSON: /);
    const wrongType = await post('/v1/traces', tracesJson([{ ...spanJson('00f067aa0ba902b7', 'x'), kind: 'SERVER' }]), JSON_TYPE);
    expect(((await wrongType.json()) as { message: string }).message).toMatch(/^resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[0\]\.kind: expected an integer or one of /);
  });

  it('keeps the valid spans of a partly invalid request and reports the rejected ones (partial success)', async () => {
    const { post, pushes, counters } = setup();
    const body = tracesJson([spanJson('00f067aa0ba902b7', 'good-1'), spanJson('0000000000000000', 'zero-id'), spanJson('b7ad6b7169203331', 'good-2'), spanJson('xyz', 'bad-hex')]);
    const res = await post('/v1/traces', body, JSON_TYPE);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      partialSuccess: {
        rejectedSpans: '2',
        errorMessage:
          '2 of 4 spans rejected: resourceSpans[0].scopeSpans[0].spans[1].spanId: expected 16 hex characters, not all zero, got "0000000000000000"; ' +
          'resourceSpans[0].scopeSpans[0].spans[3].spanId: expected 16 hex characters, not all zero, got "xyz"',
      },
    });
    expect(pushes.map(rowsOf)).toEqual([[['otel_traces', 2]]]);
    expect(rowsOfNative(pushes[0]![0]!.data as Buffer).map((r) => r.SpanName)).toEqual(['good-1', 'good-2']);
    expect(counters).toEqual([
      ['refused', 'traces', 'invalid_item', 2],
      ['accepted', 'traces', null, 2],
    ]);
  });

  it('refuses every span of a resource whose service the grant does not name, keeps the other resources, and says so in partial success', async () => {
    const { post, pushes, counters, keys } = setup(undefined, {}, { services: new Set(['checkout']) });
    const resource = (service: string, spans: unknown[]) => ({ resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] }, scopeSpans: [{ spans }] });
    const body = JSON.stringify({
      resourceSpans: [resource('payments', [spanJson('00f067aa0ba902b1', 'pay-1'), spanJson('00f067aa0ba902b2', 'pay-2')]), resource('checkout', [spanJson('00f067aa0ba902b3', 'good'), spanJson('xyz', 'bad-hex')]), resource('payments', [spanJson('00f067aa0ba902b4', 'pay-3')])],
    });
    const res = await post('/v1/traces', body, JSON_TYPE);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      partialSuccess: {
        rejectedSpans: '4',
        errorMessage: '4 of 5 spans rejected: the token may send only service "checkout", not "payments" (3); resourceSpans[1].scopeSpans[0].spans[1].spanId: expected 16 hex characters, not all zero, got "xyz"',
      },
    });
    expect(rowsOfNative(pushes[0]![0]!.data as Buffer).map((r) => [r.ServiceName, r.SpanName])).toEqual([['checkout', 'good']]);
    expect(counters).toEqual([
      ['refused', 'traces', 'unauthorized', 3],
      ['refused', 'traces', 'invalid_item', 1],
      ['accepted', 'traces', null, 1],
    ]);
    // the same bytes from a sender that may send payments too are another request: their spans must be stored, not answered as a copy
    const unlimited = setup();
    await unlimited.post('/v1/traces', body, JSON_TYPE);
    expect(unlimited.keys).toHaveLength(1);
    expect(keys[0]).toMatch(/\/services:/);
    expect(keys[0]!.startsWith(unlimited.keys[0]!)).toBe(true);
  });

  it('answers partial success in protobuf to a protobuf request where every span is invalid, pushing nothing', async () => {
    const { post, pushes } = setup();
    const Request = otlpRoot.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest');
    const body = Buffer.from(Request.encode(Request.fromObject({ resourceSpans: [{ scopeSpans: [{ spans: [{ name: 'no ids' }] }] }] })).finish());
    const res = await post('/v1/traces', body, PROTOBUF);
    expect(res.status).toBe(200);
    const answer = TraceResponse.toObject(TraceResponse.decode(new Uint8Array(await res.arrayBuffer())), { longs: String });
    expect(answer).toEqual({
      partialSuccess: { rejectedSpans: '1', errorMessage: '1 of 1 spans rejected: resourceSpans[0].scopeSpans[0].spans[0].traceId: expected 32 hex characters, not all zero, got ""' },
    });
    expect(pushes).toEqual([]);
  });

  it.each([
    ['JSON', '{}', JSON_TYPE],
    ['protobuf', new Uint8Array(0), PROTOBUF],
  ])('answers an empty %s request with 200 and pushes nothing', async (_format, body, headers) => {
    const { post, pushes, counters } = setup();
    const res = await post('/v1/metrics', body, headers);
    expect(res.status).toBe(200);
    expect(pushes).toEqual([]);
    expect(counters).toEqual([]);
  });

  it('answers 429 with Retry-After when the queue is full, counting the rows refused', async () => {
    const { post, counters } = setup(failingQueue(new QueueFullError('ingest queue full: 500000 rows waiting', 2)));
    const res = await post('/v1/logs', fixture('logs.json'), JSON_TYPE);
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('2');
    expect(await res.json()).toEqual({ code: 8, message: 'ingest queue full: 500000 rows waiting; retry later', details: [] });
    expect(counters).toEqual([['refused', 'logs', 'queue_full', 4]]);
  });

  it('answers 429 before reading the body when the queue is already full', async () => {
    const full: IngestQueue = {
      ...failingQueue(new Error('push must not be reached')),
      admit: () => {
        throw new QueueFullError('ingest queue full: 500000 rows waiting', 1);
      },
    };
    const { post, counters } = setup(full);
    const res = await post('/v1/traces', 'not even protobuf', PROTOBUF);
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(counters).toEqual([['refusedRequest', 'traces', 'queue_full', 1]]);
  });

  it('answers 503 with Retry-After when the store is unavailable, without the storage error text', async () => {
    const cause = new Error('Code: 241. DB::Exception: Memory limit exceeded');
    const { post, counters } = setup(failingQueue(new QueueUnavailableError(`could not store the batch: ${cause.message}`, 5, { cause })));
    const res = await post('/v1/traces', fixture('traces.bin'), PROTOBUF);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(Status.decode(new Uint8Array(await res.arrayBuffer())).toJSON()).toEqual({ code: 14, message: 'the hub could not store the data; retry later' });
    expect(counters).toEqual([['refused', 'traces', 'unavailable', 5]]);
  });

  it('answers 400 naming the store error when ClickHouse refused every row of the request', async () => {
    const refusing = recordingQueue(() => ({
      refused: [{ table: 'otel_traces', rows: 5, message: 'Decimal math overflow (while reading the value of key Timestamp) (DECIMAL_OVERFLOW)' }],
    }));
    const { post, counters } = setup(refusing.queue);
    const res = await post('/v1/traces', fixture('traces.json'), JSON_TYPE);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      code: 3,
      message:
        'the store refused the data: 5 rows of otel_traces refused by ClickHouse: Decimal math overflow (while reading the value of key Timestamp) (DECIMAL_OVERFLOW)',
      details: [],
    });
    expect(counters).toEqual([['refused', 'traces', 'store_refused', 5]]);
  });

  it('answers partial success when ClickHouse refused one table of a metrics request and stored the rest', async () => {
    const refusing = recordingQueue(() => ({ refused: [{ table: 'otel_metrics_sum', rows: 1, message: 'Cannot parse input (CANNOT_PARSE_INPUT_ASSERTION_FAILED)' }] }));
    const { post, counters } = setup(refusing.queue);
    const res = await post('/v1/metrics', fixture('metrics-exemplars.json'), JSON_TYPE);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      partialSuccess: {
        rejectedDataPoints: '1',
        errorMessage: '1 of 7 data points rejected: 1 rows of otel_metrics_sum refused by ClickHouse: Cannot parse input (CANNOT_PARSE_INPUT_ASSERTION_FAILED)',
      },
    });
    expect(counters).toEqual([
      ['refused', 'metrics', 'store_refused', 1],
      ['accepted', 'metrics', null, 6],
    ]);
  });

  it('keys a request by the bytes received: a byte-for-byte re-send has the same key, anything else another', async () => {
    const { post, keys } = setup();
    const body = fixture('traces.bin');
    const gzipped = gzipSync(body);
    await post('/v1/traces', body, PROTOBUF);
    await post('/v1/traces', Buffer.from(body), PROTOBUF);
    await post('/v1/traces', gzipped, { ...PROTOBUF, 'Content-Encoding': 'gzip' });
    await post('/v1/traces', Buffer.from(gzipped), { ...PROTOBUF, 'Content-Encoding': 'gzip' });
    await post('/v1/traces', tracesJson([spanJson('00f067aa0ba902b7', 'a')]), JSON_TYPE);
    await post('/v1/traces', tracesJson([spanJson('00f067aa0ba902b7', 'b')]), JSON_TYPE);
    expect(keys[0]).toBe(keys[1]);
    expect(keys[2]).toBe(keys[3]);
    expect(new Set([keys[0], keys[2], keys[4], keys[5]]).size).toBe(4);
    expect(keys[0]).toMatch(/^otlp\/traces\/protobuf\/[A-Za-z0-9_-]{43}$/);
  });

  it('lets any other queue failure reach the hub error handler', async () => {
    const { post } = setup(failingQueue(new TypeError('bug')));
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    await expect(post('/v1/traces', fixture('traces.bin'), PROTOBUF)).resolves.toHaveProperty('status', 500);
    expect(logged).toHaveBeenCalled();
    logged.mockRestore();
  });
});
