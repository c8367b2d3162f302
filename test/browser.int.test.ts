/**
 * Real Chromium against a real hub: a trace sent with the OTel SDK is found from the
 * services list, opened in the waterfall, and followed to its logs and back.
 */
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSkipReason, launchChromium } from './support/browser.js';
import { startHub, type RunningHub } from './support/hub.js';

const skip = browserSkipReason();
if (skip) console.warn(`skipping browser tests: ${skip}`);

describe.skipIf(skip)('UI in Chromium', () => {
  let hub: RunningHub;
  let browser: Browser;
  let page: Page;
  let traceId: string;

  beforeAll(async () => {
    [hub, browser] = await Promise.all([startHub(), launchChromium()]);
    const resource = resourceFromAttributes({ 'service.name': 'storefront' });
    const tracer = new BasicTracerProvider({ resource, spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: `${hub.otlpUrl}/v1/traces` }))] });
    const logs = new LoggerProvider({ resource, processors: [new SimpleLogRecordProcessor({ exporter: new OTLPLogExporter({ url: `${hub.otlpUrl}/v1/logs` }) })] });
    const t = tracer.getTracer('ui-test');
    const root = t.startSpan('GET /product/:id', { kind: SpanKind.SERVER });
    const ctx = trace.setSpan(context.active(), root);
    const db = t.startSpan('SELECT products', { kind: SpanKind.CLIENT, attributes: { 'db.system': 'postgresql', 'db.statement': 'SELECT * FROM products WHERE id = $1' } }, ctx);
    db.setStatus({ code: SpanStatusCode.ERROR, message: 'connection reset' });
    logs.getLogger('ui-test').emit({ body: 'product lookup failed: connection reset', severityNumber: SeverityNumber.ERROR, severityText: 'ERROR', context: trace.setSpan(ctx, db) });
    db.end();
    root.end();
    traceId = root.spanContext().traceId;
    await Promise.all([tracer.forceFlush(), logs.forceFlush()]);
    await Promise.all([tracer.shutdown(), logs.shutdown()]);
    page = await browser.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await hub?.dispose();
  });

  it('finds the service in the services list and opens it', async () => {
    await page.goto(hub.apiUrl + '/');
    await page.getByRole('link', { name: 'storefront' }).click();
    await page.waitForURL(/\/services\/storefront/);
    await page.getByText('GET /product/:id').first().waitFor();
  });

  it("marks the service's deploys and incidents on its charts, naming each on hover", async () => {
    const finished = new Date(Date.now() - 5 * 60_000);
    const opened = new Date(Date.now() - 2 * 60_000);
    const res = await fetch(`${hub.apiUrl}/ingest/events`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        deployments: [{ id: 'ci:storefront:88', service: 'storefront', finishedAt: finished.toISOString(), commit: '9fceb02d0ae598e95dc970b74767f19372d61af8' }],
        incidents: [{ id: 'inc-88', service: 'storefront', status: 'triggered', at: opened.toISOString(), severity: 'SEV3', title: 'product pages slow' }],
      }),
    });
    expect(res.status).toBe(200);
    await page.goto(`${hub.apiUrl}/services/storefront`);
    const markers = page.getByTestId('chart-markers').locator('li');
    await markers.first().waitFor();
    expect(await markers.count()).toBe(2);
    expect(await markers.nth(0).innerText()).toContain('deploy 9fceb02');
    expect(await markers.nth(0).getAttribute('title')).toBe('deploy ci:storefront:88\nstorefront\nenvironment: production\nstatus: success\nkind: planned\ncommit: 9fceb02d0ae598e95dc970b74767f19372d61af8');
    expect(await markers.nth(1).innerText()).toContain('incident SEV3: product pages slow');
    expect(await markers.nth(1).getAttribute('data-kind')).toBe('incident');
  });

  it('shows the trace as a waterfall, nested, with the error highlighted and details on click', async () => {
    await page.goto(`${hub.apiUrl}/traces/${traceId}`);
    const rows = page.getByTestId('span-row');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(0).innerText()).toContain('GET /product/:id');
    expect(await rows.nth(1).innerText()).toContain('SELECT products');
    await rows.nth(1).click();
    const details = page.getByTestId('span-details');
    await details.waitFor();
    expect(await details.innerText()).toContain('SELECT * FROM products WHERE id = $1');
    expect(await details.innerText()).toContain('connection reset');
  });

  it('pivots from the trace to its logs and from a log line back to the trace', async () => {
    await page.goto(`${hub.apiUrl}/traces/${traceId}`);
    await page.getByRole('link', { name: /logs for this trace/i }).click();
    await page.waitForURL(/\/logs\?/);
    const row = page.getByTestId('log-row');
    await row.first().waitFor();
    expect(await row.count()).toBe(1);
    expect(await row.first().innerText()).toContain('product lookup failed');
    await page.getByRole('link', { name: /view trace/i }).first().click();
    await page.waitForURL(new RegExp(`/traces/${traceId}`));
    await page.getByTestId('span-row').first().waitFor();
  });
});
