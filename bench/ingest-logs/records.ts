/**
 * Builds OTLP ExportLogsServiceRequest bodies the way an OpenTelemetry JS SDK would: real
 * records from a LoggerProvider, serialised by the SDK's own ProtobufLogsSerializer. Each
 * record is one HTTP access-log line (~200 bytes: client, method, path, status, size,
 * duration, user agent, request id) from one of 5 services, with its severity and, on 9 of
 * 10 records, the trace and span it was logged in.
 *
 * A body is built once as a template; `stampLogs(seq)` copies it and makes it a request no
 * other request equals, cheaply enough for the load generator. Only stamping the request id
 * would leave a storage benchmark measuring ZSTD on rows that repeat every few templates
 * (same ids, same times next to each other once sorted), so the stamp also
 *  - writes `seq` in hex over the request id's marker in every body (unique per record, so
 *    `uniqExact(Body)` proves nothing was stored twice),
 *  - XORs every trace and span id with a keystream drawn from `seq` (random-looking ids, as
 *    real ones are),
 *  - moves every timestamp `seq` request windows on (a timeline without repeats).
 */
import { ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { JsonLogsSerializer, ProtobufLogsSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, type LogRecordProcessor, type ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { findMarks, MARK, type Template } from '../ingest-traces/spans.js';

/** Records are this far apart on the timeline (plus jitter): 10,000 records/s across the services. */
const SPACING_NS = 100_000n;
/** The timeline starts an hour ago, so 36M records fit before it reaches the present. */
const START_NS = BigInt(Date.now() - 3_600_000) * 1_000_000n;

const services = [
  { name: 'storefront', version: '4.2.1', paths: ['/', '/products/{id}', '/category/{slug}', '/search?q={term}&page={n}', '/static/app.{hex}.js'] },
  { name: 'checkout', version: '2.14.0', paths: ['/api/cart', '/api/cart/items/{id}', '/api/checkout', '/api/checkout/{id}/confirm'] },
  { name: 'catalog', version: '5.0.1', paths: ['/api/v1/products/{id}', '/api/v1/products?category={slug}&limit={n}', '/api/v1/inventory/{id}'] },
  { name: 'accounts', version: '1.9.3', paths: ['/api/session', '/api/users/{id}', '/api/users/{id}/orders?page={n}', '/oauth/token'] },
  { name: 'payments', version: '0.9.12', paths: ['/v2/payments', '/v2/payments/{id}', '/v2/refunds', '/webhooks/psp'] },
];
const methods = ['GET', 'GET', 'GET', 'GET', 'GET', 'GET', 'GET', 'POST', 'POST', 'PUT', 'DELETE', 'PATCH'];
const statuses = [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 201, 204, 304, 304, 301, 400, 401, 403, 404, 404, 409, 429, 500, 502, 503];
const agents = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148',
  'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
  'okhttp/4.12.0',
  'python-requests/2.32.3',
  'Go-http-client/2.0',
  'curl/8.11.0',
];
const slugs = ['shoes', 'outdoor', 'kitchen', 'garden', 'toys', 'books', 'audio', 'sale'];
const terms = ['running+shoes', 'tent', 'coffee+grinder', 'usb-c+cable', 'lego', 'rain+jacket'];

/** mulberry32: a small seeded PRNG, so the same template index builds the same records. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const svcOctet = (name: string) => 100 + services.findIndex((s) => s.name === name);
const hex = (bytes: number, rnd: () => number) => Array.from({ length: bytes }, () => Math.floor(rnd() * 256).toString(16).padStart(2, '0')).join('');

function accessLine(svc: (typeof services)[number], i: number, rnd: () => number): { body: string; status: number } {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const path = pick(svc.paths)
    .replace('{id}', String(Math.floor(rnd() * 90_000) + 10_000))
    .replace('{slug}', pick(slugs))
    .replace('{term}', pick(terms))
    .replace('{n}', String(1 + Math.floor(rnd() * 20)))
    .replace('{hex}', hex(4, rnd));
  const status = pick(statuses);
  const size = status === 204 || status === 304 ? 0 : Math.floor(rnd() * 40_000) + 120;
  const ms = (rnd() < 0.9 ? rnd() * 80 : rnd() * 2_500) + 0.4;
  const client = rnd() < 0.7 ? `10.${Math.floor(rnd() * 64)}.${Math.floor(rnd() * 256)}.${Math.floor(rnd() * 256)}` : `203.0.113.${Math.floor(rnd() * 256)}`;
  const referer = rnd() < 0.6 ? '-' : `https://shop.example.com${pick(services[0]!.paths).replace(/\{\w+\}/g, 'x')}`;
  const upstream = `10.${svcOctet(svc.name)}.${Math.floor(rnd() * 4)}.${10 + Math.floor(rnd() * 20)}:8080`;
  // request id: the marker (stamped with the request's seq) then a counter, unique per record
  const requestId = MARK + i.toString(16).padStart(8, '0');
  const body = `${client} - - "${pick(methods)} ${path} HTTP/1.1" ${status} ${size} "${referer}" "${pick(agents)}" rt=${(ms / 1000).toFixed(3)} upstream=${upstream} urt=${(ms / 1000 - 0.0003).toFixed(3)} req=${requestId}`;
  return { body, status };
}

const severityOf = (status: number): [SeverityNumber, string] =>
  status >= 500 ? [SeverityNumber.ERROR, 'ERROR'] : status >= 400 ? [SeverityNumber.WARN, 'WARN'] : [SeverityNumber.INFO, 'INFO'];

export interface LogTemplate extends Template {
  /** offsets of the 8 hex characters of each body's request-id marker */
  hexMarks: Uint32Array;
  /** offsets of each trace id (16 bytes) and span id (8 bytes) */
  traceIds: Uint32Array;
  spanIds: Uint32Array;
  /** offsets of each time_unix_nano and observed_time_unix_nano (fixed64, little-endian) */
  times: Uint32Array;
  /** the same records as OTLP JSON (the SDK's JsonLogsSerializer), in bytes */
  jsonBytes: number;
  /** bytes of all bodies together */
  bodyBytes: number;
}

