/**
 * Single sign-on in real Chromium against a real hub (OCTOLENS_AUTH=on, OCTOLENS_OIDC_*) and a
 * real OpenID provider on another site (localhost vs the hub's 127.0.0.1): the login page offers
 * "Log in with <name>", which goes to the IdP and back to the remembered page as the user the
 * IdP's groups make; an IdP refusal shows on the login page; a next that leaves the hub lands on /.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateToken } from '../server/auth/tokens.js';
import { browserSkipReason, launchChromium } from './support/browser.js';
import { freePort, startHub, type RunningHub } from './support/hub.js';
import { startTestIdp, type TestIdp } from './support/oidc-provider.js';

const skip = browserSkipReason();
if (skip) console.warn(`skipping browser tests: ${skip}`);

const BOOTSTRAP = generateToken();
/** path and query of the page's URL, as the address bar shows them */
const where = (page: Page) => {
  const url = new URL(page.url());
  return url.pathname + url.search;
};
const navUser = async (page: Page) => (await page.getByTestId('nav-user').textContent())?.replace(/\s+/g, ' ').trim();

describe.skipIf(skip)('Single sign-on in Chromium', () => {
  let hub: RunningHub;
  let idp: TestIdp;
  let browser: Browser;
  /** CSP violations and uncaught errors over every page (the API's 401s are expected, so console errors are not) */
  const incidents: string[] = [];

  /** a browser of its own (no IdP session left from another test) */
  async function freshPage(): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    page.on('pageerror', (e) => incidents.push(`page error: ${e.message}`));
    await page.exposeFunction('__reportViolation', (text: string) => incidents.push(`CSP violation: ${text}`));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        (window as unknown as { __reportViolation(t: string): void }).__reportViolation(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'}`);
      });
    });
    return page;
  }

  beforeAll(async () => {
    const port = await freePort();
    const hubUrl = `http://127.0.0.1:${port}`;
    idp = await startTestIdp({
      redirectUri: `${hubUrl}/api/v1/session/oidc/callback`,
      people: { pat: { email: 'pat@acme.example', groups: ['engineers', 'team-payments'] }, ada: { email: 'ada@acme.example', groups: ['octolens-admins'] } },
    });
    const env = {
      OCTOLENS_AUTH: 'on',
      OCTOLENS_BOOTSTRAP_TOKEN: BOOTSTRAP,
      OCTOLENS_PUBLIC_URL: hubUrl,
      OCTOLENS_OIDC_ISSUER: idp.issuer,
      OCTOLENS_OIDC_CLIENT_ID: idp.clientId,
      OCTOLENS_OIDC_CLIENT_SECRET: idp.clientSecret,
      OCTOLENS_OIDC_ADMIN_GROUPS: 'octolens-admins',
      OCTOLENS_OIDC_EDITOR_GROUPS: 'engineers',
      OCTOLENS_OIDC_TEAM_GROUPS: 'team-*',
      OCTOLENS_OIDC_NAME: 'Acme SSO',
    };
    [hub, browser] = await Promise.all([startHub({ port, env }), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.dispose();
    await idp?.close();
  });

  it('offers the IdP on the login page and comes back to the remembered page as the user its groups make', async () => {
    const page = await freshPage();
    await page.goto(`${hub.apiUrl}/services`);
    await page.waitForURL((url) => url.pathname === '/login');
    expect(where(page)).toBe('/login?next=%2Fservices');
    const button = page.getByTestId('login-sso');
    expect(await button.innerText()).toBe('Log in with Acme SSO');

    idp.loginAs('pat');
    await button.click();
    await page.waitForURL((url) => url.origin === hub.apiUrl && url.pathname === '/services');
    await page.getByTestId('services-page').waitFor();
    expect(where(page)).toBe('/services');
    expect(await navUser(page)).toBe('pat editor');
    // the hub's cookies: the session alone (HttpOnly, Strict), the pending login spent
    const cookies = (await page.context().cookies(hub.apiUrl)).map((c) => [c.name, c.httpOnly, c.sameSite]);
    expect(cookies).toEqual([['octolens_session', true, 'Strict']]);
    expect(await page.evaluate(async () => (await fetch('/api/v1/services')).status)).toBe(200);
    const users = (await (await fetch(`${hub.apiUrl}/api/v1/users`, { headers: { Authorization: `Bearer ${BOOTSTRAP}` } })).json()) as { users: Array<{ name: string; role: string; teams: string[]; createdBy: string }> };
    expect(users.users.map((u) => [u.name, u.role, u.teams, u.createdBy])).toEqual([['pat', 'editor', ['payments'], 'oidc']]);
  });

  it('shows the IdP’s refusal on the login page', async () => {
    const page = await freshPage();
    idp.refuse('pat is on leave');
    try {
      await page.goto(`${hub.apiUrl}/login?next=%2Fslos`);
      await page.getByTestId('login-sso').click();
      await page.waitForURL((url) => url.origin === hub.apiUrl && url.searchParams.has('error'));
      expect(where(page)).toBe(`/login?${new URLSearchParams({ next: '/slos', error: 'the identity provider refused the login: pat is on leave' })}`);
      expect(await page.getByTestId('login-error').innerText()).toBe('the identity provider refused the login: pat is on leave');
      expect(await page.getByTestId('login-form').count()).toBe(1);
    } finally {
      idp.refuse(undefined);
    }
  });

  it('lands on the hub’s / when the login was started with a next that leaves the hub', async () => {
    const page = await freshPage();
    idp.loginAs('ada');
    await page.goto(`${hub.apiUrl}/api/v1/session/oidc/login?next=${encodeURIComponent('//evil.example/x')}`);
    await page.getByTestId('services-page').waitFor();
    expect(new URL(page.url()).origin).toBe(hub.apiUrl);
    expect(where(page)).toBe('/');
    expect(await navUser(page)).toBe('ada admin');
  });

  it('saw no CSP violation or page error on the way', () => {
    expect(incidents).toEqual([]);
  });
});
