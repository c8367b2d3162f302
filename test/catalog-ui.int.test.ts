/**
 * The Catalog page (Platform lens) in real Chromium against a real hub: the empty state says
 * how to import; after an import and some telemetry it shows each service with its team and
 * whether it sends, the unowned services, and narrows to one team.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogResult, ServicesResult } from '../shared/api.js';
import { browserSkipReason, launchChromium } from './support/browser.js';
import { eventually } from './support/eventually.js';
import { getJson, startHub, type RunningHub } from './support/hub.js';

const skip = browserSkipReason();
if (skip) console.warn(`skipping browser tests: ${skip}`);

const testdata = resolve(import.meta.dirname, '../collectors/catalog/testdata');

const span = (service: string, i: number) => ({
  resourceSpans: [
    {
      resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
      scopeSpans: [
        {
          spans: [
            {
              traceId: (i + 1).toString(16).padStart(32, 'c'), spanId: (i + 1).toString(16).padStart(16, 'd'), name: 'GET /', kind: 2,
              startTimeUnixNano: String(BigInt(Date.now() - 1000) * 1_000_000n), endTimeUnixNano: String(BigInt(Date.now()) * 1_000_000n),
            },
          ],
        },
      ],
    },
  ],
});

describe.skipIf(skip)('Catalog page in Chromium', () => {
  let hub: RunningHub;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    [hub, browser] = await Promise.all([startHub({ env: { OCTOLENS_DISCOVERY_INTERVAL_MS: '300' } }), launchChromium()]);
    page = await browser.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await hub?.dispose();
  });

  it('says how to import while there is no catalog', async () => {
    await page.goto(`${hub.apiUrl}/catalog`);
    const empty = page.getByTestId('catalog-empty');
    await empty.waitFor();
    const text = await empty.innerText();
    expect(text).toContain('npx octolens import catalog ./my-repo --hub http://localhost:8080');
    expect(text).toContain('/ingest/catalog');
    expect(text).toContain('OCTOLENS_BACKSTAGE_URL');
    expect(page.url()).toContain('from=now-7d');
  });

  it('shows services with their teams, what sends and what is unowned, from the top navigation', async () => {
    const form = new FormData();
    for (const name of ['acme/catalog-info.yaml', 'acme/payments/catalog-info.yaml', 'acme/search/catalog-info.yaml']) {
      form.append('file', new Blob([readFileSync(join(testdata, name))]), name);
    }
    expect((await fetch(`${hub.apiUrl}/ingest/catalog?location=acme`, { method: 'POST', body: form })).status).toBe(200);
    for (const [i, service] of ['checkout', 'legacy-batch'].entries()) {
      const res = await fetch(`${hub.otlpUrl}/v1/traces`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(span(service, i)) });
      expect(res.status).toBe(200);
    }
    await eventually(() => getJson<ServicesResult>(hub, '/api/v1/services'), (r) => r.services.length === 2);
    // unowned comes from the services discovery saw, on its own interval: wait for it, not only for the spans
    await eventually(() => getJson<CatalogResult>(hub, '/api/v1/catalog'), (r) => r.unowned.length === 1 && r.dark.length === 3);

    await page.goto(`${hub.apiUrl}/`);
    await page.getByTestId('lens-platform').click();
    await page.waitForURL(/\/catalog/);
    const rows = page.getByTestId('catalog-service-row');
    await rows.first().waitFor();
    const tile = async (id: string) => (await page.getByTestId(`tile-${id}`).innerText()).split('\n').map((s) => s.trim());
    expect(await tile('services')).toEqual(['SERVICES', '5']);
    expect(await tile('teams')).toEqual(['TEAMS', '2']);
    expect(await tile('unowned')).toEqual(['UNOWNED', '1']);
    expect(await tile('dark')).toEqual(['DARK', '3']);
    expect(await page.getByTestId('catalog-count').innerText()).toBe('14 entities · 5 services · 2 teams');
    const cells = async () => (await rows.allInnerTexts()).map((r) => r.split('\t').map((c) => c.trim()));
    expect(await cells()).toEqual([
      ['checkout', 'payments', 'group:default/payments', 'service', 'production', 'system:default/payments-platform', 'sending'],
      ['ledger-svc (ledger)', 'payments', 'group:default/payments', 'service', 'production', 'system:default/payments-platform', 'dark'],
      ['money', 'payments', 'group:default/payments', 'library', 'production', '—', 'library'],
      ['recommender', 'payments', 'user:default/jdoe', 'service', 'experimental', '—', 'dark'],
      ['search-api', 'search', 'group:default/search', 'service', 'experimental', '—', 'dark'],
    ]);
    const unowned = page.getByTestId('unowned-row');
    expect(await unowned.count()).toBe(1);
    expect((await unowned.first().innerText()).split('\t')[0]).toBe('legacy-batch');
    expect(await page.getByTestId('owner-row').count()).toBe(4);
  });

  it('narrows the services to one team, in the URL', async () => {
    await page.getByTestId('catalog-team-filter').selectOption('search');
    await page.waitForURL(/team=search/);
    await expect.poll(() => page.getByTestId('catalog-service-row').count(), { timeout: 15_000 }).toBe(1);
    expect((await page.getByTestId('catalog-service-row').innerText()).split('\t')[0]).toBe('search-api');
  });
});
