import { Hono } from 'hono';
import { deleteCookie, getCookie } from 'hono/cookie';
import { z } from 'zod';
import type { SessionInfo, UserRole } from '../../../../shared/api.js';
import type { HubAuth } from '../../../auth/index.js';
import { actorOf, recordAudit } from '../../../audit/log.js';
import { tokenRefusals } from '../../../auth/guard.js';
import { SESSION_COOKIE } from '../../../auth/sessions.js';
import { roleScopes } from '../../../auth/users.js';
import type { MetaDb } from '../../../meta/index.js';
import { allows, type Principal } from '../../../auth/tokens.js';
import { AppError } from '../../errors.js';
import { validate } from '../../validate.js';
import { openSession, overTls } from './cookie.js';
import { oidcRoutes } from './oidc.js';

const loginBody = z.union([
  z.object({ username: z.string().min(1, 'give the user name').max(200), password: z.string().min(1, 'give the password').max(1024) }).strict(),
  z.object({ token: z.string().min(1, 'give an API token').max(200) }).strict(),
]);

/** A session opened with a token shows as the role its scopes amount to. */
function roleOf(p: Principal): UserRole {
  return p.role ?? (allows(p, 'admin') ? 'admin' : allows(p, 'write') ? 'editor' : 'viewer');
}

/**
 * The UI's session: who is logged in (open, so the UI can ask before it has a session), log
 * in with a user's password or an API token, log out. The cookie is HttpOnly and SameSite
 * Strict; state-changing requests made with it are checked for same origin (server/auth/guard.ts).
 * Single sign-on is under /oidc.
 */
export function sessionRoutes(auth: HubAuth | undefined, meta: MetaDb): Hono {
  const app = new Hono();

  app.get('/', async (c) => {
    const cookie = getCookie(c, SESSION_COOKIE);
    const session = auth && cookie ? await auth.sessions.resolve(cookie) : undefined;
    const user = session && { name: session.principal.name, role: roleOf(session.principal) };
    return c.json({ auth: auth !== undefined, user: user ?? null, expiresAt: session?.expiresAt.toISOString() ?? null } satisfies SessionInfo);
  });

  app.post('/', validate('json', loginBody), async (c) => {
    if (!auth) throw new AppError('bad_request', 'authentication is off (OCTOLENS_AUTH): there is nothing to log in to');
    const body = c.req.valid('json');
    // who the session acts as, as the session store will resolve it
    let principal: Principal;
    if ('token' in body) {
      const result = await auth.tokens.verify(body.token);
      if (typeof result === 'string') throw new AppError('unauthorized', tokenRefusals[result]);
      if (!allows(result, 'read')) throw new AppError('forbidden', `the token "${result.name}" lacks the read scope a UI session needs (it has ${result.scopes.join(', ')})`);
      principal = result;
    } else {
      const user = await auth.users.check(body.username, body.password);
      if (!user) {
        await recordAudit(meta, c, { action: 'session.login_failed', target: body.username, after: { reason: 'wrong user name or password' } }, { name: body.username, kind: 'user' });
        throw new AppError('unauthorized', 'wrong user name or password');
      }
      principal = { name: user.name, role: user.role, scopes: roleScopes[user.role] };
    }
    const { expiresAt } = await openSession(c, auth, principal.tokenId ? { tokenId: principal.tokenId } : { user: principal.name });
    const user = { name: principal.name, role: roleOf(principal) };
    await recordAudit(meta, c, { action: 'session.login', target: principal.name, after: { role: user.role, expiresAt: expiresAt.toISOString() } }, actorOf(principal));
    return c.json({ auth: true, user, expiresAt: expiresAt.toISOString() } satisfies SessionInfo);
  });

  app.route('/oidc', oidcRoutes(auth, meta));

  app.delete('/', async (c) => {
    const cookie = getCookie(c, SESSION_COOKIE);
    const session = auth && cookie ? await auth.sessions.resolve(cookie) : undefined;
    if (session) {
      await auth!.sessions.close(cookie!);
      await recordAudit(meta, c, { action: 'session.logout', target: session.principal.name }, actorOf(session.principal));
    }
    deleteCookie(c, SESSION_COOKIE, { path: '/', secure: overTls(c) });
    return c.body(null, 204);
  });

  return app;
}
