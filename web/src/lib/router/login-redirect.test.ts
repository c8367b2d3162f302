import { describe, expect, it } from 'vitest';
import { loginHref, nextTarget } from './login-redirect';

describe('loginHref', () => {
  it.each([
    ['http://hub/services', '/login?next=%2Fservices'],
    ['http://hub/traces?service=pay&status=error', '/login?next=%2Ftraces%3Fservice%3Dpay%26status%3Derror'],
    ['http://hub/slos/checkout-latency%2Froute%3D%2Fcart', '/login?next=%2Fslos%2Fcheckout-latency%252Froute%253D%252Fcart'],
    ['http://hub/', '/login'],
    ['http://hub/login?next=%2Flogs', '/login?next=%2Flogs'],
  ])('%s → %s', (href, expected) => {
    expect(loginHref(new URL(href))).toBe(expected);
  });

  it('round-trips through nextTarget', () => {
    const href = loginHref(new URL('http://hub/slos/a%2Fb?from=now-6h'));
    expect(nextTarget(new URL(href, 'http://hub').searchParams.get('next'), 'http://hub')).toBe('/slos/a%2Fb?from=now-6h');
  });
});

describe('nextTarget', () => {
  const origin = 'http://hub:8080';

  it.each([
    ['/services', '/services'],
    ['/traces?service=pay&status=error', '/traces?service=pay&status=error'],
    ['/logs?q=a#top', '/logs?q=a#top'],
    ['/services/a%2Fb', '/services/a%2Fb'],
    // dot segments are resolved, and stay on the hub
    ['/a/../../catalog', '/catalog'],
  ])('keeps the path %s', (next, expected) => {
    expect(nextTarget(next, origin)).toBe(expected);
  });

  it.each([
    [null],
    [''],
    ['services'],
    ['https://evil.example/'],
    ['http://hub:8080/services'],
    ['//evil.example/services'],
    ['/\\evil.example'],
    ['/\t/evil.example'],
    ['/\n/evil.example'],
    ['\\\\evil.example'],
    ['javascript:alert(1)'],
    [' /services'],
    ['/login'],
    ['/login?next=%2Fservices'],
    ['/api/v1/services'],
  ])('goes to / instead of %j', (next) => {
    expect(nextTarget(next, origin)).toBe('/');
  });
});
