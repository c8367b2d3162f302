/**
 * The Platform lens's Adoption page in real Chromium against a real hub: the empty state while
 * the hub knows no service, then a catalog uploaded through POST /ingest/catalog and a span
 * through OTLP show up as the leadership tiles, each service's facts, level and score, the
 * team rollups and the daily trend; the team filter lives in the URL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSkipReason, launchChromium } from './support/browser.js';
import { startHub, type RunningHub } from './support/hub.js';

const skip = browserSkipReason();
if (skip) console.warn(`skipping browser tests: ${skip}`);

const catalog = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: checkout
  description: Takes the money
  annotations:
    backstage.io/source-template: template:default/node-service
spec: { type: service, lifecycle: production, owner: group:default/payments }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: search-api
spec: { type: service, lifecycle: production, owner: search }
`;

/** One OTLP/JSON server span of `service`, ending now. */
const span = (service: string) => ({
  resourceSpans: [
    {
      resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
      scopeSpans: [{ spans: [{ traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), name: 'GET /', kind: 2, startTimeUnixNano: String(BigInt(Date.now() - 1000) * 1_000_000n), endTimeUnixNano: String(BigInt(Date.now()) * 1_000_000n) }] }],
    },
  ],
});

/*
 * Default scorecard (8 checks). checkout: group owner ✓, description ✓, traces only (full
 * telemetry ✗), no deploys ✗, no SLO ✗, no runbook ✗, template ✓, cost ? → 3 of 8 = 37.5 %,
 * bronze. search-api: owner `search` (a group) ✓, no description → 1 of 8 = 12.5 %, no level.
 * Full telemetry 0 of 2 = 0 %; golden path 1 of 2 = 50 %; payments onboarded (checkout sent a
 * span), search not: 1 / 2.
 */
