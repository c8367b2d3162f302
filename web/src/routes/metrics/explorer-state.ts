/** The explorer's query as it lives in the URL, so a reload or a shared link shows the same chart. */
export interface ExplorerState {
  metric: string;
  /** the point type picked with the metric (a name may be stored as two) */
  type: string;
  /** empty: the API's default for the type (rate for a counter, p95 for a histogram, avg otherwise) */
  agg: string;
  groupBy: string[];
  /** `key=value`, as GET /api/v1/metrics/query takes them */
  filters: string[];
}

export function readExplorer(url: URL): ExplorerState {
  const p = url.searchParams;
  return {
    metric: p.get('metric') ?? '',
    type: p.get('type') ?? '',
    agg: p.get('agg') ?? '',
    groupBy: (p.get('groupBy') ?? '').split(',').map((g) => g.trim()).filter(Boolean),
    filters: p.getAll('filter').filter((f) => f.indexOf('=') > 0),
  };
}

/**
 * The explorer's URL for `state`, keeping the time range.
 * @example explorerHref({ metric: 'http.requests', type: 'sum', agg: '', groupBy: ['route'], filters: ['route=/a'] }, { from: 'now-1h' })
 *   // '/explore?from=now-1h&metric=http.requests&type=sum&groupBy=route&filter=route%3D%2Fa'
 */
export function explorerHref(state: ExplorerState, range: { from?: string; to?: string }): string {
  const p = new URLSearchParams();
  if (range.from) p.set('from', range.from);
  if (range.to) p.set('to', range.to);
  if (state.metric) p.set('metric', state.metric);
  if (state.type) p.set('type', state.type);
  if (state.agg) p.set('agg', state.agg);
  if (state.groupBy.length > 0) p.set('groupBy', state.groupBy.join(','));
  for (const f of state.filters) p.append('filter', f);
  const text = p.toString();
  // /explore, as /metrics is the hub's own Prometheus endpoint
  return text ? `/explore?${text}` : '/explore';
}

/** What each point type can be aggregated by (server/query/metrics/types.ts), the default first. */
export const aggregationsOf: Record<string, string[]> = {
  gauge: ['avg', 'min', 'max', 'sum', 'last', 'count'],
  sum: ['rate', 'avg', 'min', 'max', 'sum', 'last', 'count'],
  histogram: ['p95', 'p50', 'p90', 'p99', 'count', 'sum', 'avg'],
  exponential_histogram: ['avg', 'count', 'sum'],
  summary: ['avg', 'count', 'sum'],
};

/**
 * An OTel unit (UCUM, as the metric declares it) as a Grafana unit; a rate adds "per second".
 * @example displayUnit('By', 'rate') === 'Bps'
 */
export function displayUnit(unit: string, agg: string): string {
  const perSecond = agg === 'rate';
  const byUnit: Record<string, [string, string]> = {
    By: ['bytes', 'Bps'],
    s: ['s', 'short'],
    ms: ['ms', 'short'],
    ns: ['ns', 'short'],
    '1': ['short', 'short'],
  };
  const known = byUnit[unit];
  if (agg === 'count') return 'short';
  if (known) return perSecond ? known[1] : known[0];
  return 'short';
}
