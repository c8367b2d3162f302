/**
 * Logging in to the UI in real Chromium against a real hub with authentication on: a page
 * that needs a session sends the browser to /login?next=…, a wrong password shows the hub's
 * own message, the right one returns to the page with the user in the top navigation, and
 * logging out ends the session the API accepted. With authentication off nothing of it shows.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionInfo } from '../shared/api.js';
import { generateToken } from '../server/auth/tokens.js';
import { browserSkipReason, launchChromium } from './support/browser.js';
import { startHub, type RunningHub } from './support/hub.js';

const skip = browserSkipReason();
if (skip) console.warn(`skipping browser tests: ${skip}`);

const BOOTSTRAP = generateToken();
const PASSWORD = 'correct-horse-battery-staple';
const bearer = { Authorization: `Bearer ${BOOTSTRAP}` };
const nowNs = () => String(BigInt(Date.now()) * 1_000_000n);
/** path and query of the page's URL, as the address bar shows them */
const where = (page: Page) => {
  const url = new URL(page.url());
  return url.pathname + url.search;
};
/** the status GET `path` gets from inside the page: with its cookies, as the UI's own fetches */
const statusInPage = (page: Page, path: string) => page.evaluate(async (p) => (await fetch(p)).status, path);

describe.skipIf(skip)('Login in Chromium, authentication on', () => {
  let hub: RunningHub;
  let browser: Browser;
  let page: Page;
  /** CSP violations and uncaught errors over the whole visit (the API's 401s are expected, so console errors are not) */
  const incidents: string[] = [];

  beforeAll(async () => {
    [hub, browser] = await Promise.all([startHub({ env: { OCTOLENS_AUTH: 'on', OCTOLENS_BOOTSTRAP_TOKEN: BOOTSTRAP } }), launchChromium()]);
    const user = await fetch(`${hub.apiUrl}/api/v1/users`, { method: 'POST', headers: { ...bearer, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'ann', password: PASSWORD, role: 'editor' }) });
    expect(user.status, await user.text()).toBe(201);
    const span = { traceId: 'c'.repeat(32), spanId: 'd'.repeat(16), name: 'GET /cart', kind: 2, startTimeUnixNano: nowNs(), endTimeUnixNano: nowNs() };
    const traces = { resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'checkout' } }] }, scopeSpans: [{ spans: [span] }] }] };
    const sent = await fetch(`${hub.otlpUrl}/v1/traces`, { method: 'POST', headers: { ...bearer, 'content-type': 'application/json' }, body: JSON.stringify(traces) });
    expect(sent.status).toBe(200);
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

  it('sends a page that needs a session to the login page, remembering it', async () => {
    await page.goto(`${hub.apiUrl}/services`);
    await page.waitForURL((url) => url.pathname === '/login');
    expect(where(page)).toBe('/login?next=%2Fservices');
    await page.getByTestId('login-form').waitFor();
    // not a lens: no lens navigation (and no time range) around the form
    expect(await page.getByTestId('lens-application').count()).toBe(0);
    expect(await page.getByTestId('logout').count()).toBe(0);
  });

  it("shows the hub's message for a wrong password and stays", async () => {
    const refused = await fetch(`${hub.apiUrl}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'ann', password: 'not-the-password' }) });
    expect(refused.status).toBe(401);
    const { message } = (await refused.json()) as { message: string };
    expect(message).not.toBe('');

    await page.getByTestId('login-username').fill('ann');
    await page.getByTestId('login-password').fill('not-the-password');
    await page.getByTestId('login-submit').click();
    expect(await page.getByTestId('login-error').innerText()).toBe(message);
    expect(where(page)).toBe('/login?next=%2Fservices');
    expect(await page.getByTestId('login-password').inputValue()).toBe('');
  });

  it('lands on the remembered page with the right password, the user in the navigation', async () => {
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.waitForURL((url) => url.pathname === '/services');
    expect(where(page)).toBe('/services');
    await page.locator('[data-testid="service-row"][data-service="checkout"]').waitFor();
    expect((await page.getByTestId('nav-user').textContent())?.replace(/\s+/g, ' ').trim()).toBe('ann editor');
    // the session is a cookie the page's scripts cannot read
    const cookies = await page.context().cookies();
    expect(cookies.length).toBeGreaterThan(0);
    expect(cookies.every((c) => c.httpOnly && c.sameSite === 'Strict')).toBe(true);
    expect(await page.evaluate(() => document.cookie)).toBe('');
    expect(await statusInPage(page, '/api/v1/services')).toBe(200);
  });

  it('logs out to the login page, after which the API answers 401', async () => {
    await page.getByTestId('logout').click();
    await page.waitForURL((url) => url.pathname === '/login');
    await page.getByTestId('login-form').waitFor();
    expect(await page.getByTestId('nav-user').count()).toBe(0);
    expect(await statusInPage(page, '/api/v1/services')).toBe(401);
  });

  it('logs in with an API token pasted instead, and never follows a next that leaves the hub', async () => {
    const asked = await fetch(`${hub.apiUrl}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: BOOTSTRAP }) });
    expect(asked.status).toBe(200);
    const { user } = (await asked.json()) as SessionInfo;

    await page.goto(`${hub.apiUrl}/login?next=${encodeURIComponent('//example.org/services')}`);
    await page.getByTestId('login-token').locator('summary').click();
    await page.getByTestId('login-token-input').fill(BOOTSTRAP);
    await page.getByTestId('login-token-submit').click();
    await page.getByTestId('services-page').waitFor();
    expect(new URL(page.url()).origin).toBe(hub.apiUrl);
    expect(where(page)).toBe('/');
    expect((await page.getByTestId('nav-user').textContent())?.replace(/\s+/g, ' ').trim()).toBe(`${user!.name} ${user!.role}`);
  });

  it('saw no CSP violation or page error on the way', () => {
    expect(incidents).toEqual([]);
  });
});

describe.skipIf(skip)('Login in Chromium, authentication off', () => {
  let hub: RunningHub;
  let browser: Browser;

  beforeAll(async () => {
    [hub, browser] = await Promise.all([startHub(), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.dispose();
  });

  it('shows the pages as before: no login, no user, no log out', async () => {
    const page = await browser.newPage();
    await page.goto(`${hub.apiUrl}/services`);
    await page.getByTestId('services-page').waitFor();
    await page.getByTestId('lens-application').waitFor();
    expect(where(page)).toBe('/services');
    expect(await page.getByTestId('nav-user').count()).toBe(0);
    expect(await page.getByTestId('logout').count()).toBe(0);

    await page.goto(`${hub.apiUrl}/login`);
    expect(await page.getByTestId('login-auth-off').innerText()).toContain('authentication off');
    expect(await page.getByTestId('login-form').count()).toBe(0);
  });
});
