/**
 * The Business lens in real Chromium against a real hub: orders sent to POST /ingest/business
 * around a deployment sent to POST /ingest/events show as a KPI chart with the deploy marker,
 * and the day before and after the deployment compare to the order.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSkipReason, launchChromium } from './support/browser.js';
import { startHub, type RunningHub } from './support/hub.js';

const skip = browserSkipReason();
if (skip) console.warn(`skipping browser tests: ${skip}`);

const H = 3_600_000;

describe.skipIf(skip)('Business lens in Chromium', () => {
  let hub: RunningHub;
  let browser: Browser;
  let page: Page;
  const deployedAt = Math.floor(Date.now() / H) * H - 12 * H;

  beforeAll(async () => {
    [hub, browser] = await Promise.all([startHub(), launchChromium()]);
    page = await browser.newPage();
  });

  afterAll(async () => {
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
});
