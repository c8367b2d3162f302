/**
 * A small simulated shop sending real OTLP traces and logs with the OpenTelemetry SDK:
 * frontend → checkout → tax-service, where tax-service times out now and then.
 *
 *   npx tsx demo/send.ts [--endpoint http://localhost:4318] [--traces 200] [--minutes 30]
 */
import { parseArgs } from 'node:util';
import { context, SpanKind, SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';
import { SeverityNumber, type Logger } from '@opentelemetry/api-logs';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';

const { values: args } = parseArgs({
  options: {
    endpoint: { type: 'string', default: process.env.OTEL_EXPORTER_OTLP_ENDPOINT ?? 'http://localhost:4318' },
    traces: { type: 'string', default: '200' },
    minutes: { type: 'string', default: '30' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (args.help) {
  console.log('usage: npx tsx demo/send.ts [--endpoint URL] [--traces N] [--minutes M]\nSends N checkout traces spread over the last M minutes.');
  process.exit(0);
}

function service(name: string) {
  const resource = resourceFromAttributes({ 'service.name': name, 'service.version': '2.3.1', 'host.name': `${name}-7d9f`, 'k8s.pod.name': `${name}-7d9f-x2k4p` });
  const tracer = new BasicTracerProvider({ resource, spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: `${args.endpoint}/v1/traces` }))] });
  const logs = new LoggerProvider({ resource, processors: [new BatchLogRecordProcessor({ exporter: new OTLPLogExporter({ url: `${args.endpoint}/v1/logs` }) })] });
  return { tracer: tracer.getTracer('demo'), logger: logs.getLogger('demo'), flush: () => Promise.all([tracer.shutdown(), logs.shutdown()]) };
}

const frontend = service('frontend');
const checkout = service('checkout');
const tax = service('tax-service');
const ms = (t: number): [number, number] => [Math.floor(t / 1000), (t % 1000) * 1e6];

function span(tracer: Tracer, name: string, kind: SpanKind, start: number, end: number, parent: ReturnType<typeof context.active>, attrs = {}, error?: string) {
  const s = tracer.startSpan(name, { kind, startTime: ms(start), attributes: attrs }, parent);
  if (error) s.setStatus({ code: SpanStatusCode.ERROR, message: error });
  return { s, ctx: trace.setSpan(parent, s), end: () => s.end(ms(end)) };
}

function log(logger: Logger, ctx: ReturnType<typeof context.active>, at: number, severity: SeverityNumber, text: string, body: string) {
  logger.emit({ body, severityNumber: severity, severityText: text, timestamp: ms(at), context: ctx });
}

const n = Number(args.traces);
const windowMs = Number(args.minutes) * 60_000;
for (let i = 0; i < n; i++) {
  const t0 = Date.now() - windowMs + Math.floor((i / n) * windowMs);
  const slowTax = i % 9 === 4;
  const taxMs = slowTax ? 2000 : 15 + (i % 7) * 4;
  const root = span(frontend.tracer, 'GET /checkout', SpanKind.SERVER, t0, t0 + taxMs + 60, context.active(), { 'http.request.method': 'GET', 'http.route': '/checkout', 'http.response.status_code': slowTax ? 504 : 200 }, slowTax ? 'upstream timeout' : undefined);
  const call = span(checkout.tracer, 'POST /orders', SpanKind.SERVER, t0 + 5, t0 + taxMs + 50, root.ctx, { 'http.route': '/orders', 'order.items': 1 + (i % 4) }, slowTax ? 'tax lookup failed' : undefined);
  const db = span(checkout.tracer, 'INSERT orders', SpanKind.CLIENT, t0 + 8, t0 + 20, call.ctx, { 'db.system': 'postgresql', 'db.statement': 'INSERT INTO orders (id, total) VALUES ($1, $2)' });
  const taxSpan = span(tax.tracer, 'GET /rates', SpanKind.SERVER, t0 + 22, t0 + 22 + taxMs, call.ctx, { 'http.route': '/rates', region: ['eu', 'us', 'apac'][i % 3]! }, slowTax ? 'deadline exceeded' : undefined);
  log(checkout.logger, call.ctx, t0 + 6, SeverityNumber.INFO, 'INFO', `order ${1000 + i} received`);
  if (slowTax) {
    log(tax.logger, taxSpan.ctx, t0 + 22 + taxMs, SeverityNumber.ERROR, 'ERROR', `rate lookup for order ${1000 + i} timed out after ${taxMs} ms`);
    log(checkout.logger, call.ctx, t0 + taxMs + 45, SeverityNumber.WARN, 'WARN', `order ${1000 + i} held: tax-service unavailable`);
  }
  db.end();
  taxSpan.end();
  call.end();
  root.end();
}
await Promise.all([frontend.flush(), checkout.flush(), tax.flush()]);
console.log(`sent ${n} traces (${n * 4} spans) to ${args.endpoint}`);
