/**
 * The Infrastructure lens in real Chromium against a real hub: a span whose resource names its
 * host (OTel SDK, host.name and k8s.pod.name) leads from the trace waterfall to that host's
 * page, opened on the span's window, with the host's CPU chart from its system.cpu.utilization.
 */
import { SpanKind } from '@opentelemetry/api';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSkipReason, launchChromium } from './support/browser.js';
import { startHub, type RunningHub } from './support/hub.js';

const skip = browserSkipReason();
if (skip) console.warn(`skipping browser tests: ${skip}`);

describe.skipIf(skip)('Infrastructure lens in Chromium', () => {
  let hub: RunningHub;
  let browser: Browser;
  let page: Page;
  let traceId = '';
  let spanStartMs = 0;

  beforeAll(async () => {
    [hub, browser] = await Promise.all([startHub(), launchChromium()]);
    page = await browser.newPage();
    const tracer = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'storefront', 'host.name': 'node-7', 'k8s.pod.name': 'storefront-5c8' }),
      spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: `${hub.otlpUrl}/v1/traces` }))],
    });
    const span = tracer.getTracer('infra-test').startSpan('GET /cart', { kind: SpanKind.SERVER });
    span.end();
    traceId = span.spanContext().traceId;
    spanStartMs = Date.now();
    await tracer.shutdown();
    // what the Collector's hostmetrics receiver sends for the same machine
    const meters = new MeterProvider({
      resource: resourceFromAttributes({ 'host.name': 'node-7' }),
      readers: [new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter({ url: `${hub.otlpUrl}/v1/metrics` }), exportIntervalMillis: 60_000 })],
    });
    meters.getMeter('hostmetrics').createGauge('system.cpu.utilization').record(0.42, { 'cpu.mode': 'user' });
    await meters.shutdown();
  });

  afterAll(async () => {
    await browser?.close();
    await hub?.dispose();
  });

  it('goes from a span to the host it ran on, on the span\'s window, with its CPU', async () => {
    await page.goto(`${hub.apiUrl}/traces/${traceId}`);
    const rows = page.getByTestId('span-row');
    await rows.first().waitFor();
    await rows.first().click();
    const link = page.getByTestId('span-host');
    expect(await link.innerText()).toBe('Host node-7 (pod storefront-5c8)');
    await link.click();
    await page.waitForURL(/\/hosts\/node-7\?/);
    const url = new URL(page.url());
    // five minutes either side of the span, as the span's logs link
    expect(Number(url.searchParams.get('from'))).toBeGreaterThan(spanStartMs - 6 * 60_000);
    expect(Number(url.searchParams.get('to'))).toBeLessThan(spanStartMs + 6 * 60_000);
    expect(await page.getByTestId('host-name').innerText()).toBe('node-7');
    expect(await page.getByTestId('host-services').innerText()).toContain('storefront');
    await page.getByTestId('host-cpu').getByTestId('chart').waitFor();
    expect(await page.getByRole('link', { name: 'Hosts', exact: true }).first().isVisible()).toBe(true);
  });

  it('lists the host in the Infrastructure lens', async () => {
    await page.goto(`${hub.apiUrl}/`);
    await page.getByTestId('lens-infrastructure').click();
    await page.waitForURL(/\/hosts/);
    const row = page.getByTestId('host-row');
    await row.first().waitFor();
    expect((await row.first().innerText()).split('\t').slice(0, 3).map((c) => c.trim())).toEqual(['node-7', 'storefront', 'storefront-5c8']);
  });
});
