/**
 * The Business lens in real Chromium against a real hub: orders sent to POST /ingest/business
 * around a deployment sent to POST /ingest/events show as a KPI chart with the deploy marker,
 * and the day before and after the deployment compare to the order. KPIs the OpenTelemetry SDK
 * sends as metrics (test/support/business-metrics.ts) chart by their kind, a counter's increase
 * and a gauge's mean per step, read off the chart's legend, and compare the same way.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boxOf, browserSkipReason, launchChromium } from './support/browser.js';
import { KPI_STEP_MS, sendBusinessKpis, type SentKpis } from './support/business-metrics.js';
import { startHub, type RunningHub } from './support/hub.js';

const skip = browserSkipReason();
if (skip) console.warn(`skipping browser tests: ${skip}`);

const H = 3_600_000;

describe.skipIf(skip)('Business lens in Chromium', () => {
  let hub: RunningHub;
  let browser: Browser;
  let page: Page;
  let sent: SentKpis | undefined;
  const deployedAt = Math.floor(Date.now() / H) * H - 12 * H;

  beforeAll(async () => {
    [hub, browser] = await Promise.all([startHub(), launchChromium()]);
    page = await browser.newPage();
  });

  afterAll(async () => {
    await sent?.shutdown();
    await browser?.close();
    await hub?.dispose();
  });

  it('says how to send KPIs while there are none', async () => {
    await page.goto(`${hub.apiUrl}/business`);
    const empty = page.getByTestId('business-empty');
    await empty.waitFor();
    expect(await empty.innerText()).toContain('/ingest/business');
  });

  it('charts a KPI with its deployments and compares the day before and after one', async () => {
    // 6 orders of 10 in the 12 h before the deploy, 4 of 25 in the 12 h after: 60 → 100, +40 (+66.7 %)
    const events = [
      ...Array.from({ length: 6 }, (_, i) => ({ name: 'orders.placed', value: 10, service: 'checkout', time: deployedAt - (i + 1) * H })),
      ...Array.from({ length: 4 }, (_, i) => ({ name: 'orders.placed', value: 25, service: 'checkout', time: deployedAt + (i + 1) * H })),
    ];
    const stored = await fetch(`${hub.apiUrl}/ingest/business`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ events }) });
    expect([stored.status, await stored.text()]).toEqual([200, '{"stored":10}']);
    const deploy = { deployments: [{ id: 'rel-42', service: 'checkout', finishedAt: new Date(deployedAt).toISOString(), commit: 'c0ffee1' }] };
    const deployed = await fetch(`${hub.apiUrl}/ingest/events`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(deploy) });
    expect([deployed.status, await deployed.text()]).toEqual([200, expect.any(String)]);

    await page.goto(`${hub.apiUrl}/?from=now-24h&to=now`);
    await page.getByTestId('lens-business').click();
    await page.waitForURL(/\/business/);
    const kpi = page.getByTestId('kpi');
    await kpi.first().waitFor();
    expect((await kpi.first().innerText()).replace(/\s+/g, ' ')).toBe('orders.placed 160 · 10 events');
    await kpi.first().click();
    await page.waitForURL(/kpi=orders.placed/);
    await page.getByTestId('chart').first().waitFor();
    const select = page.getByTestId('compare-deployment');
    await expect.poll(async () => (await select.locator('option').allInnerTexts()).length, { timeout: 15_000 }).toBe(2);
    await select.selectOption('rel-42');
    await page.waitForURL(/deployment=rel-42/);
    const change = page.getByTestId('comparison-change');
    await change.waitFor();
    expect(await change.innerText()).toBe('+40 (+66.7 %)');
  });

  it('charts metric KPIs by their kind, marks their deployment and compares them around it', async () => {
    const kpis = await sendBusinessKpis(hub);
    sent = kpis;
    // 20 minutes: the page's step is 10 s (a 120th), the grid the KPIs were sent on
    const from = kpis.before - 60 * KPI_STEP_MS;
    const to = kpis.before + 60 * KPI_STEP_MS;
    await page.goto(`${hub.apiUrl}/business?from=${from}&to=${to}`);
    const kpi = page.getByTestId('kpi');
    await kpi.first().waitFor();
    expect((await kpi.allInnerTexts()).map((t) => t.replace(/\s+/g, ' '))).toEqual(['business.cart_value gauge · OTLP metric', 'business.orders counter · OTLP metric']);

    /** the chart's legend shows `value` with the cursor on the step starting at `ms`, for each pair */
    const expectLegend = async (title: string, steps: Array<[number, string]>) => {
      const chart = page.locator(`figure[aria-label="${title}"]`);
      for (const [ms, value] of steps) {
        // measured again on every try: the page's layout can still shift (a scrollbar, the markers list) after the chart first draws
        await expect
          .poll(async () => {
            const box = await boxOf(chart.locator('.u-over'));
            await page.mouse.move(box.x + ((ms - from) / (to - from)) * box.width, box.y + box.height / 2);
            return (await chart.locator('.u-legend .u-value').allInnerTexts())[1];
          })
          .toBe(value);
      }
    };
    const compareWith = async (id: string) => {
      const select = page.getByTestId('compare-deployment');
      await expect.poll(async () => (await select.locator('option').allInnerTexts()).length, { timeout: 15_000 }).toBe(2);
      await select.selectOption(id);
      await page.waitForURL(new RegExp(`deployment=${id}`));
      await page.getByTestId('comparison').waitFor();
      return Promise.all(['comparison-measure', 'comparison-before', 'comparison-after', 'comparison-change'].map((t) => page.getByTestId(t).innerText()));
    };

    await kpi.filter({ hasText: 'business.orders' }).click();
    await page.waitForURL(/kpi=business.orders/);
    const orders = 'business.orders: increase per 10s';
    await page.locator(`figure[aria-label="${orders}"] .u-over`).waitFor();
    expect(await page.getByTestId('kpi-kind').innerText()).toBe('business.orders is a counter (OTLP monotonic sum): charted as its increase per step, compared by its increase.');
    await page.getByTestId('chart-markers').locator('li').first().waitFor();
    expect(await page.getByTestId('chart-markers').locator('li').allInnerTexts()).toEqual([expect.stringContaining('deploy f00dfee')]);
    await expectLegend(orders, [[kpis.before, '4'], [kpis.after, '6'], [kpis.after + KPI_STEP_MS, '–']]);
    expect(await compareWith(kpis.deploymentId)).toEqual(['(increase)', '4', '6', '+2 (+50 %)']);

    await kpi.filter({ hasText: 'business.cart_value' }).click();
    await page.waitForURL((url) => url.searchParams.get('kpi') === 'business.cart_value' && !url.searchParams.has('deployment'));
    const cart = 'business.cart_value: mean per 10s';
    await page.locator(`figure[aria-label="${cart}"] .u-over`).waitFor();
    expect(await page.getByTestId('kpi-kind').innerText()).toBe('business.cart_value is a gauge: charted as its mean per step, compared by its mean.');
    await expectLegend(cart, [[kpis.before, '50'], [kpis.after, '90']]);
    expect(await compareWith(kpis.deploymentId)).toEqual(['(mean)', '50', '90', '+40 (+80 %)']);
  });
});
