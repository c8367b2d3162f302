/**
 * The rate limit settings (OCTOLENS_RATE_LIMIT_*): parsed and validated here, apart from the
 * limiter, so the config schema imports no HTTP code.
 */
import proxyaddr from 'proxy-addr';
import { z } from 'zod';

export interface RateLimit {
  /** requests per `perSeconds`, sustained */
  requests: number;
  perSeconds: number;
  /** requests allowed at once from a full budget */
  burst: number;
}

const units: Record<string, number> = { s: 1, sec: 1, second: 1, m: 60, min: 60, minute: 60, h: 3600, hour: 3600 };
const unitNames: Record<number, string> = { 1: 's', 60: 'min', 3600: 'h' };

/**
 * The limit as refusals name it.
 * @example formatRateLimit({ requests: 50, perSeconds: 1, burst: 200 }) // '50/s,burst=200'
 */
export function formatRateLimit(limit: RateLimit): string {
  return `${limit.requests}/${unitNames[limit.perSeconds]}${limit.burst === limit.requests ? '' : `,burst=${limit.burst}`}`;
}

/**
 * `<n>/<s|min|h>[,burst=<m>]`, or `0`/`off` for no limit (null). The burst defaults to n.
 * @example parseRateLimit('2000/s,burst=4000') // { requests: 2000, perSeconds: 1, burst: 4000 }
 */
export function parseRateLimit(text: string): RateLimit | null {
  const value = text.trim().toLowerCase();
  if (value === '0' || value === 'off') return null;
  const match = /^(\d+)\s*\/\s*([a-z]+)\s*(?:,\s*burst\s*=\s*(\d+))?$/.exec(value);
  if (!match || !Object.hasOwn(units, match[2]!)) throw new Error(`expected <requests>/<s|min|h>[,burst=<requests>] (e.g. 2000/s,burst=4000 or 10/min), or 0 or off for no limit; got ${JSON.stringify(text)}`);
  const requests = Number(match[1]);
  const burst = match[3] === undefined ? requests : Number(match[3]);
  if (requests < 1 || burst < 1) throw new Error(`requests and burst must be at least 1 (0 or off for no limit), got ${JSON.stringify(text)}`);
  return { requests, perSeconds: units[match[2]!]!, burst };
}

/** A setting: the text form in YAML and env vars, a RateLimit (null: off) once parsed. */
export const rateLimitSchema = z.union([z.string(), z.number()]).transform((v, ctx) => {
  try {
    return parseRateLimit(String(v));
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message });
    return z.NEVER;
  }
});

/**
 * The proxies whose X-Forwarded-For names the client: addresses, CIDR ranges, or proxy-addr's
 * `loopback`, `linklocal`, `uniquelocal`, comma-separated. Checked here so a bad entry fails at start.
 */
const trustedProxiesSchema = z.union([z.string(), z.array(z.string())]).transform((v, ctx) => {
  const list = (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter(Boolean);
  try {
    proxyaddr.compile(list);
    return list;
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: `${(err as Error).message}: expected IP addresses, CIDR ranges (10.0.0.0/8) or loopback, linklocal, uniquelocal, comma-separated` });
    return z.NEVER;
  }
});

export const rateLimitKinds = ['ingest', 'api', 'login'] as const;
export type RateLimitKind = (typeof rateLimitKinds)[number];

/** The env var of each kind, which refusal messages name. */
export const rateLimitSettings: Record<RateLimitKind, string> = {
  ingest: 'OCTOLENS_RATE_LIMIT_INGEST',
  api: 'OCTOLENS_RATE_LIMIT_API',
  login: 'OCTOLENS_RATE_LIMIT_LOGIN',
};

export const rateLimitsConfigSchema = z
  .object({
    // a busy OpenTelemetry Collector sends hundreds of requests a second: by default it is never throttled
    ingest: rateLimitSchema.prefault('2000/s,burst=4000'),
    api: rateLimitSchema.prefault('50/s,burst=200'),
    // per client address and per user name: a password cannot be guessed faster than this
    login: rateLimitSchema.prefault('10/min'),
    // none by default: a client could otherwise name any address and get a fresh budget
    trustedProxies: trustedProxiesSchema.prefault(''),
  })
  .strict();

export type RateLimitsConfig = z.infer<typeof rateLimitsConfigSchema>;

export const defaultRateLimitsConfig = (): RateLimitsConfig => rateLimitsConfigSchema.parse({});

