/**
 * Real Chromium against a real hub whose SLO and alert rules fire on spans sent with the OTel
 * SDK: the alerts page groups the SLO's alerts, names each tier with its condition, shows
 * values in their own unit (a burn rate, the budget left in %, a latency in ms) and the
 * runbook; a silence made in the page is listed; an acknowledgement is shown. A silence made
 * before the alerts fire keeps its rule's alert out of the generic webhook, while its
 * unsilenced twin, handed over in the same evaluation, gets through.
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
import type { AlertsResult, SilenceInfo, SilencesResult } from '../shared/api.js';
import { startCaptureServer, type CaptureServer } from '../server/alerting/testing.js';
import type { WebhookBody } from '../server/alerting/webhook.js';
import { browserSkipReason, launchChromium } from './support/browser.js';
import { eventually } from './support/eventually.js';
import { getJson, startHub, type RunningHub } from './support/hub.js';

const skip = browserSkipReason();
if (skip) console.warn(`skipping alerts UI tests: ${skip}`);

const SERVICE = 'alerts-ui-shop';
const SLO_ID = 'alerts-ui-availability';
const RUNBOOK = 'https://runbooks.example.com/shop-availability';

/** 99% availability with the default tiers and the budget-exhausted alert; two identical latency rules. */
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
alerting:
  name: ShopAvailability
  budgetExhausted: true
  annotations: { runbook_url: "${RUNBOOK}" }
