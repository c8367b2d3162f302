/**
 * Real Chromium against a real hub evaluating a real SLO: spans sent with the OTel SDK at a
 * 20% error rate burn a 99% availability SLO; the SLO list shows its overspent budget and
 * the spec directory's load error, and the SLO page shows the page tier firing.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SloDetail, SlosResult } from '../shared/api.js';
import { browserSkipReason, launchChromium } from './support/browser.js';
import { eventually } from './support/eventually.js';
import { getJson, startHub, type RunningHub } from './support/hub.js';

const skip = browserSkipReason();
if (skip) console.warn(`skipping SLO UI tests: ${skip}`);

const SLO_ID = 'ui-availability';
const SERVICE = 'slo-ui-shop';

/** 99% of non-error server spans; the default tiers (page-fast 14.4× over 1h/5m, …). */
const spec = `apiVersion: octolens/v1
kind: SLO
id: ${SLO_ID}
name: availability
service: ${SERVICE}
objective: 99
period: 30d
sli:
  spans:
    total: { kind: server }
    bad: { status: error }
`;

/** A typo the loader must name by file, line and column. */
const broken = `apiVersion: octolens/v1
kind: SLO
name: broken
service: ${SERVICE}
objectiv: 99.9
sli:
  spans:
    total: { kind: server }
    bad: { status: error }
`;

describe.skipIf(skip)('SLO pages in Chromium', () => {
  let hub: RunningHub;
  let browser: Browser;
  let page: Page;
  const sloDir = mkdtempSync(join(tmpdir(), 'octolens-slo-ui-'));

  beforeAll(async () => {
    writeFileSync(join(sloDir, 'shop.yaml'), spec);
    writeFileSync(join(sloDir, 'broken.yaml'), broken);
    [hub, browser] = await Promise.all([startHub({ env: { OCTOLENS_SLO_DIR: sloDir, OCTOLENS_SLO_INTERVAL_MS: '1000' } }), launchChromium()]);

    // 200 requests, every fifth an error: an error ratio of 20% is a 20× burn of a 1% budget,
    // past the page-fast threshold (14.4×). They start two minutes ago, so they fall in
    // finished minutes, which the engine evaluates (the current minute is left out).
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': SERVICE }),
      spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: `${hub.otlpUrl}/v1/traces` }))],
    });
    const tracer = provider.getTracer('slo-ui-test');
    const start = Date.now() - 120_000;
    for (let i = 0; i < 200; i++) {
      const at = start + i * 250;
      const span = tracer.startSpan('GET /cart', { kind: SpanKind.SERVER, startTime: at });
      if (i % 5 === 0) span.setStatus({ code: SpanStatusCode.ERROR, message: 'upstream timeout' });
      span.end(at + 20);
    }
    await provider.forceFlush();
    await provider.shutdown();

    const firing = (d: SloDetail) => d.tiers.some((t) => t.name === 'page-fast' && t.state === 'firing');
    const detail = await eventually(
      () => getJson<SloDetail>(hub, `/api/v1/slos/${encodeURIComponent(SLO_ID)}`).catch(() => undefined),
      (d) => d !== undefined && d.total === 200 && firing(d),
      90_000,
    );
    if (!detail || !firing(detail)) throw new Error(`the SLO did not burn as expected: ${JSON.stringify(detail)}\n${hub.output()}`);
    page = await browser.newPage();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await hub?.dispose();
    rmSync(sloDir, { recursive: true, force: true });
  });

  it('lists the SLO with an overspent budget bar, a critical status and the spec error of the broken file', async () => {
    await page.goto(`${hub.apiUrl}/slos`);
    const row = page.locator(`[data-testid="slo-row"][data-slo-id="${SLO_ID}"]`);
    await row.waitFor();
    const bar = row.getByTestId('budget-bar');
    expect(await bar.getAttribute('data-level')).toBe('overspent');
    // remaining = 1 − 0.2 / 0.01 = −19: shown as −1900.0%
    expect(await bar.innerText()).toContain('-1900.0%');
    expect(await row.getByTestId('slo-status').getAttribute('data-status')).toBe('critical');
    const errors = page.getByTestId('spec-errors');
    await errors.locator('summary').click();
    expect(await errors.innerText()).toMatch(/broken\.yaml:5:\d+/);

    const api = await getJson<SlosResult>(hub, '/api/v1/slos');
    expect(api.errors.some((e) => e.startsWith('broken.yaml:5:'))).toBe(true);
  });

  it('reloads the specs from the button', async () => {
    await page.goto(`${hub.apiUrl}/slos`);
    await page.getByTestId('slo-row').first().waitFor();
    const reload = page.waitForResponse((r) => r.url().endsWith('/api/v1/slos/reload') && r.request().method() === 'POST');
    await page.getByTestId('reload-specs').click();
    expect((await reload).ok()).toBe(true);
    await page.getByTestId('slo-row').first().waitFor();
    expect(await page.getByTestId('error').count()).toBe(0);
  });

  it('opens the SLO: tiles, both charts and the tier table with the page tier firing', async () => {
    await page.goto(`${hub.apiUrl}/slos`);
    await page.locator(`[data-slo-id="${SLO_ID}"]`).getByRole('link', { name: 'availability' }).click();
    await page.waitForURL(new RegExp(`/slos/${SLO_ID}$`));
    const tiers = page.getByTestId('tier-row');
    await tiers.first().waitFor();
    expect(await tiers.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-tier')))).toEqual(['page-fast', 'page-slow', 'ticket-fast', 'ticket-slow']);
    const pageFast = page.locator('[data-testid="tier-row"][data-tier="page-fast"]');
    expect(await pageFast.getByTestId('tier-state').getAttribute('data-state')).toBe('firing');
    expect(await pageFast.innerText()).toContain('1h / 5m');
    expect(await pageFast.innerText()).toContain('14.4×');
    expect(await page.getByTestId('tile-objective').innerText()).toBe('99%');
    expect(await page.getByTestId('tile-sli').innerText()).toBe('80.00%');
    await page.getByTestId('budget-chart').waitFor();
    await page.getByTestId('burn-chart').waitFor();
  });

  it('shows the firing alert on the alerts page, linked to its SLO', async () => {
    await page.goto(`${hub.apiUrl}/alerts`);
    // the SLO's alerts are grouped under a heading that links to it
    const group = page.locator(`[data-testid="alert-group"][data-group="slo:${SLO_ID}"]`);
    await group.locator('[data-testid="alert-row"][data-state="firing"]').first().waitFor();
    await group.getByTestId('alert-slo-link').click();
    await page.waitForURL(new RegExp(`/slos/${SLO_ID}$`));
    await page.getByTestId('tier-row').first().waitFor();
  });
});
