/**
 * The audit page in real Chromium against a real hub with authentication on (issue 13):
 * changes made through the API with the bootstrap token, and the admin's own login, show as
 * rows newest first with who, what and which; a row opens to its before and after as JSON
 * text; the action filter and "Load older" work; a viewer gets the hub's 403 message and no
 * Audit link. No CSP violation or page error on the way.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditResult, SilenceInfo } from '../shared/api.js';
import { generateToken } from '../server/auth/tokens.js';
import { browserSkipReason, launchChromium } from './support/browser.js';
import { startHub, type RunningHub } from './support/hub.js';

const skip = browserSkipReason();
if (skip) console.warn(`skipping browser tests: ${skip}`);

const BOOTSTRAP = generateToken();
const PASSWORD = 'correct-horse-battery-staple';
const asBootstrap = { Authorization: `Bearer ${BOOTSTRAP}`, 'content-type': 'application/json' };
const where = (page: Page) => {
  const url = new URL(page.url());
  return url.pathname + url.search;
};
/** the table's rows as [actor, actor kind, action, target], top to bottom */
const rowsOf = (page: Page) =>
  page
    .getByTestId('audit-row')
    .evaluateAll((rows) =>
      rows.map((r) => ['audit-actor', 'audit-actor-kind', 'audit-action', 'audit-target'].map((id) => r.querySelector(`[data-testid="${id}"]`)?.textContent?.trim() ?? '')),
    );
/** waits until the table shows `n` rows (a new answer replaces the old list) */
const waitForRows = (page: Page, n: number) =>
  page.waitForFunction((count) => document.querySelectorAll('[data-testid="audit-row"]').length === count && !document.querySelector('[data-testid="loading"]'), n);

async function post<T>(hub: RunningHub, path: string, body: unknown): Promise<T> {
  const res = await fetch(`${hub.apiUrl}${path}`, { method: 'POST', headers: asBootstrap, body: JSON.stringify(body) });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as T;
}

