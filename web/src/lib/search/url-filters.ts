import type { Router } from '../router/router.svelte';

/**
 * Attribute filters live in the URL as repeated `filter=` parameters, as the API takes
 * them (docs/search.md), so a link (the host page's `filter=resource.host.name=…`) reproduces the search.
 */
export const urlFilters = (url: URL): string[] => url.searchParams.getAll('filter').filter((f) => f !== '');

/**
 * The URL with `filters` as its filter list; a changed search starts again at the newest page.
 * @example filtersHref(router.url, ['http.response.status_code>=500'])
 */
export function filtersHref(url: URL, filters: string[]): string {
  const next = new URL(url);
  next.searchParams.delete('filter');
  for (const f of new Set(filters)) next.searchParams.append('filter', f);
  next.searchParams.delete('cursor');
  return next.href;
}

/**
 * A submitted search form: its fields (`''` removes one) and the filter list, from the newest page.
 * @example searchHref(router.url, { service: 'pay', status: '' }, [...urlFilters(router.url), 'http.route=/cart'])
 */
export function searchHref(url: URL, fields: Record<string, string>, filters = urlFilters(url)): string {
  const next = new URL(filtersHref(url, filters));
  for (const [key, value] of Object.entries(fields)) {
    if (value) next.searchParams.set(key, value);
    else next.searchParams.delete(key);
  }
  return next.href;
}

/** Adds one filter (a facet click, the form's filter box); an exact repeat is ignored. */
export function addFilter(router: Router, filter: string): void {
  router.navigate(filtersHref(router.url, [...urlFilters(router.url), filter]));
}

export function removeFilter(router: Router, filter: string): void {
  router.navigate(filtersHref(router.url, urlFilters(router.url).filter((f) => f !== filter)));
}

/** Names people read for the facet keys the API returns; any other key shows as it is. */
const facetLabels: Record<string, string> = {
  'service.name': 'Service',
  'span.name': 'Operation',
  'span.status': 'Status',
  'severity.text': 'Severity',
  'resource.host.name': 'Host',
  'resource.k8s.pod.name': 'Pod',
};

export const facetLabel = (key: string): string => facetLabels[key] ?? key;
