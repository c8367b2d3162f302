import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSkipReason, launchChromium } from './support/browser.js';
import { startHub, type RunningHub } from './support/hub.js';

const skip = browserSkipReason();
if (skip) console.warn(`skipping browser tests: ${skip}`);

describe.skipIf(skip)('Incidents lens in Chromium', () => {
  let hub: RunningHub;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    [hub, browser] = await Promise.all([startHub(), launchChromium()]);
    page = await browser.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await hub?.dispose();
  });

  it('says how to send incidents while there are none', async () => {
    await page.goto(`${hub.apiUrl}/`);
    await page.getByTestId('lens-incidents').click();
    await page.waitForURL(/\/incidents/);
    await page.getByTestId('empty-state').waitFor();
    expect(await page.getByTestId('empty-state').innerText()).toContain('POST /ingest/events');
  });

  it('lists an incident sent to /ingest/events with its heuristic cause and opens its page with the merged timeline', async () => {
    const now = Date.now();
    const at = (minutesAgo: number) => new Date(now - minutesAgo * 60_000).toISOString();
    const res = await fetch(`${hub.apiUrl}/ingest/events`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        deployments: [{ id: 'ci:storefront:91', service: 'storefront', finishedAt: at(20), commit: '9fceb02d0ae598e95dc970b74767f19372d61af8' }],
        incidents: [
          { id: 'inc-91', service: 'storefront', status: 'triggered', at: at(12), severity: 'SEV2', title: 'checkout button dead' },
          { id: 'inc-91', service: 'storefront', status: 'acknowledged', at: at(8) },
        ],
      }),
    });
    expect(res.status).toBe(200);

    await page.goto(`${hub.apiUrl}/incidents?from=now-6h&to=now`);
    const row = page.getByTestId('incident-row');
    await row.first().waitFor();
    expect(await row.count()).toBe(1);
    expect(await row.getAttribute('data-status')).toBe('acknowledged');
    expect(await row.getByTestId('cause-method').textContent()).toBe('heuristic');
    expect(await page.getByTestId('tile-mtta').innerText()).toBe('4 min');
    expect(await page.getByTestId('tile-mttr').innerText()).toBe('–');

    // the status filter lives in the URL and narrows the list
    await page.getByTestId('incident-filters').locator('select[name=status]').selectOption('resolved');
    await page.getByTestId('incident-filters').getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/status=resolved/);
    await page.getByTestId('incidents-none').waitFor();
    await page.getByTestId('incident-filters').getByRole('button', { name: 'Clear' }).click();
    await row.first().waitFor();

    await page.getByTestId('incident-link').click();
    await page.waitForURL(/\/incidents\/inc-91/);
    await page.getByTestId('incident-timeline').waitFor();
    expect(await page.getByTestId('incident-title').innerText()).toBe('checkout button dead');
    expect(await page.getByTestId('incident-cause-method').innerText()).toBe('heuristic');
    expect(await page.getByTestId('incident-cause').innerText()).toContain('ci:storefront:91');
    const entries = page.getByTestId('timeline-entry');
    expect(await entries.allInnerTexts()).toEqual([
      expect.stringContaining('storefront deploy 9fceb02'),
      expect.stringContaining('incident triggered SEV2: checkout button dead'),
      expect.stringContaining('incident acknowledged SEV2: checkout button dead'),
    ]);
    expect(await entries.nth(0).getByTestId('timeline-cause').count()).toBe(1);
    // the error-rate chart draws the same entries as markers
    expect(await page.getByTestId('incident-page').getByText('storefront error ratio').count()).toBe(1);
  });
});
