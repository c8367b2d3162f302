import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { renderError } from '../api/errors.js';
import { loadConfig } from '../config/config.js';
import { parseRateLimit, rateLimitsConfigSchema } from './rate-limit-config.js';
import { createLimiter, createRateLimits, rateLimit } from './rate-limit.js';

/** a clock the test moves by hand */
function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

describe('parseRateLimit', () => {
  it('reads requests per unit, an optional burst, and 0/off as no limit', () => {
    expect(['2000/s,burst=4000', '10/min', ' 5 / h ', '0', 'off', 'OFF'].map(parseRateLimit)).toEqual([
      { requests: 2000, perSeconds: 1, burst: 4000 },
      { requests: 10, perSeconds: 60, burst: 10 },
      { requests: 5, perSeconds: 3600, burst: 5 },
      null,
      null,
      null,
    ]);
  });

  it('refuses anything else, saying what it expects', () => {
    const expected = 'expected <requests>/<s|min|h>[,burst=<requests>] (e.g. 2000/s,burst=4000 or 10/min), or 0 or off for no limit; got ';
    expect(() => parseRateLimit('100')).toThrow(expected + '"100"');
    expect(() => parseRateLimit('100/day')).toThrow(expected + '"100/day"');
    expect(() => parseRateLimit('1/constructor')).toThrow(expected + '"1/constructor"');
    expect(() => parseRateLimit('0/s')).toThrow('requests and burst must be at least 1 (0 or off for no limit), got "0/s"');
  });

  it('stops the hub at start on a bad setting, naming the variable', () => {
    const env = { OCTOLENS_RATE_LIMIT_INGEST: 'off', OCTOLENS_RATE_LIMIT_LOGIN: '10/day' };
    expect(() => loadConfig({ env, file: '/nonexistent.yaml' })).toThrow(
      'invalid configuration:\n  OCTOLENS_RATE_LIMIT_LOGIN (auth.rateLimits.login): expected <requests>/<s|min|h>[,burst=<requests>] (e.g. 2000/s,burst=4000 or 10/min), or 0 or off for no limit; got "10/day"',
    );
    expect(loadConfig({ env: { OCTOLENS_RATE_LIMIT_INGEST: 'off', OCTOLENS_RATE_LIMIT_API: '100/s' }, file: '/nonexistent.yaml' }).auth.rateLimits).toEqual({
      ingest: null,
      api: { requests: 100, perSeconds: 1, burst: 100 },
      login: { requests: 10, perSeconds: 60, burst: 10 },
      trustedProxies: [],
    });
  });

  it('defaults to 2000/s burst 4000 for ingest, 50/s burst 200 for the API, 10/min for logins', () => {
    expect(rateLimitsConfigSchema.parse({})).toEqual({
      ingest: { requests: 2000, perSeconds: 1, burst: 4000 },
      api: { requests: 50, perSeconds: 1, burst: 200 },
      login: { requests: 10, perSeconds: 60, burst: 10 },
      trustedProxies: [],
    });
  });
});

describe('createLimiter', () => {
  it('allows the burst at once, then one request per interval, and says how long to wait', () => {
    const t = clock();
    // 10/min: one every 6 s, 10 at once
    const limiter = createLimiter({ requests: 10, perSeconds: 60, burst: 10 }, { now: t.now });
    const first = Array.from({ length: 12 }, () => limiter.take('a'));
    expect(first).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 6000, 6000]);
    t.advance(5_999);
    expect(limiter.take('a')).toBe(1);
    t.advance(1);
    expect([limiter.take('a'), limiter.take('a')]).toEqual([0, 6000]);
    // an idle minute refills the whole burst, no more
    t.advance(60_000);
    expect(Array.from({ length: 11 }, () => limiter.take('a')).filter((w) => w === 0)).toHaveLength(10);
  });

  it('keeps sustained traffic at the rate: 50/s burst 200 over 10 s allows 200 + 500', () => {
    const t = clock();
    const limiter = createLimiter({ requests: 50, perSeconds: 1, burst: 200 }, { now: t.now });
    let allowed = 0;
    // 1,000 requests a second, one each millisecond from 0 to 10 s
    for (let ms = 0; ms <= 10_000; ms++, t.advance(1)) if (limiter.take('k') === 0) allowed++;
    expect(allowed).toBe(200 + 500);
  });

  it('keeps one budget per key', () => {
    const t = clock();
    const limiter = createLimiter({ requests: 1, perSeconds: 1, burst: 2 }, { now: t.now });
    expect(['a', 'a', 'a', 'b', 'b', 'b'].map((k) => limiter.take(k))).toEqual([0, 0, 1000, 0, 0, 1000]);
  });

  it('gives a charge back on refund', () => {
    const t = clock();
    const limiter = createLimiter({ requests: 1, perSeconds: 60, burst: 1 }, { now: t.now });
    expect(limiter.take('a')).toBe(0);
    limiter.refund('a');
    expect([limiter.take('a'), limiter.take('a')]).toEqual([0, 60_000]);
  });

  it('remembers at most maxKeys, forgetting the least recently used first, and idle keys as it goes', () => {
    const t = clock();
    const limiter = createLimiter({ requests: 1, perSeconds: 60, burst: 1 }, { now: t.now, maxKeys: 3 });
    for (const k of ['a', 'b', 'c', 'd', 'e']) expect(limiter.take(k)).toBe(0);
    expect(limiter.size()).toBe(3);
    // c, d, e are still spent; a was forgotten, so it has a full budget again
    expect(['c', 'd', 'e', 'a'].map((k) => limiter.take(k))).toEqual([60_000, 60_000, 60_000, 0]);
    for (let i = 0; i < 10_000; i++) limiter.take(`k${i}`);
    expect(limiter.size()).toBe(3);
    // once every budget is full again, the next request drops all of them: memory follows the active keys
    t.advance(60_000);
    limiter.take('z');
    expect(limiter.size()).toBe(1);
  });
});