async function logIn(page: Page, hub: RunningHub, name: string): Promise<void> {
  await page.goto(`${hub.apiUrl}/login?next=${encodeURIComponent('/audit')}`);
  await page.getByTestId('login-username').fill(name);
  await page.getByTestId('login-password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((url) => url.pathname === '/audit');
  await page.getByTestId('audit-page').waitFor();
}

describe.skipIf(skip)('the audit page in Chromium, authentication on', () => {
  let hub: RunningHub;
  let browser: Browser;
  let page: Page;
  let tokenId: string;
  let silence: SilenceInfo;
  const incidents: string[] = [];

  beforeAll(async () => {
    [hub, browser] = await Promise.all([startHub({ env: { OCTOLENS_AUTH: 'on', OCTOLENS_BOOTSTRAP_TOKEN: BOOTSTRAP } }), launchChromium()]);
    tokenId = (await post<{ id: string }>(hub, '/api/v1/tokens', { name: 'collector', scopes: ['ingest'] })).id;
    await post(hub, '/api/v1/users', { name: 'ada', password: PASSWORD, role: 'admin' });
    await post(hub, '/api/v1/users', { name: 'vic', password: PASSWORD, role: 'viewer' });
    silence = await post<SilenceInfo>(hub, '/api/v1/silences', { matchers: [{ label: 'service', value: 'checkout' }], endsAt: Date.now() + 3_600_000, comment: 'deploy', createdBy: 'x' });
    page = await browser.newPage();
    page.on('pageerror', (e) => incidents.push(`page error: ${e.message}`));
    await page.exposeFunction('__reportViolation', (text: string) => incidents.push(`CSP violation: ${text}`));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        (window as unknown as { __reportViolation(t: string): void }).__reportViolation(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'}`);
      });
    });
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.dispose();
  });

  it("shows an admin every change, newest first, with the admin's own login on top", async () => {
    await logIn(page, hub, 'ada');
    await waitForRows(page, 5);
    expect(await rowsOf(page)).toEqual([
      ['ada', 'user', 'session.login', 'ada'],
      ['bootstrap', 'token', 'silence.create', silence.id],
      ['bootstrap', 'token', 'user.add', 'vic'],
      ['bootstrap', 'token', 'user.add', 'ada'],
      ['bootstrap', 'token', 'token.create', tokenId],
    ]);
    expect(await page.getByTestId('audit-count').innerText()).toBe('5 changes');
    expect(await page.getByTestId('audit-older').count()).toBe(0);
    // the Platform lens' pages, Audit among them for an admin
    expect(await page.getByTestId('nav-audit').getAttribute('aria-current')).toBe('page');
  });

  it('opens a row to its before and after as JSON text', async () => {
    const { entries } = (await (await fetch(`${hub.apiUrl}/api/v1/audit?action=silence.create`, { headers: asBootstrap })).json()) as AuditResult;
    const row = page.locator(`[data-testid="audit-row"][data-id="${entries[0]!.id}"]`);
    await row.getByTestId('audit-toggle').click();
    expect(await row.getByTestId('audit-toggle').getAttribute('aria-expanded')).toBe('true');
    const detail = page.getByTestId('audit-detail');
    expect(await detail.count()).toBe(1);
    expect(await detail.getByTestId('audit-summary').innerText()).toBe(`bootstrap (token) created a silence: ${silence.id}`);
    expect(await detail.getByTestId('audit-before').innerText()).toBe('(none)');
    const after = await detail.getByTestId('audit-after').innerText();
    // the silence as the API created it, indented two spaces, in the order the hub keeps it
    expect(JSON.parse(after)).toEqual(silence);
    expect(after).toBe(JSON.stringify(entries[0]!.after, null, 2));
    expect(after).toContain('\n  "comment": "deploy"');
    await row.getByTestId('audit-toggle').click();
    expect(await page.getByTestId('audit-detail').count()).toBe(0);
  });

  it('filters by action, in the URL, and clears the filter', async () => {
    await page.getByTestId('audit-action-select').selectOption('user.add');
    await page.getByTestId('audit-filter').click();
    await page.waitForURL((url) => url.searchParams.get('action') === 'user.add');
    await waitForRows(page, 2);
    expect(await rowsOf(page)).toEqual([
      ['bootstrap', 'token', 'user.add', 'vic'],
      ['bootstrap', 'token', 'user.add', 'ada'],
    ]);
    expect(where(page)).toBe('/audit?action=user.add');

    await page.getByTestId('audit-action-select').selectOption('user.remove');
    await page.getByTestId('audit-filter').click();
    await page.getByTestId('audit-empty').waitFor();
    expect(await page.getByTestId('audit-empty').locator('h2').innerText()).toBe('No changes in this range with these filters');

    await page.getByRole('button', { name: 'Clear' }).click();
    await waitForRows(page, 5);
    expect(where(page)).toBe('/audit');
  });

  it('loads older pages through nextCursor', async () => {
    await page.goto(`${hub.apiUrl}/audit?limit=2`);
    await waitForRows(page, 2);
    expect(await page.getByTestId('audit-count').innerText()).toBe('2 changes, older ones in this range not loaded yet');
    await page.getByTestId('audit-older').click();
    await waitForRows(page, 4);
    await page.getByTestId('audit-older').click();
    await waitForRows(page, 5);
    expect((await rowsOf(page)).map((r) => r[2])).toEqual(['session.login', 'silence.create', 'user.add', 'user.add', 'token.create']);
    expect(await page.getByTestId('audit-older').count()).toBe(0);
    expect(await page.getByTestId('audit-count').innerText()).toBe('5 changes');
  });

  it("shows a viewer the hub's 403 message, and no Audit link", async () => {
    await page.getByTestId('logout').click();
    await page.waitForURL((url) => url.pathname === '/login');
    await logIn(page, hub, 'vic');
    await page.getByTestId('audit-forbidden').waitFor();
    expect(await page.getByTestId('audit-forbidden-message').innerText()).toBe('the viewer role of "vic" lacks the admin scope');
    expect(await page.getByTestId('audit-table').count()).toBe(0);
    expect(await page.getByTestId('audit-filters').count()).toBe(0);
    await page.getByTestId('nav-privacy').waitFor();
    expect(await page.getByTestId('nav-audit').count()).toBe(0);
  });

  it('saw no CSP violation or page error on the way', () => {
    expect(incidents).toEqual([]);
  });
});

describe.skipIf(skip)('the audit page in Chromium, authentication off', () => {
  let hub: RunningHub;
  let browser: Browser;

  beforeAll(async () => {
    [hub, browser] = await Promise.all([startHub(), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.dispose();
  });

  it('is open to everyone, with the link, and says what would be recorded when nothing was', async () => {
    const page = await browser.newPage();
    await page.goto(`${hub.apiUrl}/privacy`);
    await page.getByTestId('nav-audit').click();
    await page.waitForURL((url) => url.pathname === '/audit');
    await page.getByTestId('audit-empty').waitFor();
    expect(await page.getByTestId('audit-empty').locator('h2').innerText()).toBe('No changes in this range');
    expect(await page.getByTestId('audit-empty').innerText()).toContain('silences created and expired');
  });
});
