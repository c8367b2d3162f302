/**
 * Charts that drive the investigation, in real Chromium against a real hub fed by the OTel
 * SDK at known times: a drag across a service chart puts the exact selected range in the URL
 * and the page follows it (and back); a click on a RED chart's bucket opens the traces of
 * exactly that bucket; a click on a log-volume bar narrows the lines to it; a metric chart
 * draws its exemplars as links to their traces.
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
import type { LogsResult, MetricsListResult, TracesResult } from '../shared/api.js';
import { boxOf, browserSkipReason, launchChromium } from './support/browser.js';
import { eventually } from './support/eventually.js';
import { getJson, startHub, type RunningHub } from './support/hub.js';

const skip = browserSkipReason();
if (skip) console.warn(`skipping browser tests: ${skip}`);

const MIN = 60_000;
/** a two-hour window, whole minutes, ending half an hour ago: the API's auto step is 60 s */
const from = Math.floor(Date.now() / MIN) * MIN - 150 * MIN;
const to = from + 120 * MIN;
const range = `from=${from}&to=${to}`;
/** bucket starts, ten minutes apart so each is a clear target on a chart */
const A = from + 30 * MIN;
const B = from + 40 * MIN;
const C = from + 50 * MIN;
const D = from + 100 * MIN;

/** [key, start ms, errored]: one server span (one trace) each */
const spans: Array<[string, number, boolean]> = [
  ['a1', A + 10_000, false],
  ['a2', A + 40_000, false],
  ['b1', B + 20_000, false],
  ['c1', C + 5_000, true],
  ['c2', C + 30_000, false],
  ['d1', D + 15_000, false],
];
/** log lines: [body, time ms] */
const lines: Array<[string, number]> = [
  ['cart opened', A + 5_000],
  ['cart priced', A + 50_000],
  ['order placed', B + 10_000],
  ['order shipped', D + 1_000],
];

