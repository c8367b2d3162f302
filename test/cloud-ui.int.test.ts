/**
 * The Cloud page in real Chromium against a real hub: the empty state says how to import; after
 * the FOCUS sample is imported (with the sample's allocation rules) it shows the breakdown by
 * team to the cent (the figures test/cost.int.test.ts checks by hand), other dimensions, a
 * second currency, the month trend, and one team's services with its shares of shared costs.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSkipReason, launchChromium } from './support/browser.js';
import { startHub, type RunningHub } from './support/hub.js';

const skip = browserSkipReason();
if (skip) console.warn(`skipping browser tests: ${skip}`);

const testdata = resolve(import.meta.dirname, '../collectors/focus/testdata');
const range = 'from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z';

describe.skipIf(skip)('Cloud page in Chromium', () => {
  let hub: RunningHub;
  let browser: Browser;
  let page: Page;

  const rows = async (testId = 'cost-row') => {
    await page.getByTestId(testId).first().waitFor();
    return (await page.getByTestId(testId).allInnerTexts()).map((t) => t.split('\t').map((c) => c.trim()));
  };

  beforeAll(async () => {
    // the sample's rules plus a budget, shown for this month (nothing charged yet: forecast 0)
    const dir = mkdtempSync(join(tmpdir(), 'octolens-cloud-ui-'));
    writeFileSync(join(dir, 'rules.yaml'), `${readFileSync(join(testdata, 'cost-rules.yaml'), 'utf8')}\nbudgets:\n  - { team: payments, monthly: 5000 }\n`);
    [hub, browser] = await Promise.all([startHub({ env: { OCTOLENS_COST_RULES: join(dir, 'rules.yaml') } }), launchChromium()]);
    page = await browser.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await hub?.dispose();
  });

  it('says how to import while the range holds no cost, on 90 days', async () => {
    await page.goto(`${hub.apiUrl}/cloud`);
    const empty = page.getByTestId('cloud-empty');
    await empty.waitFor();
    const text = await empty.innerText();
    expect(text).toContain('npx octolens import focus focus-2026-11.csv.gz --hub http://localhost:8080');
    expect(text).toContain('/ingest/cost/focus');
    expect(text).toContain('OCTOLENS_COST_RULES');
    expect(page.url()).toContain('from=now-90d');
  });

  it('shows the breakdown by team to the cent, reached from the top navigation', async () => {
    const res = await fetch(`${hub.apiUrl}/ingest/cost/focus`, { method: 'POST', headers: { 'Content-Type': 'text/csv' }, body: readFileSync(join(testdata, 'focus-sample.csv')) });
    expect(res.status).toBe(200);
    await page.goto(`${hub.apiUrl}/?${range}`);
    await page.getByTestId('lens-cloud').click();
    await page.waitForURL(/\/cloud/);
    expect(await rows()).toEqual([
      ['payments', '132.79', '132.79', '47.1%'],
      ['search', '119.42', '73.92', '42.3%'],
      ['platform', '17.69', '17.69', '6.3%'],
      ['unallocated', '12.25', '120.00', '4.3%'],
    ]);
    expect(await page.getByTestId('tile-effective').innerText()).toContain('282.16 USD');
    expect(await page.getByTestId('tile-billed').innerText()).toContain('344.40 USD');
    expect(await page.getByTestId('tile-unallocated').innerText()).toContain('12.25 USD');
    expect(await rows('trend-row')).toEqual([['2026-11', '', '282.16', '344.40']]);
    expect(await rows('budget-row')).toEqual([['payments', '5000.00 USD', '0.00', '0.00', '0.0%', 'no usage yet']]);
    // a few days of charges make no 14-day baseline; no service sent spans, so no cost per request
    await page.getByTestId('cost-anomalies').locator('p').waitFor();
    expect(await page.getByTestId('cost-anomalies').innerText()).toContain('No day in this range grew past its 14-day baseline');
    expect(await rows('unit-row')).toEqual([['checkout', '123.40', '0', '—']]);
  });

  it('groups by provider, switches currency, and keeps both in the URL', async () => {
    await page.getByTestId('groupby-provider').click();
    await page.waitForURL(/groupBy=provider/);
    await page.getByText('Microsoft').waitFor();
    expect(await rows()).toEqual([
      ['AWS', '219.50', '281.75', '77.8%'],
      ['Microsoft', '62.66', '62.66', '22.2%'],
    ]);
    await page.getByTestId('cloud-currency').selectOption('EUR');
    await page.waitForURL(/currency=EUR/);
    await page.getByText('Google Cloud').waitFor();
    expect(await rows()).toEqual([['Google Cloud', '50.00', '50.00', '100.0%']]);
  });

  it("opens one team's services with its shares of shared costs", async () => {
    await page.goto(`${hub.apiUrl}/cloud?${range}`);
    await page.getByRole('link', { name: 'payments' }).click();
    await page.waitForURL(/team=payments/);
    await page.getByRole('cell', { name: 'shared:support', exact: true }).first().waitFor();
    expect(await rows()).toEqual([
      ['checkout', '123.40', '123.40', '92.9%'],
      ['shared:support', '10.00', '10.00', '7.5%'],
      ['shared:tax', '9.39', '9.39', '7.1%'],
      ['unallocated', '-10.00', '-10.00', '-7.5%'],
    ]);
    expect(await page.getByTestId('cloud-team').innerText()).toContain('team payments');
  });
});
