/**
 * What scrubbing before storage costs a span and a log record (collectors/otlp/scrub.ts):
 * `npx tsx bench/scrub/run.ts [spans]`, one process, ~15 s.
 *
 * Input: spans made by the OpenTelemetry JS SDK and serialized by its http/protobuf
 * serializer (as bench/otlp-decode: 512 a request, 10 attributes each, 3 resource
 * attributes), decoded once; "clean" holds nothing a rule replaces, "dirty" gives one span in
 * ten an Authorization attribute and an e-mail address in `enduser.id`. Log records carry a
 * 60–90 character body and 2 attributes, one in ten an e-mail address in the body. Times
 * the normaliser alone, without and with the default scrubber, alternating, median of 7
 * runs; prints µs a span or record and the difference (bench/scrub/README.md).
 */
import { context, SpanKind, trace, type HrTime } from '@opentelemetry/api';
import { ProtobufLogsSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { decodeRequest } from '../../collectors/otlp/decode.js';
import type { ExportLogsServiceRequest, ExportTraceServiceRequest } from '../../collectors/otlp/model.js';
import type { NormaliseResult } from '../../collectors/otlp/normalise-common.js';
import { normaliseLogs } from '../../collectors/otlp/normalise-logs.js';
import { normaliseTraces } from '../../collectors/otlp/normalise-traces.js';
import { scrubConfigSchema, Scrubber } from '../../collectors/otlp/scrub.js';

const TOTAL = Number(process.argv[2] ?? 51_200);
const BATCH = 512;
const RUNS = 7;
const routes = ['/api/cart', '/api/cart/items', '/api/checkout', '/api/products/:id', '/healthz'];

async function traceRequests(dirty: boolean): Promise<ExportTraceServiceRequest[]> {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'checkout', 'service.version': '1.4.2', 'host.name': 'checkout-7d9f8b6c5-x2kq9' }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('@opentelemetry/instrumentation-http', '0.57.0');
  const base = Math.floor(Date.now() / 1000);
  const at = (ns: number): HrTime => [base + Math.floor(ns / 1e9), ns % 1e9];
  const out: ExportTraceServiceRequest[] = [];
  for (let made = 0; made < TOTAL; made += BATCH) {
    exporter.reset();
    const parent = tracer.startSpan('parent', { startTime: at(made * 1000) });
    const ctx = trace.setSpan(context.active(), parent);
    for (let i = 0; i < BATCH; i++) {
      const n = made + i;
      const route = routes[n % routes.length]!;
      const secret = dirty && n % 10 === 0;
      tracer
        .startSpan(`GET ${route}`, {
          kind: SpanKind.SERVER,
          startTime: at(n * 1000 + 123_457),
          attributes: {
            'http.request.method': 'GET',
            'http.route': route,
            'url.full': `https://shop.example.com${route}?session=${n}`,
            'url.scheme': 'https',
            'http.response.status_code': n % 50 === 0 ? 500 : 200,
            'server.address': 'shop.example.com',
            'server.port': 443,
            'user_agent.original': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36',
            'http.request.body.size': 512 + (n % 1000),
            ...(secret ? { Authorization: `Bearer sk_live_${n}abcdefgh`, 'enduser.id': `user${n}@example.com` } : { 'network.protocol.version': '1.1', 'enduser.id': `u-${n}` }),
          },
        }, ctx)
        .end(at(n * 1000 + 1_123_457));
    }
    out.push(decodeRequest('traces', 'protobuf', Buffer.from(ProtobufTraceSerializer.serializeRequest(exporter.getFinishedSpans())!)));
    parent.end();
  }
  await provider.shutdown();
  return out;
}

async function logRequests(): Promise<ExportLogsServiceRequest[]> {
  const exporter = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({ resource: resourceFromAttributes({ 'service.name': 'billing', 'host.name': 'billing-5c7d-q8' }), processors: [new SimpleLogRecordProcessor({ exporter })] });
  const logger = provider.getLogger('billing');
  const out: ExportLogsServiceRequest[] = [];
  for (let made = 0; made < TOTAL; made += BATCH) {
    exporter.reset();
    for (let i = 0; i < BATCH; i++) {
      const n = made + i;
      const body = n % 10 === 0 ? `invoice ${n} mailed to customer${n}@example.com after payment` : `invoice ${n} created for order 2024-11-${(n % 28) + 1} in 37 ms, total 129.90 EUR`;
      logger.emit({ body, severityText: 'INFO', severityNumber: 9, attributes: { 'invoice.id': n, 'code.function': 'createInvoice' } });
    }
    out.push(decodeRequest('logs', 'protobuf', Buffer.from(ProtobufLogsSerializer.serializeRequest(exporter.getFinishedLogRecords())!)));
  }
  await provider.shutdown();
  return out;
}

const scrubber = new Scrubber(scrubConfigSchema.parse({}));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** µs per item of `normalise` over every request, without and with the scrubber (alternating runs), and the redactions counted. */
function measure<R>(requests: R[], normalise: (r: R, s: Scrubber | null) => NormaliseResult): { off: number; on: number; redactions: number } {
  const time = (s: Scrubber | null) => {
    const t0 = performance.now();
    let redactions = 0;
    for (const r of requests) for (const c of normalise(r, s).redactions) redactions += c.count;
    return { ms: performance.now() - t0, redactions };
  };
  time(null);
  time(scrubber); // warm-up: JIT and inline caches
  const off: number[] = [];
  const on: number[] = [];
  let redactions = 0;
  for (let i = 0; i < RUNS; i++) {
    off.push(time(null).ms);
    const r = time(scrubber);
    on.push(r.ms);
    redactions = r.redactions;
  }
  const items = requests.length * BATCH;
  return { off: (median(off) * 1000) / items, on: (median(on) * 1000) / items, redactions };
}

const rows: Array<[string, ReturnType<typeof measure>]> = [
  ['spans, clean', measure(await traceRequests(false), (r, s) => normaliseTraces(r, undefined, s))],
  ['spans, 1 in 10 with Authorization + e-mail', measure(await traceRequests(true), (r, s) => normaliseTraces(r, undefined, s))],
  ['log records, 1 in 10 with an e-mail body', measure(await logRequests(), (r, s) => normaliseLogs(r, undefined, s))],
];
console.log(`${TOTAL} items each, normaliser only, median of ${RUNS}; node ${process.version}`);
console.log('| input | µs/item, scrubbing off | µs/item, default scrubbing | cost | redactions |');
console.log('|---|---|---|---|---|');
for (const [name, r] of rows)
  console.log(`| ${name} | ${r.off.toFixed(3)} | ${r.on.toFixed(3)} | +${(r.on - r.off).toFixed(3)} µs (+${Math.round(((r.on - r.off) / r.off) * 100)} %) | ${r.redactions} |`);