describe.skipIf(skip)('charts in Chromium', () => {
  let hub: RunningHub;
  let browser: Browser;
  let page: Page;
  const traces: Record<string, string> = {};
  const spanIds: Record<string, string> = {};

  /** The spans and lines through the SDK's OTLP/protobuf exporters, each at its own time. */
  async function sendTelemetry() {
    const resource = resourceFromAttributes({ 'service.name': 'shop' });
    const tracer = new BasicTracerProvider({ resource, spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: `${hub.otlpUrl}/v1/traces` }))] });
    for (const [key, at, errored] of spans) {
      const span = tracer.getTracer('chart-ui').startSpan('POST /checkout', { kind: SpanKind.SERVER, startTime: at });
      if (errored) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end(at + 120);
      traces[key] = span.spanContext().traceId;
      spanIds[key] = span.spanContext().spanId;
    }
    const logs = new LoggerProvider({ resource, processors: [new SimpleLogRecordProcessor({ exporter: new OTLPLogExporter({ url: `${hub.otlpUrl}/v1/logs` }) })] });
    for (const [body, at] of lines) logs.getLogger('chart-ui').emit({ body, severityNumber: SeverityNumber.INFO, severityText: 'INFO', timestamp: at });
    await Promise.all([tracer.shutdown(), logs.shutdown()]);
  }

  /**
   * A histogram point with two exemplars linked to the traces of b1 and c1. The OTel JS SDK
   * (2.x, 3.x) records no exemplars and its OTLP serializer writes none, so the point is sent
   * as the OTLP/JSON an SDK that samples exemplars (Go, Java, Python) exports: a delta
   * histogram of the two observations, each exemplar carrying its span's ids.
   */
  async function sendHistogram() {
    const nanos = (ms: number) => String(BigInt(ms) * 1_000_000n);
    const exemplar = (key: string, at: number, value: number) => ({ timeUnixNano: nanos(at), asDouble: value, traceId: traces[key], spanId: spanIds[key] });
    const body = {
      resourceMetrics: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'shop' } }] },
          scopeMetrics: [
            {
              scope: { name: 'chart-ui' },
              metrics: [
                {
                  name: 'shop.checkout.duration',
                  unit: 'ms',
                  histogram: {
                    aggregationTemporality: 1,
                    dataPoints: [
                      { startTimeUnixNano: nanos(B), timeUnixNano: nanos(B + MIN), count: '1', sum: 250, bucketCounts: ['0', '1', '0'], explicitBounds: [100, 500], exemplars: [exemplar('b1', B + 20_000, 250)] },
                      { startTimeUnixNano: nanos(C), timeUnixNano: nanos(C + MIN), count: '1', sum: 450, bucketCounts: ['0', '1', '0'], explicitBounds: [100, 500], exemplars: [exemplar('c1', C + 5_000, 450)] },
                    ],
                  },
                },
              ],
            },
          ],
        },
      ],
    };
    const res = await fetch(`${hub.otlpUrl}/v1/metrics`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status).toBe(200);
  }

  beforeAll(async () => {
    [hub, browser] = await Promise.all([startHub(), launchChromium()]);
    await sendTelemetry();
    await sendHistogram();
    await eventually(() => getJson<TracesResult>(hub, `/api/v1/traces?${range}`), (r) => r.traces.length === spans.length);
    await eventually(() => getJson<LogsResult>(hub, `/api/v1/logs?${range}`), (r) => r.logs.length === lines.length);
    await eventually(() => getJson<MetricsListResult>(hub, `/api/v1/metrics?${range}`), (r) => r.metrics.length === 1);
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  });

  afterAll(async () => {
    await browser?.close();
    await hub?.dispose();
  });

  /** the plot area (uPlot's `.u-over`) of the chart titled `title`, once drawn */
  async function plotArea(title: string) {
    return boxOf(page.locator(`figure[aria-label="${title}"] .u-over`));
  }
  /** the client x of moment `ms` on a plot spanning [from, to) */
  const xOf = (box: { x: number; width: number }, ms: number) => box.x + ((ms - from) / (to - from)) * box.width;
  const searchParams = () => Object.fromEntries(new URL(page.url()).searchParams);
  const traceIds = async () => {
    await page.getByTestId('loading').waitFor({ state: 'detached' });
    return (await page.getByTestId('trace-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-trace-id')))).sort();
  };
  const requests = async (n: string) => {
    await page.waitForFunction((text) => document.querySelector('[data-testid=service-requests]')?.textContent === text, n);
    return page.getByTestId('service-requests').innerText();
  };

  it('puts the exact range dragged across a chart in the URL, reloads the page for it, and goes back', async () => {
    await page.goto(`${hub.apiUrl}/services/shop?${range}`);
    expect(await requests('6')).toBe('6');
    const box = await plotArea('Rate');
    // whole client pixels, about 25 and 55 minutes in: buckets A, B and C, not D
    const x0 = Math.round(xOf(box, from + 25 * MIN));
    const x1 = Math.round(xOf(box, from + 55 * MIN));
    const y = Math.round(box.y + box.height / 2);
    await page.mouse.move(x0, y);
    await page.mouse.down();
    await page.mouse.move(x1, y, { steps: 8 });
    await page.mouse.up();
    const at = (x: number) => Math.round(from + ((x - box.x) / box.width) * (to - from));
    await page.waitForURL((url) => url.searchParams.get('from') !== String(from));
    expect(new URL(page.url()).pathname).toBe('/services/shop');
    expect(searchParams()).toEqual({ from: String(at(x0)), to: String(at(x1)) });
    // a1, a2, b1, c1, c2: the requests of the selected range
    expect(await requests('5')).toBe('5');
    await page.goBack();
    expect(searchParams()).toEqual({ from: String(from), to: String(to) });
    expect(await requests('6')).toBe('6');
  });

  it("opens the traces of exactly the clicked bucket from the rate chart, and only its errors from the error chart's", async () => {
    await page.goto(`${hub.apiUrl}/services/shop?${range}`);
    let box = await plotArea('Rate');
    await page.mouse.click(xOf(box, B), box.y + box.height / 2);
    await page.waitForURL(/\/traces\?/);
    expect(searchParams()).toEqual({ service: '"shop"', from: String(B), to: String(B + MIN) });
    expect(await traceIds()).toEqual([traces.b1]);

    await page.goBack();
    box = await plotArea('Error ratio');
    await page.mouse.click(xOf(box, C), box.y + box.height / 2);
    await page.waitForURL(/\/traces\?/);
    expect(searchParams()).toEqual({ service: '"shop"', status: 'error', from: String(C), to: String(C + MIN) });
    expect(await traceIds()).toEqual([traces.c1]);
  });

  it('narrows the log search to the volume bar clicked', async () => {
    await page.goto(`${hub.apiUrl}/logs?${range}`);
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=log-row]').length === n, lines.length);
    await page.locator(`[data-testid=volume-bucket][data-time="${A}"]`).click();
    await page.waitForURL((url) => url.searchParams.get('from') === String(A));
    expect(searchParams()).toEqual({ from: String(A), to: String(A + MIN) });
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=log-row]').length === 2);
    expect((await page.locator('[data-testid=log-row] .body').allInnerTexts()).sort()).toEqual(['cart opened', 'cart priced']);
  });

  it("draws a histogram's exemplars on its chart, each a link to its trace", async () => {
    await page.goto(`${hub.apiUrl}/explore?${range}&metric=shop.checkout.duration&type=histogram`);
    const marks = page.getByTestId('chart-exemplar');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=chart-exemplar]').length === 2);
    expect(await marks.evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual([`/traces/${traces.b1}`, `/traces/${traces.c1}`]);
    // placed at their moments on the plot, the 450 ms one above the 250 ms one
    let box = await plotArea('shop.checkout.duration p50 / p95 / p99');
    const centre = async (i: number) => {
      const b = await boxOf(marks.nth(i));
      return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
    };
    expect(Math.abs((await centre(1)).x - xOf(box, C + 5_000))).toBeLessThan(2);
    expect((await centre(1)).y).toBeLessThan((await centre(0)).y);
    // a count is not in milliseconds: the exemplars move to the bottom edge
    await page.getByTestId('metric-agg').selectOption('count');
    box = await plotArea('shop.checkout.duration · count');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=chart-exemplar]').length === 2);
    expect(Math.abs((await centre(0)).x - xOf(box, B + 20_000))).toBeLessThan(2);
    expect(Math.abs((await centre(0)).y - (box.y + box.height - 4))).toBeLessThan(2);
    const c1 = marks.nth(1);
    await c1.click();
    await page.waitForURL(`**/traces/${traces.c1}`);
    expect(await page.getByTestId('trace-id').innerText()).toBe(traces.c1);
  });
});
