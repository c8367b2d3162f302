/**
 * OpenID Connect single sign-on against a real OpenID provider (panva's oidc-provider,
 * in-process on localhost) and the app served over HTTP on 127.0.0.1 — two sites, as an IdP
 * and a hub are — with PGlite: the browser's part is fetch with a cookie jar per host,
 * following every redirect by hand. The provider keeps groups out of the ID token of a code
 * flow (conformIdTokenClaims), so they come from userinfo. Groups become roles and teams at
 * every login; a tampered state, a callback this browser did not start, an IdP refusal or
 * outage and a name taken by a local user end on the login page with a message; `next` stays on the hub.
 */
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.js';
import { openTestApi } from '../api/routes/testing.js';
import { createHubMetrics } from '../telemetry/metrics.js';
import { freePort } from '../../test/support/hub.js';
import { startTestIdp } from '../../test/support/oidc-provider.js';
import { createHubAuth } from './index.js';
import { createOidcLogin } from './oidc.js';
import { oidcConfigSchema } from './oidc-config.js';

const api = await openTestApi();
const hubPort = await freePort();
const hubUrl = `http://127.0.0.1:${hubPort}`;
const CALLBACK = `${hubUrl}/api/v1/session/oidc/callback`;
const idp = await startTestIdp({
  redirectUri: CALLBACK,
  people: {
    ada: { email: 'ada@acme.example', groups: ['staff', 'octolens-admins'] },
    pat: { email: 'pat@acme.example', groups: ['engineers', 'team-payments'] },
    vic: { email: 'vic@acme.example', groups: ['everyone'] },
    lou: { email: 'lou@acme.example', groups: ['engineers'] },
  },
});
const { issuer } = idp;

const oidcSchemaOf = (issuerUrl: string) => oidcConfigSchema.parse({ issuer: issuerUrl, clientId: idp.clientId, clientSecret: idp.clientSecret, adminGroups: 'octolens-admins', editorGroups: 'engineers', teamGroups: 'team-*', name: 'Acme SSO' });
const oidcConfig = oidcSchemaOf(issuer);
const auth = createHubAuth(api.meta, { metricsPublic: false, sessionTtlMs: 3_600_000, oidc: createOidcLogin(oidcConfig, { publicUrl: hubUrl }) });
const app = createApp({ store: api.store, meta: api.meta, metrics: createHubMetrics(), isReady: async () => true, auth });
const hub = await new Promise<ServerType>((resolve) => {
  const s = serve({ fetch: app.fetch, port: hubPort, hostname: '127.0.0.1' }, () => resolve(s));
});
afterAll(async () => {
  await new Promise<void>((r) => hub.close(() => r()));
  await idp.close();
  await api.close();
});

// checkout is the payments team's, search the discovery team's
await api.meta.insertInto('services').values([{ name: 'checkout', team: 'payments' }, { name: 'search', team: 'discovery' }]).execute();

/** A browser's cookies: per host, every path (the flow never holds two of one name on a host). */
class CookieJar {
  readonly byHost = new Map<string, Map<string, string>>();
  header(url: URL): string {
    return [...(this.byHost.get(url.host) ?? new Map<string, string>())].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  store(url: URL, res: Response): string[] {
    const set = res.headers.getSetCookie();
    const jar = this.byHost.get(url.host) ?? new Map<string, string>();
    this.byHost.set(url.host, jar);
    for (const line of set) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const [name, value] = [pair.slice(0, eq).trim(), pair.slice(eq + 1).trim()];
      const gone = value === '' || attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || (/^\s*expires=/i.test(a) && new Date(a.split('=')[1]!).getTime() < Date.now()));
      if (gone) jar.delete(name);
      else jar.set(name, value);
    }
    return set;
  }
  hub(name: string): string | undefined {
    return this.byHost.get(new URL(hubUrl).host)?.get(name);
  }
}

