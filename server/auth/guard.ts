import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { setIngestGrant } from '../../collectors/grant.js';
import type { TokenScope } from '../../shared/api.js';
import { AppError } from '../api/errors.js';
import { SESSION_COOKIE, type SessionStore } from './sessions.js';
import { allows, ingestGrant, type Principal, type TokenStore } from './tokens.js';

/** What the app checks credentials with; absent, authentication is off. */
export interface Authenticator {
  tokens: Pick<TokenStore, 'verify'>;
  /** UI sessions (a cookie); absent, only tokens are taken */
  sessions?: Pick<SessionStore, 'resolve'>;
  /** GET /metrics without a token (OCTOLENS_METRICS_PUBLIC) */
  metricsPublic: boolean;
}

export type Credential = { token: string } | { problem: string };

/**
 * The token a request carries: `Authorization: Bearer <token>` (OTel exporters' headers,
 * Prometheus `authorization`), or Basic with the token as password, for senders that can
 * only put credentials in a URL (a GitHub webhook's `https://x:<token>@hub/ingest/github`).
 */
export function credentialOf(authorization: string | undefined): Credential | undefined {
  if (authorization === undefined || authorization.trim() === '') return undefined;
  const [scheme = '', value = ''] = authorization.trim().split(/\s+/, 2);
  if (scheme.toLowerCase() === 'bearer' && value !== '') return { token: value };
  if (scheme.toLowerCase() === 'basic' && value !== '') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon >= 0 && colon < decoded.length - 1) return { token: decoded.slice(colon + 1) };
    return { problem: 'Authorization: Basic carries no password; put the API token there (user:token), or send Authorization: Bearer <token>' };
  }
  return { problem: `Authorization must be "Bearer <token>", got the scheme "${scheme}"` };
}

/** Why a token that does not check out is refused, for every place that checks one. */
export const tokenRefusals = {
  unknown: 'the token is not one this hub issued (mistyped, or from another hub)',
  revoked: 'the token was revoked',
  expired: 'the token has expired',
} as const;

/**
 * The principal allowed `scope`, or an AppError: 401 when the credential is missing or
 * does not check out, 403 when it checks out but lacks the scope. Shared by the HTTP
 * middleware and the OTLP/gRPC server.
 */
export async function authorize(auth: Authenticator, authorization: string | undefined, scope: TokenScope): Promise<Principal> {
  const credential = credentialOf(authorization);
  if (credential === undefined) {
    throw new AppError('unauthorized', `authentication required: send Authorization: Bearer <token>, a token with the ${scope} scope (octolens token create --scope ${scope})`);
  }
  if ('problem' in credential) throw new AppError('unauthorized', credential.problem);
  const result = await auth.tokens.verify(credential.token);
  if (typeof result === 'string') throw new AppError('unauthorized', tokenRefusals[result]);
  if (!allows(result, scope)) {
    throw new AppError('forbidden', `the token "${result.name}" lacks the ${scope} scope (it has ${result.scopes.join(', ') || 'none'})`, { required: scope, scopes: result.scopes });
  }
  return result;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A cookie is sent on cross-site requests too (SameSite=Strict aside, older browsers), so a
 * session changes things only from the hub's own pages: the browser says so in Sec-Fetch-Site,
 * or, where it does not send that, in an Origin of this host.
 */
function sameOrigin(c: Context): boolean {
  const site = c.req.header('sec-fetch-site');
  if (site !== undefined) return site === 'same-origin';
  const origin = c.req.header('origin');
  if (origin === undefined) return false;
  try {
    return new URL(origin).host === (c.req.header('x-forwarded-host') ?? c.req.header('host'));
  } catch {
    return false;
  }
}

/** The principal of the request's UI session, when it has a live one. */
async function sessionPrincipal(auth: Authenticator, c: Context, scope: TokenScope): Promise<Principal | undefined> {
  const cookie = auth.sessions && getCookie(c, SESSION_COOKIE);
  if (!cookie) return undefined;
  const session = await auth.sessions!.resolve(cookie);
  if (!session) throw new AppError('unauthorized', 'the session has ended (expired, logged out, or its user or token removed): log in again');
  if (!SAFE_METHODS.has(c.req.method) && !sameOrigin(c)) throw new AppError('forbidden', 'cross-site request refused: a UI session changes things only from the hub’s own pages (CSRF protection); API clients send Authorization: Bearer <token>');
  if (!allows(session.principal, scope)) throw new AppError('forbidden', `${session.principal.role ? `the ${session.principal.role} role of "${session.principal.name}"` : `the token "${session.principal.name}"`} lacks the ${scope} scope`, { required: scope });
  return session.principal;
}

/** The request's principal, set by `requireScope`; undefined when authentication is off. */
export function principalOf(c: Context): Principal | undefined {
  return c.get('principal' as never) as Principal | undefined;
}

/** Middleware after requireScope(…, 'ingest'): leaves the collector routes what the sender may send (collectors/types.ts IngestGrant). */
export const grantIngest: MiddlewareHandler = async (c, next) => {
  const grant = ingestGrant(principalOf(c));
  if (grant) setIngestGrant(c, grant);
  await next();
};

/**
 * Middleware: the request goes on only with a credential allowed the scope `scopeOf` names
 * for it (null: no credential needed). An Authorization header wins over a session cookie.
 */
export function requireScope(auth: Authenticator, scopeOf: TokenScope | ((c: Context) => TokenScope | null)): MiddlewareHandler {
  return async (c, next) => {
    const scope = typeof scopeOf === 'string' ? scopeOf : scopeOf(c);
    if (scope !== null) {
      const authorization = c.req.header('authorization');
      const principal = (authorization === undefined && (await sessionPrincipal(auth, c, scope))) || (await authorize(auth, authorization, scope));
      c.set('principal' as never, principal as never);
    }
    await next();
  };
}
