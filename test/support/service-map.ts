import { context, SpanKind, SpanStatusCode, trace, type Attributes, type HrTime } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';

/**
 * A small organisation's calls, made by the real OTel SDK (one tracer provider per service,
 * http/protobuf to the hub), starting at `baseSec` (whole seconds):
 *
 * - frontend → checkout: 6 calls of 10, 20 … 60 ms; checkout's span errs on the 6th; on the 5th
 *   only frontend's span errs (the callee's status counts: 1 error)
 * - checkout → payments: 4 calls of 8, 4, 2, 6 ms, payments' span errs on two
 * - checkout → postgresql (db.system, db.name orders; no server span): 5 calls of 1 … 5 ms, one errs
 * - payments → api.stripe.com (server.address; no server span): 3 calls of 100, 200, 300 ms
 * - checkout → inventory, producer → consumer: 2 messages, 3 ms each
 * - reports: one server span of its own, no calls in or out
 *
 * All within 60 s of baseSec; every span is stored when this resolves (the hub acknowledges
 * an export once its spans are written).
 */
export async function sendServiceMapScenario(otlpUrl: string, baseSec: number): Promise<void> {
  const providers = new Map<string, BasicTracerProvider>();
  const tracer = (service: string) => {
    let p = providers.get(service);
    if (!p) {
      p = new BasicTracerProvider({
        resource: resourceFromAttributes({ 'service.name': service }),
        spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: `${otlpUrl}/v1/traces` }))],
      });
      providers.set(service, p);
    }
    return p.getTracer('service-map-test');
  };
  const at = (ms: number): HrTime => [baseSec + Math.floor(ms / 1000), (ms % 1000) * 1_000_000];

  interface Call {
    at: number;
    ms: number;
    callerError?: boolean;
    calleeError?: boolean;
    attributes?: Attributes;
  }
  /** A Client (or Producer) span of `caller` for `ms`; with a callee, its Server (Consumer) span as the child. */
  function call(caller: string, callee: string | null, c: Call, messaging = false) {
    const outgoing = tracer(caller).startSpan(callee ? `call ${callee}` : 'query', { kind: messaging ? SpanKind.PRODUCER : SpanKind.CLIENT, startTime: at(c.at), attributes: c.attributes });
    if (callee) {
      const ctx = trace.setSpan(context.active(), outgoing);
      const incoming = tracer(callee).startSpan('handle', { kind: messaging ? SpanKind.CONSUMER : SpanKind.SERVER, startTime: at(c.at) }, ctx);
      if (c.calleeError) incoming.setStatus({ code: SpanStatusCode.ERROR });
      incoming.end(at(c.at + 1));
    }
    if (c.callerError) outgoing.setStatus({ code: SpanStatusCode.ERROR });
    outgoing.end(at(c.at + c.ms));
  }

  [10, 20, 30, 40, 50, 60].forEach((ms, i) => call('frontend', 'checkout', { at: 1000 * i, ms, callerError: i === 4, calleeError: i === 5 }));
  [8, 4, 2, 6].forEach((ms, i) => call('checkout', 'payments', { at: 10_000 + 1000 * i, ms, calleeError: i < 2 }));
  [1, 2, 3, 4, 5].forEach((ms, i) =>
    call('checkout', null, { at: 20_000 + 1000 * i, ms, callerError: i === 0, attributes: { 'db.system': 'postgresql', 'db.name': 'orders', 'server.address': 'pg.internal' } }),
  );
  [100, 200, 300].forEach((ms, i) => call('payments', null, { at: 30_000 + 1000 * i, ms, attributes: { 'server.address': 'api.stripe.com', 'http.request.method': 'POST' } }));
  [3, 3].forEach((ms, i) => call('checkout', 'inventory', { at: 40_000 + 1000 * i, ms }, true));
  tracer('reports').startSpan('GET /report', { kind: SpanKind.SERVER, startTime: at(50_000) }).end(at(50_005));

  await Promise.all([...providers.values()].map((p) => p.shutdown()));
}