interface SignIn {
  /** the first hub page the redirects end on (path and query) */
  landed: string;
  jar: CookieJar;
  /** every URL visited, in order */
  visited: string[];
  /** the Set-Cookie headers of the hub's callback answer */
  callbackCookies: string[];
}

/**
 * What a browser does from the login page's SSO link until it lands on a hub page again.
 * `alter` may change the callback URL the IdP sent the browser to (a tampered state).
 */
async function signIn(person: string, { next, alter, jar = new CookieJar() }: { next?: string; alter?: (callback: URL) => URL; jar?: CookieJar } = {}): Promise<SignIn> {
  idp.loginAs(person);
  let url = new URL(`/api/v1/session/oidc/login${next === undefined ? '' : `?${new URLSearchParams({ next })}`}`, hubUrl);
  const visited: string[] = [];
  let callbackCookies: string[] = [];
  for (let hop = 0; hop < 20; hop++) {
    if (url.href.startsWith(CALLBACK) && alter) url = alter(url);
    visited.push(url.href);
    const res = await fetch(url, { redirect: 'manual', headers: { Cookie: jar.header(url) } });
    const set = jar.store(url, res);
    if (url.href.startsWith(CALLBACK)) callbackCookies = set;
    const location = res.headers.get('location');
    if (res.status < 300 || res.status >= 400 || !location) throw new Error(`the flow stopped at ${url.href}: ${res.status} ${await res.text()}`);
    const to = new URL(location, url);
    if (to.origin === hubUrl && !to.pathname.startsWith('/api/')) return { landed: to.pathname + to.search, jar, visited, callbackCookies };
    url = to;
  }
  throw new Error(`more than 20 redirects: ${visited.join(' → ')}`);
}

const sessionOf = async (jar: CookieJar) => {
  const cookie = jar.hub('octolens_session');
  const res = await fetch(`${hubUrl}/api/v1/session`, { headers: cookie ? { Cookie: `octolens_session=${cookie}` } : {} });
  return ((await res.json()) as { user: unknown }).user;
};
const userRow = (name: string) => api.meta.selectFrom('users').select(['name', 'password_hash', 'role', 'teams', 'created_by']).where('name', '=', name).executeTakeFirst();
const loginError = (landed: string) => new URL(landed, hubUrl).searchParams.get('error');