describe.skipIf(skip)('Adoption page in Chromium', () => {
  let hub: RunningHub;
  let browser: Browser;
  let page: Page;
  // an SLO directory of its own: the repository's slo-specs has examples for checkout
  const sloDir = mkdtempSync(join(tmpdir(), 'octolens-adoption-ui-'));
  const cells = async (row: ReturnType<Page['getByTestId']>) => (await row.innerText()).split('\t').map((c) => c.trim());

  beforeAll(async () => {
    [hub, browser] = await Promise.all([startHub({ env: { OCTOLENS_SLO_DIR: sloDir, OCTOLENS_DISCOVERY_INTERVAL_MS: '300', OCTOLENS_ADOPTION_INTERVAL_MS: '1000' } }), launchChromium()]);
    page = await browser.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await hub?.dispose();
    rmSync(sloDir, { recursive: true, force: true });
  });

  it('says where the facts come from while there is no service', async () => {
    await page.goto(`${hub.apiUrl}/adoption`);
    const empty = page.getByTestId('adoption-empty');
    await empty.waitFor();
    const text = await empty.innerText();
    expect(text).toContain('octolens import catalog');
    expect(text).toContain('backstage.io/source-template');
    expect(text).toContain('OCTOLENS_SCORECARDS');
  });

  it('shows figures, facts, levels and teams, from the Platform lens', async () => {
    const upload = await fetch(`${hub.apiUrl}/ingest/catalog?file=catalog-info.yaml`, { method: 'POST', headers: { 'Content-Type': 'application/yaml' }, body: catalog });
    expect(upload.status).toBe(200);
    const sent = await fetch(`${hub.otlpUrl}/v1/traces`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(span('checkout')) });
    expect(sent.status).toBe(200);

    await page.goto(`${hub.apiUrl}/catalog`);
    await page.getByTestId('lens-platform').waitFor();
    await page.getByTestId('nav-adoption').click();
    await page.waitForURL(/\/adoption/);
    const tile = (id: string) => page.getByTestId(`tile-${id}`).locator('strong');
    // onboarding follows service discovery (every 300 ms here): reload until it is seen
    await expect
      .poll(async () => {
        await page.reload();
        await page.getByTestId('tile-onboarded').waitFor();
        return tile('onboarded').innerText();
      }, { timeout: 20_000 })
      .toBe('1 / 2');
    expect([await tile('services').innerText(), await tile('full-telemetry').innerText(), await tile('golden-path').innerText()]).toEqual(['2', '0 %', '50 %']);

    const rows = page.getByTestId('adoption-service-row');
    expect(await rows.count()).toBe(2);
    expect(await cells(rows.nth(0))).toEqual(['checkout', 'payments', 'bronze', '37.5 %', '✓', '✓', '✗', '✓', '✗', '✗', '✗', '?', '✓', '✗']);
    expect(await cells(rows.nth(1))).toEqual(['search-api', 'search', 'none', '12.5 %', '✓', '✗', '✗', '✗', '✗', '✗', '✗', '?', '✗', '✗']);
    expect(await rows.nth(0).getByTestId('fact-goldenPath').getAttribute('title')).toBe('template:default/node-service');

    const month = new Date().toISOString().slice(0, 7);
    const teams = page.getByTestId('adoption-team-row');
    expect(await cells(teams.nth(0))).toEqual(['payments', '1', '0', '1', month, '37.5 %', '0 gold · 0 silver · 1 bronze · 0 none']);
    expect(await cells(teams.nth(1))).toEqual(['search', '1', '0', '0', '—', '12.5 %', '0 gold · 0 silver · 0 bronze · 1 none']);
    expect(await page.getByTestId('adoption-onboarded').innerText()).toContain(`${month}\t1\tpayments`);

    // the worker's snapshot of today (taken every second here): mean (37.5 + 12.5) / 2 = 25 %
    const today = new Date().toISOString().slice(0, 10);
    await expect
      .poll(async () => {
        await page.reload();
        await page.getByTestId('adoption-page').waitFor();
        const trend = page.getByTestId('adoption-trend-row');
        // the trend is fetched after the page shows: give a loaded page a moment before counting
        await trend.first().waitFor({ timeout: 3_000 }).catch(() => {});
        return (await trend.count()) === 0 ? [] : cells(trend.first());
      }, { timeout: 45_000 })
      .toEqual([today, '2', '0 %', '50 %', '25 %', '0 gold · 0 silver · 1 bronze · 1 none']);
  });

  it('shows platform usage events: actions, active teams, creation to first production deploy', async () => {
    expect(await page.getByTestId('usage-empty').innerText()).toContain('POST /ingest/events');
    // checkout created from a template 6 h before its first production deploy
    const created = Date.now() - 7 * 3_600_000;
    const res = await fetch(`${hub.apiUrl}/ingest/events`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        platform: [
          { id: 'tpl-1', type: 'template.executed', at: created, service: 'checkout', name: 'node-service' },
          { id: 'env-1', type: 'environment.created', at: created, team: 'search', name: 'preview-1' },
        ],
        deployments: [{ id: 'd-1', service: 'checkout', finishedAt: created + 6 * 3_600_000 }],
      }),
    });
    expect(res.status).toBe(200);
    await page.reload();
    await page.getByTestId('tile-actions').waitFor();
    const tile = (id: string) => page.getByTestId(`tile-${id}`).locator('strong');
    expect([await tile('actions').innerText(), await tile('active-teams').innerText(), await tile('time-to-deploy').innerText()]).toEqual(['2', '2', '6 h']);
    const week = page.getByTestId('usage-week-row');
    expect(await week.count()).toBe(1);
    expect((await cells(week.first())).slice(1)).toEqual(['2', '1 environment.created, 1 template.executed', 'payments, search']);
    expect((await cells(page.getByTestId('first-deploy-row').first())).filter((_, i) => i !== 2 && i !== 3)).toEqual(['checkout', 'payments', '6']);
  });

  it('narrows to one team, in the URL', async () => {
    await page.getByTestId('adoption-team-filter').selectOption('search');
    await page.waitForURL(/team=search/);
    await expect.poll(() => page.getByTestId('adoption-service-row').count(), { timeout: 15_000 }).toBe(1);
    expect((await cells(page.getByTestId('adoption-service-row').first()))[0]).toBe('search-api');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Platform adoption · search');
    expect(await page.getByTestId('tile-golden-path').locator('strong').innerText()).toBe('0 %');
    // the other teams stay in the filter
    expect(await page.getByTestId('adoption-team-filter').locator('option').allInnerTexts()).toEqual(['all teams', 'payments', 'search']);
  });
});