/** Offsets of `values` as fixed64 little-endian, each found after the one before it. */
function findTimes(body: Buffer, values: bigint[]): Uint32Array {
  const at = new Uint32Array(values.length);
  const probe = Buffer.alloc(8);
  let from = 0;
  values.forEach((v, k) => {
    probe.writeBigUInt64LE(v);
    const i = body.indexOf(probe, from);
    if (i === -1) throw new Error(`timestamp ${v} not found in the serialised body`);
    at[k] = i;
    from = i + 8;
  });
  return at;
}

/** One body of `records` access-log records from service `index % 5`, as its SDK would export them. */
export function buildLogTemplate(index: number, records: number): LogTemplate {
  const svc = services[index % services.length]!;
  const rnd = prng(index + 1);
  // collected as emitted: the SDK's SimpleLogRecordProcessor exports asynchronously
  const logs: ReadableLogRecord[] = [];
  const collect: LogRecordProcessor = { onEmit: (r) => void logs.push(r), forceFlush: async () => {}, shutdown: async () => {} };
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({ 'service.name': svc.name, 'service.version': svc.version, 'host.name': `node-${index % 3}`, 'deployment.environment.name': 'production' }),
    processors: [collect],
  });
  const logger = provider.getLogger('@shop/access-log', '1.8.0');
  const times: bigint[] = [];
  for (let i = 0; i < records; i++) {
    const { body, status } = accessLine(svc, i, rnd);
    const [severityNumber, severityText] = severityOf(status);
    const at = START_NS + BigInt(i) * SPACING_NS + BigInt(Math.floor(rnd() * Number(SPACING_NS)));
    const observed = at + BigInt(Math.floor(rnd() * 3_000_000));
    const hr = (ns: bigint): [number, number] => [Number(ns / 1_000_000_000n), Number(ns % 1_000_000_000n)];
    const traced = rnd() < 0.9;
    const context = traced
      ? trace.setSpanContext(ROOT_CONTEXT, { traceId: MARK + hex(12, rnd), spanId: MARK + hex(4, rnd), traceFlags: TraceFlags.SAMPLED })
      : ROOT_CONTEXT;
    logger.emit({ timestamp: hr(at), observedTimestamp: hr(observed), severityNumber, severityText, body, context });
    times.push(at, observed);
  }
  const body = Buffer.from(ProtobufLogsSerializer.serializeRequest(logs)!);
  const marks = findMarks(body, Buffer.from(MARK, 'hex'));
  const traced = logs.filter((l) => l.spanContext).length;
  if (marks.length !== traced * 2) throw new Error(`template ${index}: found ${marks.length} id markers, expected ${traced * 2}`);
  const hexMarks = findMarks(body, MARK);
  if (hexMarks.length !== records) throw new Error(`template ${index}: found ${hexMarks.length} request-id markers, expected ${records}`);
  // a record's trace id comes before its span id (fields 9 and 10 of LogRecord)
  return {
    body,
    spans: records,
    marks,
    hexMarks,
    traceIds: marks.filter((_, k) => k % 2 === 0),
    spanIds: marks.filter((_, k) => k % 2 === 1),
    times: findTimes(body, times),
    jsonBytes: Buffer.byteLength(new TextDecoder().decode(JsonLogsSerializer.serializeRequest(logs))),
    bodyBytes: logs.reduce((n, l) => n + Buffer.byteLength(l.body as string), 0),
  };
}

/** A copy of the template no other request equals: request ids, trace/span ids and times drawn from `seq`. */
export function stampLogs(template: LogTemplate, seq: number): Buffer {
  const out = Buffer.from(template.body);
  const seqHex = Buffer.from((seq >>> 0).toString(16).padStart(8, '0'), 'latin1');
  for (const at of template.hexMarks) for (let b = 0; b < 8; b++) out[at + b] = seqHex[b]!;
  const rnd = prng(seq ^ 0x5bd1e995);
  const xor = (at: number, bytes: number) => {
    for (let b = at; b < at + bytes; b += 4) out.writeInt32LE(out.readInt32LE(b) ^ (rnd() * 2 ** 32), b);
  };
  for (const at of template.traceIds) xor(at, 16);
  for (const at of template.spanIds) xor(at, 8);
  // fixed64 + shift as two 32-bit halves (BigInt per record costs more than the rest of the stamp)
  const shift = seq * template.spans * Number(SPACING_NS);
  const [hi, lo] = [Math.floor(shift / 2 ** 32), shift % 2 ** 32];
  for (const at of template.times) {
    const sum = out.readUInt32LE(at) + lo;
    out.writeUInt32LE(sum % 2 ** 32, at);
    out.writeUInt32LE((out.readUInt32LE(at + 4) + hi + Math.floor(sum / 2 ** 32)) >>> 0, at + 4);
  }
  return out;
}
