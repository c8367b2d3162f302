/**
 * The trace search's latency chart in real Chromium against a real hub, spans of known
 * durations sent with the OTel SDK: each bucket's counts as the chart's legend reads them
 * under the cursor, and a drag across buckets that leaves exactly their traces in the list
 * and their range in the URL. Beside it, on the same hub, the small things of issue 10 that
 * show in the UI: the empty states name the OTLP port the hub listens on, the waterfall
 * gives each service its own colour with a legend, a service that began inside the range is
 * rated over the time since; and GET on the OTLP port is a 405.
 */
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServicesResult, TracesResult } from '../shared/api.js';
import { boxOf, browserSkipReason, launchChromium } from './support/browser.js';
import { eventually } from './support/eventually.js';
import { getJson, startHub, type RunningHub } from './support/hub.js';

const skip = browserSkipReason();
if (skip) console.warn(`skipping browser tests: ${skip}`);

/** one root span per trace, `ms` long; the key names its trace */
const spans: Record<string, { ms: number; error?: boolean }> = {
  fast1: { ms: 2.2 },
  fast2: { ms: 2.6 },
  mid1: { ms: 12 },
  mid2: { ms: 13, error: true },
  mid3: { ms: 14 },
  mid4: { ms: 17 },
  slow1: { ms: 120, error: true },
  slow2: { ms: 400 },
};

/**
 * Buckets 1, 1.5, 2, 3, 5, 7 × 10^k ns from the 2 ms one to the 300 ms one, as the legend
 * shows them: duration, spans, errors.
 */
const expectedBuckets = [
  ['2 ms – 3 ms', '2', '0'],
  ['3 ms – 5 ms', '0', '0'],
  ['5 ms – 7 ms', '0', '0'],
  ['7 ms – 10 ms', '0', '0'],
  ['10 ms – 15 ms', '3', '1'],
  ['15 ms – 20 ms', '1', '0'],
  ['20 ms – 30 ms', '0', '0'],
  ['30 ms – 50 ms', '0', '0'],
  ['50 ms – 70 ms', '0', '0'],
  ['70 ms – 100 ms', '0', '0'],
  ['100 ms – 150 ms', '1', '1'],
  ['150 ms – 200 ms', '0', '0'],
  ['200 ms – 300 ms', '0', '0'],
  ['300 ms – 500 ms', '1', '0'],
];