${['slow-cart', 'slow-cart-silenced']
  .map(
    (name) => `---
apiVersion: octolens/v1
kind: AlertRule
name: ${name}
service: ${SERVICE}
severity: ticket
query:
  spans: { kind: server }
  measure: p95
window: 5m
condition: "> 10ms"
`,
  )
  .join('')}`;

describe.skipIf(skip)('alerts page in Chromium', () => {
  let hub: RunningHub;
  let browser: Browser;
  let page: Page;
  let hook: CaptureServer;
  let silenced: SilenceInfo;
  const sloDir = mkdtempSync(join(tmpdir(), 'octolens-alerts-ui-'));
  const hooks = () => hook.requests.map((r) => r.json as WebhookBody);

  beforeAll(async () => {
    writeFileSync(join(sloDir, 'shop.yaml'), spec);
    hook = await startCaptureServer();
    [hub, browser] = await Promise.all([
      startHub({ env: { OCTOLENS_SLO_DIR: sloDir, OCTOLENS_SLO_INTERVAL_MS: '1000', OCTOLENS_ALERT_WEBHOOK_URL: `${hook.url}/hook` } }),
      launchChromium(),
    ]);

    // silenced before anything fires
    const res = await fetch(`${hub.apiUrl}/api/v1/silences`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ matchers: [{ label: 'alertname', op: '=', value: 'slow-cart-silenced' }], endsAt: 'now+1h', comment: 'known slow cart', createdBy: 'setup' }),
    });
    expect(res.status).toBe(201);
    silenced = (await res.json()) as SilenceInfo;

    // 200 requests of 20 ms, every fifth an error: a 20% error ratio burns a 1% budget at 20×,
    // past every default tier (14.4×, 6×, 3×, 1×) and 19 budgets past its end (1 − 20 = −19).
    // They start two minutes ago, in finished minutes the engine evaluates.
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': SERVICE }),
      spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: `${hub.otlpUrl}/v1/traces` }))],
    });
    const tracer = provider.getTracer('alerts-ui-test');
    const start = Date.now() - 120_000;
    for (let i = 0; i < 200; i++) {
      const at = start + i * 250;
      const span = tracer.startSpan('GET /cart', { kind: SpanKind.SERVER, startTime: at });
      if (i % 5 === 0) span.setStatus({ code: SpanStatusCode.ERROR, message: 'upstream timeout' });
      span.end(at + 20);
    }
    await provider.forceFlush();
    await provider.shutdown();

    const wanted = [`${SLO_ID}:page-fast`, `${SLO_ID}:budget-exhausted`, `rule:${SERVICE}-slow-cart`, `rule:${SERVICE}-slow-cart-silenced`];
    const all = await eventually(
      () => getJson<AlertsResult>(hub, '/api/v1/alerts').catch(() => undefined),
      (r) => r !== undefined && wanted.every((id) => r.alerts.some((a) => a.id === id && a.state === 'firing')),
      90_000,
    );
    if (!all || !wanted.every((id) => all.alerts.some((a) => a.id === id && a.state === 'firing'))) throw new Error(`alerts did not fire: ${JSON.stringify(all)}\n${hub.output()}`);
    page = await browser.newPage();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await hub?.dispose();
    await hook?.close();
    rmSync(sloDir, { recursive: true, force: true });
  });

  const row = (id: string) => page.locator(`[data-testid="alert-row"][data-alert-id="${id}"]`);

  it('a silence made before the alert fired keeps it out of the webhook; its twin gets through', async () => {
    const twin = `rule:${SERVICE}-slow-cart`;
    const posted = await eventually(async () => hooks(), (h) => h.some((b) => b.alerts.some((a) => a.octolens.id === twin)), 30_000);
    expect(posted.filter((b) => b.alerts.some((a) => a.octolens.id === twin)).map((b) => b.status)).toEqual(['firing']);
    // both rules are evaluated and handed over in one batch: the twin's post means the silenced one was left out
    expect(posted.some((b) => b.alerts.some((a) => a.octolens.id === `rule:${SERVICE}-slow-cart-silenced`))).toBe(false);
    const alerts = await getJson<AlertsResult>(hub, '/api/v1/alerts');
    expect(alerts.alerts.find((a) => a.id === `rule:${SERVICE}-slow-cart-silenced`)?.silencedBy).toEqual([silenced.id]);
  });

  it('groups the SLO alerts and names each tier with its condition, value in its unit and runbook', async () => {
    await page.goto(`${hub.apiUrl}/alerts`);
    const group = page.locator(`[data-testid="alert-group"][data-group="slo:${SLO_ID}"]`);
    await group.waitFor();
    expect(await group.getByTestId('alert-slo-link').innerText()).toBe(`${SERVICE} · availability`);
    const tiers = await group.getByTestId('alert-tier').allInnerTexts();
    expect(tiers.sort()).toEqual(['budget-exhausted', 'page-fast', 'page-slow', 'ticket-fast', 'ticket-slow']);

    const pageFast = row(`${SLO_ID}:page-fast`);
    expect(await pageFast.getByTestId('alert-kind').innerText()).toBe('SLO burn rate · ShopAvailability');
    expect(await pageFast.getByTestId('alert-condition').innerText()).toBe('> 14.4× over 1h and 5m');
    expect(await pageFast.getByTestId('alert-value').innerText()).toBe('20×');
    expect(await pageFast.getByTestId('alert-runbook').getAttribute('href')).toBe(RUNBOOK);
    expect(await row(`${SLO_ID}:ticket-slow`).getByTestId('alert-condition').innerText()).toBe('> 1× over 3d and 6h');

    const budget = row(`${SLO_ID}:budget-exhausted`);
    expect(await budget.getByTestId('alert-kind').innerText()).toBe('SLO budget exhausted · ShopAvailability');
    expect(await budget.getByTestId('alert-value').innerText()).toBe('-1900.0%');
    expect(await budget.getByTestId('alert-condition').innerText()).toBe('budget <= 0.0% of 30d');

    // a rule's p95 in seconds, shown in ms: every span took 20 ms
    const rule = row(`rule:${SERVICE}-slow-cart`);
    expect(await rule.getByTestId('alert-tier').innerText()).toBe('slow-cart');
    expect(await rule.getByTestId('alert-value').innerText()).toBe('20 ms');
    expect(await rule.getByTestId('alert-condition').innerText()).toBe('> 10 ms over 5m');
    expect(await row(`rule:${SERVICE}-slow-cart-silenced`).getByTestId('alert-silenced').innerText()).toBe('silenced');
  });

  it('creates a silence for an alert from its row, and lists it', async () => {
    await page.goto(`${hub.apiUrl}/alerts`);
    await row(`${SLO_ID}:page-fast`).waitFor();
    await page.getByTestId('operator-name').fill('ana');
    await row(`${SLO_ID}:page-fast`).getByTestId('alert-silence-button').click();
    expect(await page.getByTestId('silence-matchers').inputValue()).toBe(`octolens_alert="${SLO_ID}:page-fast"`);
    await page.getByTestId('silence-comment').fill('provider outage, on it');
    expect(await page.getByTestId('silence-creator').inputValue()).toBe('ana');
    const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/silences') && r.request().method() === 'POST');
    await page.getByTestId('silence-submit').click();
    expect((await created).status()).toBe(201);

    const listed = page.locator('[data-testid="silence-row"][data-state="active"]', { hasText: 'provider outage, on it' });
    await listed.waitFor();
    expect(await listed.getByTestId('silence-matchers-text').innerText()).toBe(`octolens_alert="${SLO_ID}:page-fast"`);
    expect(await listed.innerText()).toContain('ana');
    await row(`${SLO_ID}:page-fast`).getByTestId('alert-silenced').waitFor();

    const api = await getJson<SilencesResult>(hub, '/api/v1/silences');
    const mine = api.silences.find((s) => s.comment === 'provider outage, on it');
    expect(mine).toMatchObject({ createdBy: 'ana', state: 'active', matchers: [{ label: 'octolens_alert', op: '=', value: `${SLO_ID}:page-fast` }] });
    expect(Date.parse(mine!.endsAt) - Date.parse(mine!.startsAt)).toBe(2 * 3_600_000);
  });

  it('acknowledges an alert and shows who took it', async () => {
    await page.goto(`${hub.apiUrl}/alerts`);
    await page.getByTestId('operator-name').fill('bo');
    const target = row(`${SLO_ID}:page-slow`);
    await target.getByTestId('alert-ack-button').click();
    await target.getByTestId('alert-ack').waitFor();
    expect(await target.getByTestId('alert-ack').innerText()).toBe('acked by bo');
    const api = await getJson<AlertsResult>(hub, '/api/v1/alerts');
    expect(api.alerts.find((a) => a.id === `${SLO_ID}:page-slow`)?.ack?.by).toBe('bo');
  });

  it("says the budget is exhausted where the SLO page's tiers would give a time to exhaustion", async () => {
    await page.goto(`${hub.apiUrl}/slos/${SLO_ID}`);
    await page.getByTestId('tier-row').first().waitFor();
    expect(await page.getByTestId('tier-exhaustion').allInnerTexts()).toEqual(Array(4).fill('budget exhausted'));
    expect(await page.getByTestId('tile-exhaustion').innerText()).toBe('budget exhausted');
  });
});
