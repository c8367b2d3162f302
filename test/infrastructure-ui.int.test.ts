/**
 * The Infrastructure lens in real Chromium against a real hub: a span whose resource names its
 * host (OTel SDK, host.name and k8s.pod.name) leads from the trace waterfall to that host's
 * page, opened on the span's window, with the host's CPU chart from its system.cpu.utilization
 * and its pod from kubeletstats names (all OTLP).
 * A node_exporter and cAdvisor host remote-written (snappy protobuf, as Prometheus sends it)
 * shows its saturation on the hosts list and its page, its pods, and its logs (OTel SDK).
 */
import { SpanKind } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSkipReason, launchChromium } from './support/browser.js';
import { startHub, type RunningHub } from './support/hub.js';
import { encodeWrite, remoteWriteHeaders } from '../collectors/prometheus/testing.js';
import { cadvisorSeries, nodeExporterSeries } from '../server/api/routes/hosts/node-exporter-fixture.js';

const HOUR = 3_600_000;
/** node-exporter-fixture.ts's scrapes end at base + 3 h, the start of this hour */
const base = Math.floor(Date.now() / HOUR) * HOUR - 3 * HOUR;
const promRange = `from=${base + 2 * HOUR}&to=${base + 3 * HOUR + 60_000}`;

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
    // and what its kubeletstats receiver sends for the pod, named by the node only
    const kubelet = new MeterProvider({
      resource: resourceFromAttributes({ 'k8s.node.name': 'node-7', 'k8s.namespace.name': 'shop', 'k8s.pod.name': 'storefront-5c8' }),
      readers: [new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter({ url: `${hub.otlpUrl}/v1/metrics` }), exportIntervalMillis: 60_000 })],
    });
    const kubeletMeter = kubelet.getMeter('kubeletstats');
    kubeletMeter.createGauge('k8s.pod.cpu.usage').record(0.25);
    kubeletMeter.createGauge('k8s.pod.memory.working_set').record(128 * 2 ** 20);
    await kubelet.shutdown();
    // prom-1: what Prometheus remote-writes for node_exporter and cAdvisor on that machine
    const write = await fetch(`${hub.apiUrl}/api/v1/write`, {
      method: 'POST',
      headers: remoteWriteHeaders,
      body: encodeWrite({ timeseries: [...nodeExporterSeries(base), ...cadvisorSeries(base)] }),
    });
    expect(write.status).toBe(204);
    // a log record from prom-1 and one from node-7 in prom-1's window, which its page must not
    // list; and one from node-7 now, inside the hosts list's default last hour whatever the clock
    const scrapeEnd = base + 2 * HOUR + 59 * 60_000;
    const records = [['prom-1', '/var is filling up', scrapeEnd], ['node-7', 'cart saved', scrapeEnd], ['node-7', 'cart saved', Date.now()]] as const;
    for (const [host, body, timestamp] of records) {
      const provider = new LoggerProvider({
        resource: resourceFromAttributes({ 'service.name': 'agent', 'host.name': host }),
        processors: [new SimpleLogRecordProcessor({ exporter: new OTLPLogExporter({ url: `${hub.otlpUrl}/v1/logs` }) })],
      });
      provider.getLogger('infra-test').emit({ body, severityNumber: SeverityNumber.WARN, severityText: 'WARN', timestamp });
      await provider.shutdown();
    }
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
    expect(await page.getByTestId('host-cpu').getAttribute('data-source')).toBe('otel');
    expect(await page.getByRole('link', { name: 'Hosts', exact: true }).first().isVisible()).toBe(true);
    const pod = await page.getByTestId('pod-row').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].slice(0, 4).map((c) => c.textContent?.trim())));
    expect(pod).toEqual([['shop', 'storefront-5c8', '250 m', '128 MiB']]);
  });

  it('lists the host in the Infrastructure lens', async () => {
    await page.goto(`${hub.apiUrl}/`);
    await page.getByTestId('lens-infrastructure').click();
    await page.waitForURL(/\/hosts/);
    const row = page.getByTestId('host-row');
    await row.first().waitFor();
    expect((await row.first().innerText()).split('\t').slice(0, 4).map((c) => c.trim())).toEqual(['node-7', 'ok', 'agent, storefront', 'storefront-5c8']);
  });

  it('marks a saturated host on the list with what is saturated', async () => {
    await page.goto(`${hub.apiUrl}/hosts?${promRange}`);
    const row = page.getByTestId('host-row').filter({ hasText: 'prom-1' });
    await row.waitFor();
    expect(await row.getAttribute('class')).toContain('saturated');
    expect(await row.getByTestId('saturation-mark').allInnerTexts()).toEqual(['⚠ memory ≥ 90 % for 5 min', '⚠ disk /var full in 4 h']);
  });

  it("shows a node_exporter host's charts, saturation, pods and logs", async () => {
    await page.goto(`${hub.apiUrl}/hosts/prom-1?${promRange}`);
    await page.getByTestId('host-pods').waitFor();
    expect(await page.getByTestId('host-page').getByTestId('saturation-mark').allInnerTexts()).toEqual(['⚠ memory ≥ 90 % for 5 min', '⚠ disk /var full in 4 h']);
    const pods = await page.getByTestId('pod-row').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].slice(0, 4).map((c) => c.textContent?.trim())));
    expect(pods).toEqual([
      ['kube-system', 'coredns-1', '–', '64 MiB'],
      ['shop', 'cart-1', '750 m', '256 MiB'],
    ]);
    for (const panel of ['host-cpu', 'host-memory', 'host-disk', 'host-network']) {
      await page.getByTestId(panel).getByTestId('chart').waitFor();
      expect(await page.getByTestId(panel).getAttribute('data-source')).toBe('node_exporter');
    }
    const varRow = page.getByTestId('filesystem-row').filter({ hasText: '/var' });
    expect(await varRow.getByTestId('full-in').innerText()).toBe('4 h 0 min');
    expect(await varRow.getByTestId('full-soon').innerText()).toBe('within 24 h');
    expect(await varRow.getAttribute('class')).toContain('soon');
    const logs = page.getByTestId('host-logs');
    await logs.getByTestId('log-row').first().waitFor();
    expect(await logs.getByTestId('log-row').allInnerTexts()).toEqual([expect.stringContaining('/var is filling up')]);
    await logs.getByTestId('host-logs-link').click();
    await page.waitForURL(/\/logs\?/);
    expect(new URL(page.url()).searchParams.get('filter')).toBe('resource.host.name=prom-1');
    // the logs page applies the same filter: node-7's record is not there
    const listed = page.getByTestId('logs-list').getByTestId('log-row');
    await listed.first().waitFor();
    expect(await listed.allInnerTexts()).toEqual([expect.stringContaining('/var is filling up')]);
  });
});