describe('rateLimit middleware', () => {
  it('answers 429 with Retry-After in whole seconds and a message naming the limit and the setting, and counts it', async () => {
    const t = clock();
    const refused: string[] = [];
    const limits = createRateLimits(rateLimitsConfigSchema.parse({ api: '1/min,burst=2' }), { now: t.now, refused: (kind) => refused.push(kind) });
    const app = new Hono();
    app.use(rateLimit(limits, 'api'));
    app.get('/x', (c) => c.text('ok'));
    app.onError(renderError);
    expect([(await app.request('/x')).status, (await app.request('/x')).status]).toEqual([200, 200]);
    t.advance(500);
    const res = await app.request('/x');
    expect([res.status, res.headers.get('retry-after')]).toEqual([429, '60']);
    expect(await res.json()).toEqual({
      code: 'rate_limited',
      message: 'too many api requests from the address local: the limit is 1/min,burst=2 (OCTOLENS_RATE_LIMIT_API); retry in 60 s',
      details: { limit: '1/min,burst=2', setting: 'OCTOLENS_RATE_LIMIT_API', retryAfterSeconds: 60 },
      requestId: '',
    });
    expect(refused).toEqual(['api']);
  });

  it('charges a request once when two registered paths match it', async () => {
    const limits = createRateLimits(rateLimitsConfigSchema.parse({ ingest: '1/min,burst=2' }), { now: clock().now });
    const app = new Hono();
    app.use('/v1/traces', rateLimit(limits, 'ingest'));
    app.use('/v1/:signal', rateLimit(limits, 'ingest'));
    app.post('/v1/traces', (c) => c.text('ok'));
    app.onError(renderError);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await app.request('/v1/traces', { method: 'POST' })).status);
    expect(statuses).toEqual([200, 200, 429]);
  });

  it('lets everything through when the kind is off', async () => {
    const limits = createRateLimits(rateLimitsConfigSchema.parse({ api: 'off' }));
    const app = new Hono();
    app.use(rateLimit(limits, 'api'));
    app.get('/x', (c) => c.text('ok'));
    const statuses = await Promise.all(Array.from({ length: 500 }, async () => (await app.request('/x')).status));
    expect(new Set(statuses)).toEqual(new Set([200]));
  });
});

describe('the client address behind proxies (OCTOLENS_TRUSTED_PROXIES)', () => {
  /** a real server on a real socket from 127.0.0.1, answering the address a request is charged to */
  async function addressesSeen(trustedProxies: string, forwardedFor: Array<string | undefined>): Promise<string[]> {
    const limits = createRateLimits(rateLimitsConfigSchema.parse({ trustedProxies }));
    const app = new Hono().get('/', (c) => c.text(limits.addressOf(c)));
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
    await new Promise((r) => server.once('listening', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    try {
      const seen: string[] = [];
      for (const xff of forwardedFor) seen.push(await (await fetch(url, { headers: xff === undefined ? {} : { 'X-Forwarded-For': xff } })).text());
      return seen;
    } finally {
      await new Promise((r) => server.close(r));
    }
  }

  it('ignores X-Forwarded-For unless the peer is a trusted proxy: a client cannot name its own address', async () => {
    expect(await addressesSeen('', ['203.0.113.7', undefined])).toEqual(['127.0.0.1', '127.0.0.1']);
    expect(await addressesSeen('10.0.0.0/8', ['203.0.113.7'])).toEqual(['127.0.0.1']);
  });

  it('takes the nearest address that is not a trusted proxy, reading X-Forwarded-For from the right', async () => {
    expect(await addressesSeen('loopback', ['203.0.113.7', '198.51.100.1, 203.0.113.7', undefined])).toEqual(['203.0.113.7', '203.0.113.7', '127.0.0.1']);
    expect(await addressesSeen('loopback, 203.0.113.0/24', ['198.51.100.1, 203.0.113.7'])).toEqual(['198.51.100.1']);
  });

  it('refuses a malformed entry at start, naming it', () => {
    expect(() => loadConfig({ env: { OCTOLENS_TRUSTED_PROXIES: '10.0.0.0/33' }, file: '/nonexistent.yaml' })).toThrow(/10\.0\.0\.0\/33.*expected IP addresses, CIDR ranges/s);
  });
});
