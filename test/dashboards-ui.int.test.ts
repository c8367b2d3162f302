/**
 * Dashboards as code and the metrics explorer in real Chromium against a real hub: constructed
 * OTLP points (a counter growing 60 and 30 every 30 s, so 2/s and 1/s) and log records sent
 * through the hub's OTLP endpoint; a dashboard YAML in OCTOLENS_DASHBOARDS_DIR renders its
 * panels with those exact figures, a broken file shows its file:line:column, and the explorer
 * charts the counter's rate with a filter, the query kept in the URL.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSkipReason, launchChromium } from './support/browser.js';
import { startHub, type RunningHub } from './support/hub.js';

const skip = browserSkipReason();
if (skip) console.warn(`skipping browser tests: ${skip}`);

const dashboard = `title: Shop overview
variables:
  - name: route
    source: values
    values: [/a, /b]
    default: /a
panels:
  - id: rate
    title: Requests per second
    chart: stat
    grid: { x: 0, y: 0, w: 8, h: 4 }
    query: { kind: metric, metric: shop.requests, agg: rate, filter: { route: $route } }
  - id: points
    title: Points by service
    chart: table
    grid: { x: 8, y: 0, w: 16, h: 4 }
    query:
      kind: sql
      sql: >-
        SELECT ServiceName AS service, count() AS points FROM otel_metrics_sum
        WHERE $__timeFilter(TimeUnix) AND MetricName = 'shop.requests' GROUP BY service
  - id: errors
    title: Error logs
    grid: { x: 0, y: 4, w: 24, h: 8 }
    query: { kind: logs, service: shop, severity: error }
`;
// line 4, column 5: the typo
const broken = `title: Broken
panels:
  - title: x
    titel: y
    grid: { x: 0, y: 0, w: 4, h: 4 }
    query: { kind: logs }
`;

const text = (value: string) => ({ stringValue: value });
const ns = (ms: number) => `${BigInt(ms) * 1_000_000n}`;

describe.skipIf(skip)('dashboards and the metrics explorer in Chromium', () => {
  let hub: RunningHub;
  let browser: Browser;
  let page: Page;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'octolens-dashboards-ui-'));
    writeFileSync(join(dir, 'shop.yaml'), dashboard);
    writeFileSync(join(dir, 'broken.yaml'), broken);
    [hub, browser] = await Promise.all([startHub({ env: { OCTOLENS_DASHBOARDS_DIR: dir } }), launchChromium()]);
    page = await browser.newPage();
    // twenty points a route, 30 s apart, ending a minute ago
    const start = Math.floor(Date.now() / 60_000) * 60_000 - 11 * 60_000;
    const points = (route: string, perStep: number) =>
      Array.from({ length: 20 }, (_, k) => ({
        attributes: [{ key: 'route', value: text(route) }],
        startTimeUnixNano: ns(start - 3_600_000),
        timeUnixNano: ns(start + 30_000 * k),
        asInt: String(perStep * (k + 1)),
      }));
    const metrics = await fetch(`${hub.otlpUrl}/v1/metrics`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        resourceMetrics: [
          {
            resource: { attributes: [{ key: 'service.name', value: text('shop') }] },
            scopeMetrics: [{ scope: { name: 'ui-test' }, metrics: [{ name: 'shop.requests', unit: '{request}', sum: { aggregationTemporality: 2, isMonotonic: true, dataPoints: [...points('/a', 60), ...points('/b', 30)] } }] }],
          },
        ],
      }),
    });
    expect(metrics.status).toBe(200);
    const record = (severityNumber: number, body: string) => ({ timeUnixNano: ns(start + 60_000), severityNumber, body: text(body) });
    const logs = await fetch(`${hub.otlpUrl}/v1/logs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        resourceLogs: [
          {
            resource: { attributes: [{ key: 'service.name', value: text('shop') }] },
            scopeLogs: [{ scope: { name: 'ui-test' }, logRecords: [record(17, 'card declined'), record(17, 'timeout'), record(21, 'crash'), record(9, 'fine')] }],
          },
        ],
      }),
    });
    expect(logs.status).toBe(200);
  });

  afterAll(async () => {
    await browser?.close();
    await hub?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('lists the dashboards, and a broken file with its file:line:column', async () => {
    await page.goto(`${hub.apiUrl}/`);
    await page.getByTestId('nav-dashboards').click();
    await page.getByTestId('dashboard-row').first().waitFor();
    expect(await page.getByTestId('dashboard-row').allInnerTexts()).toEqual(['Shop overview\t\t\t3\tshop.yaml']);
    expect(await page.getByTestId('dashboard-error').allInnerTexts()).toEqual(['broken.yaml:4:5: panels[0].titel: unknown field "titel" (did you mean "title"?)']);
  });

  it('renders the panels with their exact values, and a variable from the URL', async () => {
    await page.getByRole('link', { name: 'Shop overview' }).click();
    await page.waitForURL(/\/dashboards\/shop/);
    const stat = page.locator('[data-panel="rate"]').getByTestId('panel-stat');
    await stat.waitFor();
    expect(await stat.innerText()).toBe('2');
    const table = page.locator('[data-panel="points"]').getByTestId('panel-table');
    await table.waitFor();
    expect((await table.locator('tbody tr').allInnerTexts()).map((r) => r.split('\t'))).toEqual([['shop', '40']]);
    const errors = page.locator('[data-panel="errors"]').getByTestId('series-row');
    await errors.waitFor();
    // ERROR and FATAL, not INFO, all in one bucket: the largest count is 3
    expect((await errors.innerText()).split('\t').map((c) => c.trim())).toEqual(['shop', '0', expect.any(String), '3']);

    await page.getByTestId('variable-route').selectOption('/b');
    await page.waitForURL(/var-route=%2Fb/);
    await expect.poll(() => stat.innerText()).toBe('1');
    await page.reload();
    await stat.waitFor();
    expect(await stat.innerText()).toBe('1');
  });

  it('charts a counter\'s rate in the metrics explorer with a filter, and keeps the query in the URL', async () => {
    await page.goto(`${hub.apiUrl}/`);
    await page.getByTestId('nav-metrics').click();
    await page.waitForURL(/\/explore/);
    await page.getByTestId('metric-search').fill('shop');
    await page.getByTestId('metric-option').filter({ hasText: 'shop.requests' }).click();
    await page.waitForURL(/metric=shop\.requests/);
    expect(await page.getByTestId('metric-option').filter({ hasText: 'shop.requests' }).innerText()).toContain('sum');
    await page.getByTestId('series-row').first().waitFor();
    expect(await page.getByTestId('series-name').allInnerTexts()).toEqual(['shop.requests']);
    // both routes, one series: 2 + 1 per second
    expect(await page.getByTestId('series-last').allInnerTexts()).toEqual(['3']);

    await page.getByTestId('filter-key').selectOption('route');
    await page.getByTestId('filter-value').fill('/b');
    await expect.poll(() => page.getByTestId('filter-suggestions').locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).toEqual(['/b']);
    await page.getByTestId('filter-add').click();
    await page.waitForURL(/filter=route%3D%2Fb/);
    await expect.poll(() => page.getByTestId('series-last').allInnerTexts()).toEqual(['1']);
    expect(await page.getByTestId('filter-chip').locator('code').allInnerTexts()).toEqual(['route=/b']);

    await page.reload();
    await page.getByTestId('series-row').first().waitFor();
    expect(await page.getByTestId('series-last').allInnerTexts()).toEqual(['1']);
    await page.getByTestId('metric-group-by').selectOption('route');
    await page.waitForURL(/groupBy=route/);
    await expect.poll(() => page.getByTestId('series-name').allInnerTexts()).toEqual(['route=/b']);
  });
});
