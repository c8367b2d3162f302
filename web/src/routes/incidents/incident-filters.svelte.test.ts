import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Router } from '../../lib/router/router.svelte';
import { TimeRange } from '../../lib/state/time-range.svelte';
import { IncidentFilters } from './incident-filters.svelte';

describe('IncidentFilters', () => {
  beforeEach(() => {
    vi.stubGlobal('history', { pushState: () => {}, replaceState: () => {} });
    vi.stubGlobal('window', { scrollTo: () => {} });
  });
  afterEach(() => vi.unstubAllGlobals());

  it('reads the filters and the range from the URL, ignoring an unknown status', () => {
    const router = new Router('http://hub/incidents?from=now-7d&service=checkout&severity=SEV2&status=closed');
    const filters = new IncidentFilters(router, new TimeRange(router));
    expect(filters.params).toEqual({ from: 'now-7d', to: 'now', service: 'checkout', severity: 'SEV2', status: '' });
    expect(filters.active).toBe(true);
  });

  it('writes filters back into the URL, keeping the range, and clears them', () => {
    const router = new Router('http://hub/incidents?from=now-7d');
    const filters = new IncidentFilters(router, new TimeRange(router));
    expect(filters.active).toBe(false);
    filters.set({ status: 'open', service: 'tax' });
    expect(router.url.search).toBe('?from=now-7d&status=open&service=tax');
    expect(filters.status).toBe('open');
    filters.clear();
    expect(router.url.search).toBe('?from=now-7d');
  });
});
