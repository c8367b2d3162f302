/**
 * Trace and log search in real Chromium against a real hub, data sent with the OTel SDK:
 * an attribute filter typed in the search form narrows the list to the expected traces and
 * lines, a facet click adds its filter, and a log line opens the lines around it.
 */
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogsResult, TracesResult } from '../shared/api.js';
import { browserSkipReason, launchChromium } from './support/browser.js';
import { eventually } from './support/eventually.js';
import { getJson, startHub, type RunningHub } from './support/hub.js';

const skip = browserSkipReason();
if (skip) console.warn(`skipping browser tests: ${skip}`);

/** one root span per trace; its id is what the list shows */
interface SpanSpec {
  name: string;
  status: number;
  errorType?: string;
}

describe.skipIf(skip)('search in Chromium', () => {
  let hub: RunningHub;
  let browser: Browser;
  let page: Page;
  const traces: Record<string, string> = {};
  /** each line its own millisecond, so the line "logs around" opens on is the only one at its moment */
  let nextLineMs = Date.now() - 60_000;

  /** Sends one service's spans and log lines through the SDK's OTLP/protobuf exporters. */
  async function send(service: string, spans: Record<string, SpanSpec>, lines: Array<{ body: string; severity: SeverityNumber; text: string; attributes: Record<string, string> }>) {
    const resource = resourceFromAttributes({ 'service.name': service, 'host.name': `${service}-host` });
    const tracer = new BasicTracerProvider({ resource, spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: `${hub.otlpUrl}/v1/traces` }))] });
    for (const [key, s] of Object.entries(spans)) {
      const span = tracer.getTracer('search-ui').startSpan(s.name, {
        kind: SpanKind.SERVER,
        attributes: { 'http.response.status_code': s.status, ...(s.errorType ? { 'error.type': s.errorType } : {}) },
      });
      if (s.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
      traces[key] = span.spanContext().traceId;
    }
    const logs = new LoggerProvider({ resource, processors: [new SimpleLogRecordProcessor({ exporter: new OTLPLogExporter({ url: `${hub.otlpUrl}/v1/logs` }) })] });
    for (const l of lines) {
      logs.getLogger('search-ui').emit({ body: l.body, severityNumber: l.severity, severityText: l.text, attributes: l.attributes, timestamp: (nextLineMs += 10) });
    }
    await Promise.all([tracer.shutdown(), logs.shutdown()]);
  }

  beforeAll(async () => {
    [hub, browser] = await Promise.all([startHub(), launchChromium()]);
    await send(
      'checkout',
      { cartOk: { name: 'GET /cart', status: 200 }, cartDown: { name: 'GET /cart', status: 503, errorType: 'UpstreamDown' } },
      [
        { body: 'cart viewed', severity: SeverityNumber.INFO, text: 'INFO', attributes: { 'user.id': 'u-17' } },
        { body: 'cart service unavailable', severity: SeverityNumber.ERROR, text: 'ERROR', attributes: { 'user.id': 'u-18' } },
      ],
    );
    await send(
      'payments',
      { charge: { name: 'POST /charge', status: 502, errorType: 'CardDeclined' }, refund: { name: 'POST /refund', status: 200 } },
      [
        { body: 'card declined for order 7', severity: SeverityNumber.ERROR, text: 'ERROR', attributes: { 'user.id': 'u-17', 'order.id': '7' } },
        { body: 'order 8 paid', severity: SeverityNumber.INFO, text: 'INFO', attributes: { 'user.id': 'u-18', 'order.id': '8' } },
      ],
    );
    // the hub acknowledges once the rows are durable; wait for all of them to be readable
    await eventually(() => getJson<TracesResult>(hub, '/api/v1/traces?from=now-1h&to=now%2B1m'), (r) => r.traces.length === 4);
    await eventually(() => getJson<LogsResult>(hub, '/api/v1/logs?from=now-1h&to=now%2B1m'), (r) => r.logs.length === 4);
    page = await browser.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await hub?.dispose();
  });

  const traceIds = async () => {
    await page.getByTestId('loading').waitFor({ state: 'detached' });
    return (await page.getByTestId('trace-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-trace-id')))).sort();
  };
  const logBodies = async () => {
    await page.getByTestId('loading').waitFor({ state: 'detached' });
    return (await page.getByTestId('logs-list').locator('[data-testid=log-row] .body').allInnerTexts()).sort();
  };
  const waitForRows = async (testId: string, count: number) => {
    await page.waitForFunction(([id, n]) => document.querySelectorAll(`[data-testid=${id}]`).length === n, [testId, count] as const);
  };

  it('narrows the traces to the ones an attribute filter typed in the search matches', async () => {
    await page.goto(`${hub.apiUrl}/traces?from=now-1h&to=now%2B1m`);
    await waitForRows('trace-row', 4);
    await page.getByTestId('trace-filter-input').fill('http.response.status_code>=500');
    await page.getByTestId('trace-search-submit').click();
    await page.waitForURL(/filter=http\.response\.status_code%3E%3D500/);
    await waitForRows('trace-row', 2);
    expect(await traceIds()).toEqual([traces.cartDown, traces.charge].sort());
    expect(await page.getByTestId('filter-chip').allInnerTexts()).toEqual([expect.stringContaining('http.response.status_code>=500')]);
  });

  it('adds a facet value as a filter with one click, its count the traces that stay', async () => {
    const facet = page.locator('[data-testid=facet-value][data-filter="service.name=payments"]');
    // the facets of the filtered search (the unfiltered ones, shown until they arrive, count 2)
    expect(await eventually(() => facet.locator('.count').innerText(), (t) => t === '1')).toBe('1');
    await facet.click();
    await page.waitForURL(/filter=service\.name%3Dpayments/);
    await waitForRows('trace-row', 1);
    expect(await traceIds()).toEqual([traces.charge]);
    expect(await page.getByTestId('filter-chip').count()).toBe(2);
    // a chip's ✕ takes its filter away again
    await page.getByRole('button', { name: 'Remove the filter http.response.status_code>=500' }).click();
    await waitForRows('trace-row', 2);
    expect(await traceIds()).toEqual([traces.charge, traces.refund].sort());
  });

  it('matches a part of the service name typed in the search', async () => {
    await page.goto(`${hub.apiUrl}/traces?from=now-1h&to=now%2B1m`);
    await waitForRows('trace-row', 4);
    await page.locator('[data-testid=trace-search] input[name=service]').fill('PAY');
    await page.getByTestId('trace-search-submit').click();
    await waitForRows('trace-row', 2);
    expect(await traceIds()).toEqual([traces.charge, traces.refund].sort());
  });

  it('narrows the log lines to an attribute filter typed in the search, then a facet click', async () => {
    await page.goto(`${hub.apiUrl}/logs?from=now-1h&to=now%2B1m`);
    await waitForRows('log-row', 4);
    await page.getByTestId('log-filter-input').fill('user.id=u-17');
    await page.getByTestId('log-search-submit').click();
    await page.waitForURL(/filter=user\.id%3Du-17/);
    await waitForRows('log-row', 2);
    expect(await logBodies()).toEqual(['card declined for order 7', 'cart viewed']);
    // the volume histogram counts the same lines, once its answer replaced the unfiltered one: one INFO, one ERROR
    const totals = page.getByTestId('volume-total');
    expect(await eventually(() => totals.allInnerTexts(), (t) => t.join() === 'INFO 1,ERROR 1')).toEqual(['INFO 1', 'ERROR 1']);
    await page.locator('[data-testid=facet-value][data-filter="severity.text=ERROR"]').click();
    await page.waitForURL(/filter=severity\.text%3DERROR/);
    await waitForRows('log-row', 1);
    expect(await logBodies()).toEqual(['card declined for order 7']);
  });

  it('finds a free-text term in attribute values and opens the lines around one', async () => {
    await page.goto(`${hub.apiUrl}/logs?from=now-1h&to=now%2B1m&q=u-18`);
    await waitForRows('log-row', 2);
    expect(await logBodies()).toEqual(['cart service unavailable', 'order 8 paid']);
    const row = page.getByTestId('log-row').filter({ hasText: 'order 8 paid' });
    await row.locator('button.line').click();
    await row.getByTestId('logs-around-link').click();
    await page.waitForURL(/around=\d+&aroundService=payments/);
    const around = page.getByTestId('logs-around').getByTestId('log-row');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=logs-around] [data-testid=log-row]').length === 2);
    expect((await around.locator('.body').allInnerTexts()).sort()).toEqual(['card declined for order 7', 'order 8 paid']);
    expect(await page.locator('[data-testid=logs-around] .log.anchor .body').innerText()).toBe('order 8 paid');
  });
});
