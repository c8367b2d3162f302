import type { Context } from 'hono';
import { setCookie } from 'hono/cookie';
import type { HubAuth } from '../../../auth/index.js';
import { SESSION_COOKIE } from '../../../auth/sessions.js';

/** Secure cookies behind TLS, the hub's own or a proxy's that says so. */
export const overTls = (c: Context) => new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() === 'https';

/** Opens a session for `owner` and sets its cookie: for a password or token login, and for single sign-on's callback alike. */
export async function openSession(c: Context, auth: HubAuth, owner: { user: string } | { tokenId: string }): Promise<{ cookie: string; expiresAt: Date }> {
  const session = await auth.sessions.open(owner);
  setCookie(c, SESSION_COOKIE, session.cookie, { httpOnly: true, sameSite: 'Strict', path: '/', expires: session.expiresAt, secure: overTls(c) });
  return session;
}
