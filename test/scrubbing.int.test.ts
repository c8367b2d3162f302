/**
 * Scrubbing before storage (issue 13), end to end: the real OpenTelemetry SDK exporters send
 * a span with an `Authorization` attribute and a log whose body holds an e-mail address to a
 * real hub process on chDB; both are read back redacted through the query API, and the
 * privacy report counts each redaction once, a request re-sent byte for byte included.
 */
import { SeverityNumber } from '@opentelemetry/api-logs';
import { SpanKind } from '@opentelemetry/api';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogsResult, TraceResult } from '../shared/api.js';
import type { PrivacyResult } from '../shared/privacy.js';
import { getJson, startHub, type RunningHub } from './support/hub.js';

let hub: RunningHub;
let traceId: string;
const startSec = Math.floor(Date.now() / 1000) - 60;
const range = `from=${(startSec - 60) * 1000}&to=${(startSec + 600) * 1000}`;
const today = new Date().toISOString().slice(0, 10);

/** An OTLP/JSON logs request with a card number in its body, sent twice as the same bytes. */
const cardLog = JSON.stringify({
  resourceLogs: [{
    resource: { attributes: [{ key: 'service.name', value: { stringValue: 'payments-scrub' } }] },
    scopeLogs: [{ scope: { name: 'payments' }, logRecords: [{ timeUnixNano: `${startSec}000000000`, severityNumber: 17, body: { stringValue: 'declined card 4111 1111 1111 1111 (order ORD-000042)' } }] }],
  }],
});

beforeAll(async () => {
  // an operator's own pattern, from its env var, beside the built-in rules
  hub = await startHub({ env: { OCTOLENS_SCRUB_PATTERNS: 'order_ref=ORD-\\d{6}' } });

  const tracer = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'checkout-scrub' }),
    spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: `${hub.otlpUrl}/v1/traces` }))],
  });
  const span = tracer.getTracer('scrub-tests').startSpan('POST /checkout', {
    kind: SpanKind.SERVER,
    startTime: [startSec, 0],
    attributes: { Authorization: 'Bearer sk_live_51HxYzAbCdEf0123456789', 'http.route': '/checkout' },
  });
  span.end([startSec, 5_000_000]);
  traceId = span.spanContext().traceId;
  await tracer.forceFlush();
  await tracer.shutdown();

  const logs = new LoggerProvider({
    resource: resourceFromAttributes({ 'service.name': 'billing-scrub' }),
    processors: [new SimpleLogRecordProcessor({ exporter: new OTLPLogExporter({ url: `${hub.otlpUrl}/v1/logs` }) })],
  });
  logs.getLogger('billing').emit({ body: 'password reset mail sent to ann.lee@example.com', severityNumber: SeverityNumber.INFO, timestamp: [startSec, 0] });
  await logs.forceFlush();
  await logs.shutdown();

  for (let i = 0; i < 2; i++) {
    const res = await fetch(`${hub.otlpUrl}/v1/logs`, { method: 'POST', body: cardLog, headers: { 'Content-Type': 'application/json' } });
    expect(res.status).toBe(200);
  }
}, 120_000);
afterAll(async () => {
  await hub?.dispose();
});

describe('scrubbing before storage', () => {
  it("stores the span's Authorization attribute as [REDACTED], other attributes as sent", async () => {
    const t = await getJson<TraceResult>(hub, `/api/v1/traces/${traceId}`);
    expect(t.spans.map((s) => s.attributes)).toEqual([{ Authorization: '[REDACTED]', 'http.route': '/checkout' }]);
  });

  it("stores the log body's e-mail address as [REDACTED:email]", async () => {
    const r = await getJson<LogsResult>(hub, `/api/v1/logs?service=billing-scrub&${range}`);
    expect(r.logs.map((l) => l.body)).toEqual(['password reset mail sent to [REDACTED:email]']);
  });

  it("applies the operator's pattern and the Luhn-checked card rule, and stores a re-sent request once", async () => {
    const r = await getJson<LogsResult>(hub, `/api/v1/logs?service=payments-scrub&${range}`);
    expect(r.logs.map((l) => l.body)).toEqual(['declined card [REDACTED:card] (order [REDACTED:order_ref])']);
  });

  it('counts every redaction per day, service, signal and kind, the re-sent request once', async () => {
    const report = await getJson<PrivacyResult>(hub, '/api/v1/privacy?from=now-1d&to=now');
    expect(report.days).toEqual([
      { day: today, service: 'billing-scrub', signal: 'logs', kind: 'email', count: 1 },
      { day: today, service: 'checkout-scrub', signal: 'traces', kind: 'key', count: 1 },
      { day: today, service: 'payments-scrub', signal: 'logs', kind: 'card', count: 1 },
      { day: today, service: 'payments-scrub', signal: 'logs', kind: 'order_ref', count: 1 },
    ]);
    expect(report.totals).toEqual([
      { kind: 'card', count: 1 },
      { kind: 'email', count: 1 },
      { kind: 'key', count: 1 },
      { kind: 'order_ref', count: 1 },
    ]);
  });

  it('counts redactions by signal and kind in /metrics, without a service label', async () => {
    const text = await (await fetch(`${hub.apiUrl}/metrics`)).text();
    const lines = text.split('\n').filter((l) => l.startsWith('octolens_redactions_total{'));
    // the re-sent request was scrubbed again before the queue recognised it: /metrics counts work done, the report what is stored
    expect(lines.sort()).toEqual([
      'octolens_redactions_total{signal="logs",kind="card"} 2',
      'octolens_redactions_total{signal="logs",kind="email"} 1',
      'octolens_redactions_total{signal="logs",kind="order_ref"} 2',
      'octolens_redactions_total{signal="traces",kind="key"} 1',
    ]);
  });
});