describe('OIDC single sign-on', () => {
  it('tells the login page it is on, under its name, without a credential', async () => {
    const res = await fetch(`${hubUrl}/api/v1/session/oidc`);
    expect([res.status, await res.json()]).toEqual([200, { enabled: true, name: 'Acme SSO' }]);
    const off = createApp({ store: api.store, meta: api.meta, metrics: createHubMetrics(), isReady: async () => true, auth: createHubAuth(api.meta, { metricsPublic: false, sessionTtlMs: 1000 }) });
    expect(await (await off.request('/api/v1/session/oidc')).json()).toEqual({ enabled: false });
    expect((await off.request('/api/v1/session/oidc/login')).status).toBe(404);
  });

  it('sends the browser to the IdP with PKCE S256, state and nonce, kept in a short-lived HttpOnly SameSite=Lax cookie', async () => {
    const res = await fetch(`${hubUrl}/api/v1/session/oidc/login?next=%2Fservices`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const to = new URL(res.headers.get('location')!);
    const q = Object.fromEntries(to.searchParams);
    expect([to.origin, to.pathname]).toEqual([issuer, '/auth']);
    expect({ ...q, state: 'S', nonce: 'N', code_challenge: 'C' }).toEqual({ client_id: idp.clientId, redirect_uri: CALLBACK, response_type: 'code', scope: 'openid profile email groups', state: 'S', nonce: 'N', code_challenge: 'C', code_challenge_method: 'S256' });
    // 32 random bytes each, base64url; the challenge is a SHA-256
    expect([q.state, q.nonce, q.code_challenge].map((v) => /^[A-Za-z0-9_-]{43}$/.test(v!))).toEqual([true, true, true]);
    const cookie = res.headers.getSetCookie();
    expect(cookie).toHaveLength(1);
    expect(cookie[0]).toMatch(/^octolens_oidc=[A-Za-z0-9_-]+; Max-Age=600; Path=\/api\/v1\/session\/oidc; HttpOnly; SameSite=Lax$/);
    const pending = JSON.parse(Buffer.from(cookie[0]!.split(/[=;]/)[1]!, 'base64url').toString()) as Record<string, string>;
    expect([pending.state, pending.nonce, pending.next]).toEqual([q.state, q.nonce, '/services']);
  });

  it('makes a member of the admin group an admin, lands on next, and keeps a user whose password never verifies', async () => {
    const { landed, jar, visited, callbackCookies } = await signIn('ada', { next: '/services?from=now-6h' });
    expect(landed).toBe('/services?from=now-6h');
    // the hub, the IdP's authorization and interaction, and back to the hub's callback
    expect(visited.map((u) => new URL(u).origin + new URL(u).pathname.replace(/\/[\w-]{20,}$/, '/<uid>'))).toEqual([
      `${hubUrl}/api/v1/session/oidc/login`,
      `${issuer}/auth`,
      `${issuer}/interaction/<uid>`,
      `${issuer}/auth/<uid>`,
      `${hubUrl}/api/v1/session/oidc/callback`,
    ]);
    // the same session cookie as a password login, and the pending login gone
    expect(callbackCookies.find((c) => c.startsWith('octolens_session='))).toMatch(/^octolens_session=[A-Za-z0-9_-]{43}; Path=\/; Expires=[^;]+; HttpOnly; SameSite=Strict$/);
    expect(callbackCookies.find((c) => c.startsWith('octolens_oidc='))).toBe('octolens_oidc=; Max-Age=0; Path=/api/v1/session/oidc');
    expect(await sessionOf(jar)).toEqual({ name: 'ada', role: 'admin' });
    expect(await userRow('ada')).toEqual({ name: 'ada', password_hash: `!oidc:${issuer}#ada`, role: 'admin', teams: [], created_by: 'oidc' });
    const password = await fetch(`${hubUrl}/api/v1/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'ada', password: `!oidc:${issuer}#ada` }) });
    expect(password.status).toBe(401);
    const audit = await api.meta.selectFrom('audit_log').select(['actor', 'action', 'target', 'after']).where('action', '=', 'session.login').where('actor', '=', 'ada').execute();
    expect(audit.map((a) => [a.actor, a.action, a.target, { ...(a.after as Record<string, unknown>), expiresAt: 'E' }])).toEqual([['ada', 'session.login', 'ada', { via: 'oidc', role: 'admin', teams: [], groups: ['staff', 'octolens-admins'], expiresAt: 'E' }]]);
  });

  it('makes a member of team-payments an editor of team payments, who may silence checkout but not search', async () => {
    const { landed, jar } = await signIn('pat');
    expect(landed).toBe('/');
    expect(await sessionOf(jar)).toEqual({ name: 'pat', role: 'editor' });
    expect((await userRow('pat'))?.teams).toEqual(['payments']);
    const silence = (service: string) =>
      fetch(`${hubUrl}/api/v1/silences`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Sec-Fetch-Site': 'same-origin', Cookie: `octolens_session=${jar.hub('octolens_session')}` },
        body: JSON.stringify({ matchers: [{ label: 'service', value: service }], endsAt: Date.now() + 3_600_000, comment: 'deploy', createdBy: 'x' }),
      });
    const [own, other] = [await silence('checkout'), await silence('search')];
    expect([own.status, ((await own.json()) as { createdBy: string }).createdBy]).toEqual([201, 'pat']);
    expect([other.status, ((await other.json()) as { message: string }).message]).toEqual([403, 'service "search" is owned by team "discovery", "pat" is in "payments": only its members or an admin may silence these alerts']);
  });

  it('sets the role and teams again at every login, from the groups the IdP sends then', async () => {
    idp.people.pat!.groups = ['everyone'];
    const { jar } = await signIn('pat');
    expect(await sessionOf(jar)).toEqual({ name: 'pat', role: 'viewer' });
    expect((await userRow('pat'))?.teams).toEqual([]);
    const vic = await signIn('vic');
    expect(await sessionOf(vic.jar)).toEqual({ name: 'vic', role: 'viewer' });
  });

  it('refuses a tampered state, on the login page, with no session', async () => {
    const { landed, jar } = await signIn('ada', {
      next: '/slos',
      alter: (callback) => {
        const url = new URL(callback);
        url.searchParams.set('state', 'forged-state-value');
        return url;
      },
    });
    expect(new URL(landed, hubUrl).pathname).toBe('/login');
    expect(new URL(landed, hubUrl).searchParams.get('next')).toBe('/slos');
    expect(loginError(landed)).toBe('single sign-on failed: invalid response encountered: unexpected "state" response parameter value');
    expect(jar.hub('octolens_session')).toBeUndefined();
  });

  it('refuses a callback this browser did not start, and a second use of one', async () => {
    let seen: URL | undefined;
    const first = await signIn('ada', { alter: (callback) => (seen = callback) });
    expect(await sessionOf(first.jar)).toEqual({ name: 'ada', role: 'admin' });
    // the IdP's answer again, from another browser (no pending login) and from the same one (its pending login spent)
    for (const cookie of ['', first.jar.header(new URL(hubUrl))]) {
      const res = await fetch(seen!, { redirect: 'manual', headers: { Cookie: cookie } });
      expect([res.status, loginError(res.headers.get('location')!)]).toEqual([302, 'single sign-on failed: this browser started no login here, or took longer than 10 minutes; log in again']);
      expect(res.headers.getSetCookie().some((c) => c.startsWith('octolens_session='))).toBe(false);
    }
  });

  it('shows the IdP’s refusal on the login page', async () => {
    idp.refuse('you are not allowed to use Octolens');
    try {
      const { landed } = await signIn('vic');
      expect(loginError(landed)).toBe('the identity provider refused the login: you are not allowed to use Octolens');
    } finally {
      idp.refuse(undefined);
    }
  });

  it('lands on / when next leads off the hub', async () => {
    for (const next of ['//evil.example', 'https://evil.example/x', '/\\evil.example', '/api/v1/tokens', '/login']) expect([next, (await signIn('ada', { next })).landed]).toEqual([next, '/']);
  });

  it('returns to the login page, keeping next, when the IdP cannot be reached', async () => {
    const down = `http://localhost:${await freePort()}`;
    const oidc = createOidcLogin(oidcSchemaOf(down), { publicUrl: hubUrl });
    const offline = createApp({ store: api.store, meta: api.meta, metrics: createHubMetrics(), isReady: async () => true, auth: createHubAuth(api.meta, { metricsPublic: false, sessionTtlMs: 1000, oidc }) });
    const res = await offline.request('/api/v1/session/oidc/login?next=%2Fslos');
    const location = new URL(res.headers.get('location')!, hubUrl);
    expect([res.status, location.pathname, location.searchParams.get('next')]).toEqual([302, '/login', '/slos']);
    expect(location.searchParams.get('error')).toMatch(new RegExp(`^could not read the identity provider's discovery document from ${down}: `));
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  it('never takes over a local user of the same name', async () => {
    await auth.users.add({ name: 'lou', password: 'correct horse battery', role: 'viewer', createdBy: 'test' });
    const { landed, jar } = await signIn('lou');
    expect(loginError(landed)).toBe('single sign-on failed: the user name "lou" belongs to a local user or to another identity here; an admin removes that user (octolens user remove) for this login to take it');
    expect(jar.hub('octolens_session')).toBeUndefined();
    expect(await userRow('lou')).toMatchObject({ role: 'viewer', created_by: 'test', password_hash: expect.stringMatching(/^scrypt:/) });
  });
});
