import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Router } from '../router/router.svelte';
import { isValidTimeText, TimeRange } from './time-range.svelte';

describe('TimeRange', () => {
  beforeEach(() => {
    vi.stubGlobal('history', { pushState: () => {}, replaceState: () => {} });
    vi.stubGlobal('window', { scrollTo: () => {} });
  });
  afterEach(() => vi.unstubAllGlobals());

  it('defaults to the last hour and ignores what the API would refuse', () => {
    const range = new TimeRange(new Router('http://hub/?from=yesterday'));
    expect(range.params).toEqual({ from: 'now-1h', to: 'now' });
    expect(range.label).toBe('Last 1 hour');
    expect(range.quick?.short).toBe('1h');
  });

  it('writes a new range into the URL, leaving the defaults out', () => {
    const router = new Router('http://hub/logs?q=timeout');
    const range = new TimeRange(router);
    range.set('now-6h', 'now');
    expect(router.url.search).toBe('?q=timeout&from=now-6h');
    expect(range.linkParams).toEqual({ from: 'now-6h', to: undefined });
    range.set('now-1h', 'now');
    expect(router.url.search).toBe('?q=timeout');
  });

  it('starts a paged list at its first page in a new range', () => {
    const router = new Router('http://hub/traces?service=pay&cursor=abc');
    new TimeRange(router).set('now-6h', 'now');
    expect(router.url.search).toBe('?service=pay&from=now-6h');
  });

  it('labels absolute ranges with local dates and resolves them to epoch ms', () => {
    const range = new TimeRange(new Router('http://hub/?from=1700000000000&to=1700000600000'));
    expect(range.resolved).toEqual({ from: 1_700_000_000_000, to: 1_700_000_600_000 });
    expect(range.label).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} to \d{2}:\d{2}:\d{2}$/);
  });

  it.each([
    ['now-15m', true],
    ['now/d', true],
    ['2025-01-31T12:00:00Z', true],
    ['1700000000000', true],
    ['now-', false],
    ['tomorrow', false],
    ['', false],
  ])('isValidTimeText(%s) is %s', (text, valid) => {
    expect(isValidTimeText(text)).toBe(valid);
  });
});
