import type { Context } from 'hono';
import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { OidcInfo } from '../../../../shared/api.js';
import { nextTarget } from '../../../../shared/login-redirect.js';
import { recordAudit } from '../../../audit/log.js';
import type { HubAuth } from '../../../auth/index.js';
import { OidcError, pendingLoginSchema, type OidcLogin, type PendingLogin } from '../../../auth/oidc.js';
import type { MetaDb } from '../../../meta/index.js';
import { AppError } from '../../errors.js';
import { openSession, overTls } from './cookie.js';

/** The login in progress: state, nonce and PKCE verifier, for the callback of this browser only. */
const PENDING_COOKIE = 'octolens_oidc';
const PENDING_PATH = '/api/v1/session/oidc';
// long enough to type a password and a second factor at the IdP
const PENDING_SECONDS = 600;

function pendingOf(c: Context): PendingLogin | undefined {
  const value = getCookie(c, PENDING_COOKIE);
  if (!value) return undefined;
  try {
    const parsed = pendingLoginSchema.safeParse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Back to the login page, which shows `message`, keeping where the user was going. */
function toLoginPage(c: Context, message: string, next: string): Response {
  const query = new URLSearchParams({ ...(next === '/' ? {} : { next }), error: message });
  return c.redirect(`/login?${query}`, 302);
}

/**
 * OpenID Connect single sign-on, open without a credential (server/api/app.ts, apiScope): GET /
 * tells the login page whether to offer it; GET /login starts it at the IdP; GET /callback
 * is where the IdP sends the browser back, and opens a session as a password login does.
 */
export function oidcRoutes(auth: HubAuth | undefined, meta: MetaDb): Hono {
  const app = new Hono();
  const oidc: OidcLogin | undefined = auth?.oidc;

  app.get('/', (c) => c.json({ enabled: oidc !== undefined, ...(oidc?.name ? { name: oidc.name } : {}) } satisfies OidcInfo));

  app.get('/login', async (c) => {
    if (!oidc) throw new AppError('not_found', 'single sign-on is not configured on this hub (OCTOLENS_OIDC_ISSUER)');
    const next = nextTarget(c.req.query('next'), oidc.origin);
    try {
      const { url, pending } = await oidc.start(next);
      // SameSite=Lax, not Strict: the IdP's redirect back is a cross-site navigation, which must bring it
      setCookie(c, PENDING_COOKIE, Buffer.from(JSON.stringify(pending)).toString('base64url'), { httpOnly: true, sameSite: 'Lax', path: PENDING_PATH, maxAge: PENDING_SECONDS, secure: overTls(c) });
      return c.redirect(url.href, 302);
    } catch (err) {
      return toLoginPage(c, err instanceof OidcError ? err.message : String(err), next);
    }
  });

  app.get('/callback', async (c) => {
    if (!auth || !oidc) throw new AppError('not_found', 'single sign-on is not configured on this hub (OCTOLENS_OIDC_ISSUER)');
    const pending = pendingOf(c);
    // one callback per login: a replayed or second one finds nothing to check against
    deleteCookie(c, PENDING_COOKIE, { path: PENDING_PATH, secure: overTls(c) });
    const fail = async (reason: string, next = '/') => {
      await recordAudit(meta, c, { action: 'session.login_failed', target: 'oidc', after: { reason } }, { name: 'anonymous', kind: 'anonymous' });
      return toLoginPage(c, reason, next);
    };
    if (!pending) return fail('single sign-on failed: this browser started no login here, or took longer than 10 minutes; log in again');
    // checked again: the cookie is the browser's own, but not this hub's to trust blindly
    const next = nextTarget(pending.next, oidc.origin);
    let person;
    try {
      person = await oidc.finish(new URL(c.req.url).searchParams, pending);
    } catch (err) {
      return fail(err instanceof OidcError ? err.message : String(err), next);
    }
    if (!(await auth.users.upsertExternal(person))) {
      return fail(`single sign-on failed: the user name "${person.name}" belongs to a local user or to another identity here; an admin removes that user (octolens user remove) for this login to take it`, next);
    }
    const { expiresAt } = await openSession(c, auth, { user: person.name });
    await recordAudit(meta, c, { action: 'session.login', target: person.name, after: { via: 'oidc', role: person.role, teams: person.teams, groups: person.groups, expiresAt: expiresAt.toISOString() } }, { name: person.name, kind: 'user' });
    return c.redirect(next, 302);
  });

  return app;
}
