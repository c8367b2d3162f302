/**
 * Builds OTLP ExportTraceServiceRequest bodies the way an OpenTelemetry JS SDK would:
 * real spans from a BasicTracerProvider, serialised by the SDK's own ProtobufTraceSerializer.
 *
 * A body is built once as a template; every id in it starts with a 4-byte marker whose
 * offsets are recorded. `stamp(seq)` copies the template and writes `seq` over the markers,
 * so each request carries ids no other request has, at the cost of a memcpy.
 */
import { context, SpanKind, SpanStatusCode, trace, type Attributes } from '@opentelemetry/api';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type IdGenerator } from '@opentelemetry/sdk-trace-base';

/** What every stamped id starts with in a template (bench/ingest-logs/records.ts also writes it as text, in request ids). */
export const MARK = 'b7e1c0de';
const MARK_BYTES = Buffer.from(MARK, 'hex');

const services = [
  { name: 'checkout', version: '2.14.0', routes: ['POST /checkout', 'GET /cart', 'POST /cart/items'] },
  { name: 'tax-service', version: '1.3.9', routes: ['POST /tax/compute', 'GET /tax/rates'] },
  { name: 'catalog', version: '5.0.1', routes: ['GET /products/:id', 'GET /products', 'GET /search'] },
  { name: 'payments', version: '0.9.12', routes: ['POST /payments', 'POST /refunds'] },
];
const children = ['SELECT orders', 'redis GET', 'tax.compute', 'HTTP POST', 'render', 'kafka.produce'];

/** Ids with the marker in front and a template-local counter behind (unique within one body). */
class MarkedIds implements IdGenerator {
  private n = 0;
  generateTraceId = () => MARK + (++this.n).toString(16).padStart(24, '0');
  generateSpanId = () => MARK + (++this.n).toString(16).padStart(8, '0');
}

export interface Template {
  body: Buffer;
  /** the items in the body: spans, or log records in a logs template */
  spans: number;
  /** offsets of the 4 marker bytes, one per id occurrence (trace, span, parent ids) */
  marks: Uint32Array;
}

/** Offsets of every occurrence of `mark` in `body`. */
export function findMarks(body: Buffer, mark: Buffer | string): Uint32Array {
  const at: number[] = [];
  for (let i = body.indexOf(mark); i !== -1; i = body.indexOf(mark, i + mark.length)) at.push(i);
  return Uint32Array.from(at);
}

function spanAttributes(i: number, route: string, status: number): Attributes {
  return {
    'http.request.method': route.split(' ')[0],
    'http.route': route.split(' ')[1],
    'http.response.status_code': status,
    'url.scheme': 'https',
    'server.address': 'api.shop.example',
    'network.protocol.version': '1.1',
    'user_agent.original': `Mozilla/5.0 (X11; Linux x86_64) shop-client/${i % 7}`,
    'app.cart.items': i % 13,
    'app.cache.hit': i % 3 === 0,
    'app.discount.ratio': (i % 10) / 10,
  };
}

/** One body of about `spansPerBody` spans from one service: traces of a server span and its children. */
export function buildTemplate(index: number, spansPerBody: number, nowMs = Date.now()): Template {
  const svc = services[index % services.length]!;
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': svc.name, 'service.version': svc.version, 'host.name': `node-${index % 5}` }),
    idGenerator: new MarkedIds(),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('@shop/http', '1.8.0');
  let made = 0;
  let ids = 0;
  for (let t = 0; made < spansPerBody; t++) {
    const startMs = nowMs - 60_000 + t * 37;
    const route = svc.routes[t % svc.routes.length]!;
    const failed = t % 20 === 0;
    const root = tracer.startSpan(route, { kind: SpanKind.SERVER, startTime: startMs, attributes: spanAttributes(t, route, failed ? 500 : 200) });
    const ctx = trace.setSpan(context.active(), root);
    const kids = Math.min(3 + (t % 5), spansPerBody - made - 1);
    for (let k = 0; k < kids; k++) {
      const child = tracer.startSpan(children[(t + k) % children.length]!, { kind: k % 2 ? SpanKind.CLIENT : SpanKind.INTERNAL, startTime: startMs + 1 + k * 3, attributes: spanAttributes(t + k, route, 200) }, ctx);
      if (failed && k === 0) {
        child.addEvent('exception', { 'exception.type': 'TimeoutError', 'exception.message': 'upstream timed out after 2s' }, startMs + 2 + k * 3);
        child.setStatus({ code: SpanStatusCode.ERROR, message: 'timeout' });
      }
      child.end(startMs + 2 + k * 3 + (t % 4));
    }
    if (failed) root.setStatus({ code: SpanStatusCode.ERROR });
    root.end(startMs + 5 + kids * 3);
    made += kids + 1;
    ids += 2 + 3 * kids; // root: trace + span; child: trace + span + parent
  }
  const spans = exporter.getFinishedSpans();
  const body = Buffer.from(ProtobufTraceSerializer.serializeRequest(spans)!);
  const marks = findMarks(body, MARK_BYTES);
  if (marks.length !== ids) throw new Error(`template ${index}: found ${marks.length} id markers, expected ${ids}`);
  return { body, spans: spans.length, marks };
}

/** A copy of the template whose ids all start with `seq` (big-endian), unique per request. */
export function stamp(template: Template, seq: number): Buffer {
  const out = Buffer.from(template.body);
  for (const at of template.marks) out.writeUInt32BE(seq, at);
  return out;
}
