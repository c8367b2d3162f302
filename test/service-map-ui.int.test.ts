/**
 * The service map in real Chromium against a real hub fed by the OTel SDK
 * (test/support/service-map.ts): the map draws each call edge with its rate and error share,
 * a click on a service opens its page, whose Downstream and Upstream callers tables list its
 * calls; with nothing sent, the map says what to do.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSkipReason, launchChromium } from './support/browser.js';
import { startHub, type RunningHub } from './support/hub.js';
import { sendServiceMapScenario } from './support/service-map.js';

const skip = browserSkipReason();
if (skip) console.warn(`skipping browser tests: ${skip}`);

const baseSec = Math.floor(Date.now() / 1000) - 300;
/** 600 s around the calls: a rate is calls / 600 */
const range = `from=${(baseSec - 60) * 1000}&to=${(baseSec + 540) * 1000}`;

/** The table's rows as trimmed cell texts. */
const cells = (page: Page, testId: string) =>
  page.getByTestId(testId).evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent!.trim())));

describe.skipIf(skip)('Service map in Chromium', () => {
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

  it('says what to do when no service sent anything', async () => {
    await page.goto(`${hub.apiUrl}/map?${range}`);
    const empty = page.getByTestId('map-empty');
    await empty.waitFor();
    expect(await empty.locator('h2').innerText()).toBe('No services in this time range');
    expect(await empty.innerText()).toContain('Point an OpenTelemetry SDK or Collector at this hub');
  });

  it('draws every call edge with its rate and error share, and every service', async () => {
    await sendServiceMapScenario(hub.otlpUrl, baseSec);
    await page.goto(`${hub.apiUrl}/map?${range}`);
    await page.getByTestId('map-edge').first().waitFor();
    const edges = await page.getByTestId('map-edge').evaluateAll((gs) =>
      gs.map((g) => [g.getAttribute('data-source'), g.getAttribute('data-target'), g.querySelector('[data-testid="map-edge-label"]')!.textContent]),
    );
    expect(edges).toEqual([
      ['frontend', 'checkout', '0.0100 req/s · 16.7% err'],
      ['checkout', 'postgresql/orders', '0.00833 req/s · 20% err'],
      ['checkout', 'payments', '0.00667 req/s · 50% err'],
      ['payments', 'api.stripe.com', '0.00500 req/s'],
      ['checkout', 'inventory', '0.00333 req/s'],
    ]);
    const nodes = await page.getByTestId('map-node').evaluateAll((gs) => gs.map((g) => `${g.getAttribute('data-kind')} ${g.getAttribute('data-name')}`));
    expect(nodes).toEqual([
      'service checkout', 'service frontend', 'service inventory', 'service payments', 'service reports',
      'database postgresql/orders', 'external api.stripe.com',
    ]);
    expect(await page.getByTestId('map-count').innerText()).toBe('5 services · 5 edges');
    expect(await page.getByTestId('nav-map').getAttribute('aria-current')).toBe('page');
  });

  it('says why there are no edges when services sent spans but made no calls', async () => {
    // only reports' own span (50 s in) falls in these ten seconds
    await page.goto(`${hub.apiUrl}/map?from=${(baseSec + 45) * 1000}&to=${(baseSec + 55) * 1000}`);
    await page.getByTestId('map-no-calls').waitFor();
    expect(await page.getByTestId('map-no-calls').locator('h2').innerText()).toBe('No calls between services in this range');
    expect(await page.getByTestId('map-node').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-name')))).toEqual(['reports']);
    expect(await page.getByTestId('map-edge').count()).toBe(0);
  });

  it('opens a service from the map, with its downstream calls and upstream callers', async () => {
    await page.goto(`${hub.apiUrl}/map?${range}`);
    await page.locator('[data-testid="map-node"][data-name="checkout"] a').click();
    await page.waitForURL(/\/services\/checkout\?/);
    expect(new URL(page.url()).searchParams.get('from')).toBe(String((baseSec - 60) * 1000));
    await page.getByTestId('downstream-row').first().waitFor();
    expect(await cells(page, 'downstream-row')).toEqual([
      ['postgresql/orders', 'database', '5', '0.00833 req/s', '20%', '3 ms', '4.80 ms', '4.96 ms'],
      ['payments', 'service', '4', '0.00667 req/s', '50%', '5 ms', '7.70 ms', '7.94 ms'],
      ['inventory', 'service', '2', '0.00333 req/s', '0%', '3 ms', '3 ms', '3 ms'],
    ]);
    expect(await cells(page, 'upstream-row')).toEqual([['frontend', 'service', '6', '0.0100 req/s', '16.7%', '35 ms', '57.5 ms', '59.5 ms']]);
    // a callee service row leads to its page
    await page.getByTestId('downstream-table').getByRole('link', { name: 'payments' }).click();
    await page.waitForURL(/\/services\/payments\?/);
    await page.getByTestId('downstream-row').first().waitFor();
    expect((await cells(page, 'downstream-row')).map((r) => r.slice(0, 3))).toEqual([['api.stripe.com', 'external host', '3']]);
    expect((await cells(page, 'upstream-row')).map((r) => r.slice(0, 3))).toEqual([['checkout', 'service', '4']]);
  });
});