describe.skipIf(skip)('latency chart in Chromium', () => {
  let hub: RunningHub;
  let browser: Browser;
  let page: Page;
  const ids: Record<string, string> = {};
  let waterfallTrace = '';

  const provider = (service: string) =>
    new BasicTracerProvider({ resource: resourceFromAttributes({ 'service.name': service }), spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: `${hub.otlpUrl}/v1/traces` }))] });

  async function sendLatencySpans() {
    const tracer = provider('latency-ui');
    let at = Date.now() - 120_000;
    for (const [key, s] of Object.entries(spans)) {
      const span = tracer.getTracer('latency-ui').startSpan('GET /item', { kind: SpanKind.SERVER, startTime: (at += 1000) });
      if (s.error) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end(at + s.ms);
      ids[key] = span.spanContext().traceId;
    }
    await tracer.shutdown();
  }

  /** one trace across three services: web → cart → db, each span a child of the one before */
  async function sendWaterfallTrace() {
    const names = ['web', 'cart', 'db'];
    const providers = names.map(provider);
    let parent = context.active();
    const start = Date.now() - 60_000;
    const opened = providers.map((p, i) => {
      const span = p.getTracer('latency-ui').startSpan(`${names[i]} work`, { kind: i === 0 ? SpanKind.SERVER : SpanKind.CLIENT, startTime: start + i }, parent);
      parent = trace.setSpan(parent, span);
      return span;
    });
    for (const span of opened.reverse()) span.end(start + 50);
    waterfallTrace = opened[0]!.spanContext().traceId;
    await Promise.all(providers.map((p) => p.shutdown()));
  }

  beforeAll(async () => {
    [hub, browser] = await Promise.all([startHub(), launchChromium()]);
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  });

  afterAll(async () => {
    await browser?.close();
    await hub?.dispose();
  });

  it('names the OTLP port the hub listens on in the empty states, before any data', async () => {
    const port = new URL(hub.otlpUrl).port;
    await page.goto(`${hub.apiUrl}/services?from=now-1h&to=now%2B1m`);
    const snippet = page.getByTestId('otlp-endpoint');
    expect(await eventually(() => snippet.innerText(), (t) => !t.includes('…'))).toBe(`export OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:${port}
export OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf
export OTEL_SERVICE_NAME=my-service`);
    expect(await page.getByTestId('otlp-grpc-port').innerText()).toBe(hub.otlpGrpcAddress.split(':')[1]);
    await page.goto(`${hub.apiUrl}/adoption`);
    const hint = page.getByTestId('adoption-otlp-endpoint');
    expect(await eventually(() => hint.innerText(), (t) => !t.includes('…'))).toBe(`OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:${port}`);
  });

  it('answers GET on the OTLP port 405 with Allow: POST, not 404', async () => {
    const res = await fetch(`${hub.otlpUrl}/v1/traces`);
    expect([res.status, res.headers.get('allow'), ((await res.json()) as { message: string }).message]).toEqual([405, 'POST', 'GET /v1/traces: OTLP/HTTP takes POST only, with a protobuf or JSON export request']);
  });

  describe('with spans of known durations', () => {
    beforeAll(async () => {
      await Promise.all([sendLatencySpans(), sendWaterfallTrace()]);
      await eventually(() => getJson<TracesResult>(hub, '/api/v1/traces?from=now-1h&to=now%2B1m'), (r) => r.traces.length === 9);
    });

    const search = `from=now-1h&to=now%2B1m&service=%22latency-ui%22`;
    const traceIds = async () => (await page.getByTestId('trace-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-trace-id')))).sort();
    const waitForRows = (count: number) => page.waitForFunction((n) => document.querySelectorAll('[data-testid=trace-row]').length === n, count);
    const chart = () => page.getByTestId('latency-histogram');

    /** the centre of bucket i's bar: the x scale runs from −0.5 to n − 0.5 across the plot */
    async function bucketCentre(i: number): Promise<{ x: number; y: number }> {
      const box = await boxOf(chart().locator('.u-over'));
      return { x: box.x + ((i + 0.5) / expectedBuckets.length) * box.width, y: box.y + box.height / 2 };
    }

    it('shows each bucket with its exact span and error counts', async () => {
      await page.goto(`${hub.apiUrl}/traces?${search}`);
      await waitForRows(8);
      await page.waitForFunction((n) => document.querySelector('[data-testid=latency-histogram]')?.getAttribute('data-buckets') === String(n), expectedBuckets.length);
      expect(await page.getByTestId('latency-totals').innerText()).toBe('8 spans, 2 errors');
      const legend = chart().locator('.u-legend .u-value');
      const seen: string[][] = [];
      for (let i = 0; i < expectedBuckets.length; i++) {
        const { x, y } = await bucketCentre(i);
        await page.mouse.move(x, y);
        seen.push(await eventually(() => legend.allInnerTexts(), (v) => v[0] === expectedBuckets[i]![0]));
      }
      expect(seen).toEqual(expectedBuckets);
    });

    it('lists only the traces of the buckets a drag crosses, their range in the URL', async () => {
      // from the 10–15 ms bucket to the 15–20 ms one
      const from = await bucketCentre(4);
      const to = await bucketCentre(5);
      await page.mouse.move(from.x, from.y);
      await page.mouse.down();
      await page.mouse.move(to.x, to.y, { steps: 5 });
      await page.mouse.up();
      await page.waitForURL(/maxDurationMs=/);
      const url = new URL(page.url());
      expect([url.searchParams.get('minDurationMs'), url.searchParams.get('maxDurationMs')]).toEqual(['10', '20']);
      await waitForRows(4);
      expect(await traceIds()).toEqual([ids.mid1, ids.mid2, ids.mid3, ids.mid4].sort());
      expect(await page.getByTestId('latency-range').innerText()).toContain('10 ms – 20 ms');
      // the chart still shows every bucket of the search, the range shaded on it
      expect(await chart().getAttribute('data-buckets')).toBe(String(expectedBuckets.length));
    });

    it('takes a wider drag, and a reload of the URL keeps it', async () => {
      const from = await bucketCentre(3);
      const to = await bucketCentre(10);
      await page.mouse.move(from.x, from.y);
      await page.mouse.down();
      await page.mouse.move(to.x, to.y, { steps: 5 });
      await page.mouse.up();
      await page.waitForURL(/minDurationMs=7&/);
      expect(new URL(page.url()).searchParams.get('maxDurationMs')).toBe('150');
      await waitForRows(5);
      expect(await traceIds()).toEqual([ids.mid1, ids.mid2, ids.mid3, ids.mid4, ids.slow1].sort());
      await page.reload();
      await waitForRows(5);
      expect(await traceIds()).toEqual([ids.mid1, ids.mid2, ids.mid3, ids.mid4, ids.slow1].sort());
      // ✕ takes the range away again
      await page.getByRole('button', { name: 'Clear the duration range' }).click();
      await waitForRows(8);
      expect(new URL(page.url()).searchParams.has('minDurationMs')).toBe(false);
    });

    it('rates a service that began inside the range over the time since, and says so', async () => {
      const { services } = await getJson<ServicesResult>(hub, '/api/v1/services?from=now-1h&to=now');
      const svc = services.find((s) => s.name === 'latency-ui')!;
      // its first span started 119 s ago (the catalog saw it then too): 8 requests over those seconds, not over the hour
      expect(svc.requests).toBe(8);
      expect(svc.rateSeconds).toBeGreaterThan(119);
      expect(svc.rateSeconds).toBeLessThan(240);
      expect(svc.rate).toBeCloseTo(8 / svc.rateSeconds, 12);
      await page.goto(`${hub.apiUrl}/services?from=now-1h&to=now`);
      const note = page.locator('[data-testid=service-row][data-service=latency-ui] .rate-window');
      expect(await note.innerText()).toMatch(/^over \d+(\.\d+)? mins?$/);
    });

    it('gives each service of a trace its own colour, named in a legend', async () => {
      await page.goto(`${hub.apiUrl}/traces/${waterfallTrace}`);
      await page.waitForFunction(() => document.querySelectorAll('[data-testid=span-row]').length === 3);
      const legend = await page.getByTestId('service-legend-item').evaluateAll((items) => items.map((i) => [i.querySelector('.service')!.textContent, (i.querySelector('.dot') as HTMLElement).style.background, i.querySelector('.muted')!.textContent]));
      // each service with its span count
      expect(legend.map(([name, , spans]) => [name, spans])).toEqual([['cart', '1'], ['db', '1'], ['web', '1']]);
      expect(new Set(legend.map(([, colour]) => colour)).size).toBe(3);
      // every bar has its service's colour from the legend
      const colours = Object.fromEntries(legend.map(([name, colour]) => [name, colour]));
      const bars = await page.getByTestId('span-row').evaluateAll((rows) => rows.map((r) => [r.querySelector('.svc')!.textContent, (r.querySelector('.bar') as HTMLElement).style.background]));
      expect(bars).toEqual([['web', colours.web], ['cart', colours.cart], ['db', colours.db]]);
    });
  });
});
