/**
 * The Platform lens's Privacy page in real Chromium against a real hub: the empty state says
 * what is scrubbed and how to extend it; once a span with an Authorization attribute and a
 * log with an e-mail address have been sent over OTLP, the daily report shows today's row per
 * service with its counts by kind, and the totals.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSkipReason, launchChromium } from './support/browser.js';
import { startHub, type RunningHub } from './support/hub.js';

const skip = browserSkipReason();
if (skip) console.warn(`skipping browser tests: ${skip}`);

const nowNs = () => String(BigInt(Date.now()) * 1_000_000n);
const resource = (service: string) => ({ attributes: [{ key: 'service.name', value: { stringValue: service } }] });
const str = (key: string, value: string) => ({ key, value: { stringValue: value } });

describe.skipIf(skip)('Privacy page in Chromium', () => {
  let hub: RunningHub;
  let browser: Browser;
  let page: Page;
  const cells = async (row: ReturnType<Page['getByTestId']>) => (await row.innerText()).split('\t').map((c) => c.trim());

  beforeAll(async () => {
    [hub, browser] = await Promise.all([startHub(), launchChromium()]);
    page = await browser.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.dispose();
  });

  it('explains what is scrubbed while nothing was', async () => {
    await page.goto(`${hub.apiUrl}/privacy`);
    const text = await page.getByTestId('privacy-empty').innerText();
    expect(text).toContain('Nothing redacted in the last 30 days');
    expect(text).toContain('[REDACTED:kind]');
    expect(text).toContain('OCTOLENS_SCRUB_PATTERNS');
  });

  it('shows the daily report per service and kind, from the Platform lens', async () => {
    const traces = { resourceSpans: [{ resource: resource('checkout'), scopeSpans: [{ spans: [{ traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), name: 'POST /pay', kind: 2, startTimeUnixNano: nowNs(), endTimeUnixNano: nowNs(), attributes: [str('Authorization', 'Bearer abcdefgh12345678'), str('enduser.email', 'ann@example.org')] }] }] }] };
    const logs = { resourceLogs: [{ resource: resource('billing'), scopeLogs: [{ logRecords: [{ timeUnixNano: nowNs(), body: { stringValue: 'receipt sent to bob@example.org and cy@example.org' } }] }] }] };
    for (const [path, body] of [['/v1/traces', traces], ['/v1/logs', logs]] as const) {
      const res = await fetch(`${hub.otlpUrl}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      expect(res.status).toBe(200);
    }

    await page.goto(`${hub.apiUrl}/catalog`);
    await page.getByTestId('lens-platform').click();
    await page.getByTestId('nav-privacy').click();
    await page.waitForURL(/\/privacy/);
    const rows = page.getByTestId('privacy-row');
    await rows.first().waitFor();
    const today = new Date().toISOString().slice(0, 10);
    expect(await rows.count()).toBe(2);
    expect(await cells(rows.nth(0))).toEqual([today, 'billing', '2', 'email 2']);
    expect(await cells(rows.nth(1))).toEqual([today, 'checkout', '2', 'email 1 · key 1']);
    expect((await page.getByTestId('privacy-totals').innerText()).split('\n').map((l) => l.trim())).toEqual(['3 email', '1 key']);
    expect(await page.getByTestId('privacy-total').innerText()).toMatch(/^4 values redacted, \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}$/);
  });
});
