import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Router } from '../../lib/router/router.svelte';
import { TimeRange } from '../../lib/state/time-range.svelte';
import { AuditFilters } from './audit-filters.svelte';

describe('AuditFilters', () => {
  beforeEach(() => {
    vi.stubGlobal('history', { pushState: () => {}, replaceState: () => {} });
    vi.stubGlobal('window', { scrollTo: () => {} });
  });
  afterEach(() => vi.unstubAllGlobals());

  it('reads the filters and the range from the URL', () => {
    const router = new Router('http://hub/audit?from=now-7d&actor=%20ada%20&action=user.add&limit=20');
    const filters = new AuditFilters(router, new TimeRange(router));
    expect(filters.params).toEqual({ from: 'now-7d', to: 'now', actor: 'ada', action: 'user.add', limit: 20 });
    expect(filters.active).toBe(true);
  });

  it.each(['action=drop.table', 'limit=0', 'limit=501', 'limit=2.5', 'limit=ten', 'actor=%20'])('leaves out empty filters, an action it does not offer and a limit the API refuses: %s', (query) => {
    const router = new Router(`http://hub/audit?${query}`);
    const filters = new AuditFilters(router, new TimeRange(router));
    expect(filters.params).toEqual({ from: 'now-1h', to: 'now', actor: undefined, action: undefined, limit: undefined });
    expect(filters.active).toBe(false);
  });

  it('writes filters back into the URL, keeping the range, and clears them', () => {
    const router = new Router('http://hub/audit?from=now-24h');
    const filters = new AuditFilters(router, new TimeRange(router));
    filters.set({ actor: 'bootstrap', action: 'token.create' });
    expect(router.url.search).toBe('?from=now-24h&actor=bootstrap&action=token.create');
    expect(filters.action).toBe('token.create');
    filters.clear();
    expect(router.url.search).toBe('?from=now-24h');
  });
});
