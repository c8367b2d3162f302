import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Router } from './router.svelte';

describe('Router', () => {
  const pushed: string[] = [];
  beforeEach(() => {
    pushed.length = 0;
    vi.stubGlobal('history', {
      pushState: (_s: unknown, _t: string, url: string) => pushed.push(`push ${url}`),
      replaceState: (_s: unknown, _t: string, url: string) => pushed.push(`replace ${url}`),
    });
    vi.stubGlobal('window', { scrollTo: () => {} });
  });
  afterEach(() => vi.unstubAllGlobals());

  it('reads the route and query parameters from the URL', () => {
    const router = new Router('http://hub/services/checkout?from=now-6h');
    expect(router.route).toEqual({ name: 'service', serviceName: 'checkout' });
    expect(router.param('from')).toBe('now-6h');
    expect(router.param('to', 'now')).toBe('now');
  });

  it('merges a query patch, drops empty values, and replaces history when asked', () => {
    const router = new Router('http://hub/traces?service=a&status=error');
    router.setQuery({ status: '', minDurationMs: 250 });
    expect(router.url.search).toBe('?service=a&minDurationMs=250');
    router.setQuery({ span: 'abc' }, { replace: true });
    expect(pushed).toEqual(['push http://hub/traces?service=a&minDurationMs=250', 'replace http://hub/traces?service=a&minDurationMs=250&span=abc']);
  });

  it('navigates to a new path and updates the route; the same URL twice adds no entry', () => {
    const router = new Router('http://hub/');
    router.navigate('/traces/abc');
    router.navigate('/traces/abc');
    expect(router.route).toEqual({ name: 'trace', traceId: 'abc' });
    expect(pushed).toHaveLength(1);
  });

  it('builds hrefs without empty parameters', () => {
    const router = new Router('http://hub/');
    expect(router.href('/logs', { traceId: 'abc', from: undefined, to: '' })).toBe('/logs?traceId=abc');
    expect(router.href('/')).toBe('/');
  });
});
