import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Router } from '../../lib/router/router.svelte';
import { TimeRange } from '../../lib/state/time-range.svelte';
import { PortfolioView } from './portfolio-view.svelte';

describe('PortfolioView', () => {
  beforeEach(() => {
    vi.stubGlobal('history', { pushState: () => {}, replaceState: () => {} });
    vi.stubGlobal('window', { scrollTo: () => {} });
  });
  afterEach(() => vi.unstubAllGlobals());

  const view = (url: string) => {
    const router = new Router(url);
    return { router, view: new PortfolioView(router, new TimeRange(router)) };
  };

  it('reads scope, bands year and drill from the URL, ignoring unknown values', () => {
    const { view: v } = view('http://hub/portfolio?from=now-90d&team=payments&bands=2023&drill=failed');
    expect(v.scope).toEqual({ kind: 'team', team: 'payments' });
    expect(v.params).toEqual({ from: 'now-90d', to: 'now', service: undefined, team: 'payments', bucket: 'week', bandsYear: 2023 });
    expect(v.drill).toBe('failed');
    const odd = view('http://hub/portfolio?bands=1999&drill=everything&team=a&service=b').view;
    expect([odd.bandsYear, odd.drill, odd.scope]).toEqual([2024, undefined, { kind: 'service', service: 'b' }]);
    expect(odd.usesDefaultRange).toBe(true);
  });

  it('picks a bucket from the range: days, weeks, months', () => {
    expect(view('http://hub/portfolio?from=now-30d').view.bucket).toBe('day');
    expect(view('http://hub/portfolio?from=now-180d').view.bucket).toBe('week');
    expect(view('http://hub/portfolio?from=now-365d').view.bucket).toBe('month');
  });

  it('writes scope (closing the drill-down), year and drill back into the URL', () => {
    const { router, view: v } = view('http://hub/portfolio?from=now-30d&drill=changes');
    v.setScope({ kind: 'service', service: 'checkout' });
    expect(router.url.search).toBe('?from=now-30d&service=checkout');
    v.setScope({ kind: 'team', team: 'payments' });
    expect(router.url.search).toBe('?from=now-30d&team=payments');
    v.setBandsYear(2023);
    v.openDrill('incidents');
    expect(router.url.search).toBe('?from=now-30d&team=payments&bands=2023&drill=incidents');
    v.setScope({ kind: 'organisation' });
    v.setBandsYear(2024);
    expect(router.url.search).toBe('?from=now-30d');
  });
});
