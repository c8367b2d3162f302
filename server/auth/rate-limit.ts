/**
 * Per-principal rate limits (docs/security.md, "Rate limits"): a GCRA limiter per kind of
 * request, keyed by the API token, the UI user, or the client address when there is no
 * principal. GCRA is a token bucket kept as one number per key, the time the bucket is full
 * again (https://brandur.org/rate-limiting#gcra), so a million keys cost a Map of numbers.
 * Limits are per process: N replicas behind a balancer allow N times the budget.
 */
import type { IncomingMessage } from 'node:http';
import type { Context, MiddlewareHandler } from 'hono';
import proxyaddr from 'proxy-addr';
import { AppError } from '../api/errors.js';
import { principalOf } from './guard.js';
import type { Principal } from './tokens.js';
import { formatRateLimit, rateLimitKinds, rateLimitSettings, type RateLimit, type RateLimitKind, type RateLimitsConfig } from './rate-limit-config.js';

export interface LimiterOptions {
  now?: () => number;
  /** keys remembered at most; past it the least recently used is forgotten (it starts again with a full budget) */
  maxKeys?: number;
}

/**
 * One GCRA limiter. `take` answers 0 when the request may go on (and charges it), else the
 * milliseconds until it would be allowed; `refund` gives a charge back.
 */
export function createLimiter(limit: RateLimit, { now = Date.now, maxKeys = 100_000 }: LimiterOptions = {}) {
  const interval = (limit.perSeconds * 1000) / limit.requests;
  const tolerance = limit.burst * interval;
  // key → when its budget is full again; Map order is least recently used first
  const full = new Map<string, number>();

  function touch(key: string, value: number, at: number): void {
    full.delete(key);
    // idle keys at the old end have a full budget, the same as a key never seen: dropping them loses nothing
    for (const [oldest, until] of full) {
      if (until > at && full.size < maxKeys) break;
      full.delete(oldest);
    }
    full.set(key, value);
  }

  return {
    take(key: string): number {
      const at = now();
      const next = Math.max(full.get(key) ?? at, at) + interval;
      if (next - at > tolerance) return next - tolerance - at;
      touch(key, next, at);
      return 0;
    },
    refund(key: string): void {
      const until = full.get(key);
      if (until !== undefined) full.set(key, until - interval);
    },
    /** keys remembered now */
    size: () => full.size,
  };
}

export type Limiter = ReturnType<typeof createLimiter>;

/** A 429: the principal is past its budget; it may retry after `retryAfterSeconds` (whole, at least 1). */
export class RateLimitedError extends AppError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
    details: { limit: string; setting: string; retryAfterSeconds: number },
  ) {
    super('rate_limited', message, details);
  }
}

export interface RateLimitsDeps extends LimiterOptions {
  /** counts a refused request (octolens_rate_limited_total) */
  refused?: (kind: RateLimitKind) => void;
}

/** The hub's limiters, one per kind that is not off. */
export function createRateLimits(config: RateLimitsConfig, deps: RateLimitsDeps = {}) {
  const limiters: Partial<Record<RateLimitKind, { limit: RateLimit; limiter: Limiter }>> = {};
  for (const kind of rateLimitKinds) {
    const limit = config[kind];
    if (limit) limiters[kind] = { limit, limiter: createLimiter(limit, deps) };
  }

  /** undefined when the request may go on, else the AppError (429) that refuses it, naming who and the setting */
  function check(kind: RateLimitKind, key: string, who: string): RateLimitedError | undefined {
    const entry = limiters[kind];
    const waitMs = entry?.limiter.take(key) ?? 0;
    if (waitMs === 0) return undefined;
    deps.refused?.(kind);
    const retryAfterSeconds = Math.max(1, Math.ceil(waitMs / 1000));
    const limit = formatRateLimit(entry!.limit);
    return new RateLimitedError(`too many ${kind} requests from ${who}: the limit is ${limit} (${rateLimitSettings[kind]}); retry in ${retryAfterSeconds} s`, retryAfterSeconds, {
      limit,
      setting: rateLimitSettings[kind],
      retryAfterSeconds,
    });
  }

  const trust = proxyaddr.compile(config.trustedProxies);
  /**
   * The address of the request's client: its peer's (@hono/node-server), or, when the peer is
   * a trusted proxy, the nearest address in X-Forwarded-For that is not one (proxy-addr, as
   * Express reads it). One shared key where there is no peer (app.request() in tests).
   */
  function addressOf(c: Context): string {
    const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
    if (!incoming?.socket?.remoteAddress) return 'local';
    return config.trustedProxies.length === 0 ? incoming.socket.remoteAddress : proxyaddr(incoming, trust);
  }

  return { check, limiters, addressOf, refund: (kind: RateLimitKind, key: string) => limiters[kind]?.limiter.refund(key) };
}

export type HubRateLimits = ReturnType<typeof createRateLimits>;

/** The budget a request is charged to, and how a refusal names it. */
function keyOf(principal: Principal | undefined, address: string): { key: string; who: string } {
  if (principal?.tokenId !== undefined) return { key: `token:${principal.tokenId}`, who: `the token "${principal.name}"` };
  if (principal) return { key: `user:${principal.name}:${principal.role ?? ''}`, who: `the user "${principal.name}"` };
  return { key: `address:${address}`, who: `the address ${address}` };
}

/**
 * The same charge outside HTTP (OTLP/gRPC): undefined when the request may go on, else the refusal.
 */
export function checkRateLimit(limits: HubRateLimits, kind: Exclude<RateLimitKind, 'login'>, principal: Principal | undefined, address: string): RateLimitedError | undefined {
  const { key, who } = keyOf(principal, address);
  return limits.check(kind, key, who);
}

const CHARGED = 'rateLimitCharged';

function refuse(c: Context, err: RateLimitedError): never {
  c.header('Retry-After', String(err.retryAfterSeconds));
  throw err;
}

/**
 * Middleware charging each request to its principal's `kind` budget; registered after the
 * route's auth guard, which sets the principal.
 */
export function rateLimit(limits: HubRateLimits, kind: Exclude<RateLimitKind, 'login'>): MiddlewareHandler {
  return async (c, next) => {
    // a request matching two registered paths (OTLP's /v1/traces and /v1/:signal) is charged once
    if (!c.get(CHARGED as never)) {
      c.set(CHARGED as never, true as never);
      const refusal = checkRateLimit(limits, kind, principalOf(c), limits.addressOf(c));
      if (refusal) refuse(c, refusal);
    }
    await next();
  };
}

/**
 * Middleware for the login route: each attempt is charged to the client address and to the
 * user name it tries, and given back unless it failed (401), so people who log in
 * often are never held up while guessing stops at the limit, right password or not.
 */
export function loginRateLimit(limits: HubRateLimits): MiddlewareHandler {
  return async (c, next) => {
    const address = limits.addressOf(c);
    const body = (await c.req.json().catch(() => undefined)) as { username?: unknown } | undefined;
    // the route refuses a longer name (400), so no key is ever bigger than this
    const username = typeof body?.username === 'string' && body.username.length <= 200 ? body.username : undefined;
    const charged = [{ key: `address:${address}`, who: `the address ${address}` }];
    if (username !== undefined) charged.push({ key: `user:${username}`, who: `the user name "${username}"` });
    const taken: string[] = [];
    for (const { key, who } of charged) {
      const refusal = limits.check('login', key, who);
      if (refusal) {
        for (const k of taken) limits.refund('login', k);
        refuse(c, refusal);
      }
      taken.push(key);
    }
    await next();
    if (c.res.status !== 401) for (const k of taken) limits.refund('login', k);
  };
}
