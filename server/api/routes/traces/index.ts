import { Hono } from 'hono';
import { z } from 'zod';
import type { FacetsResult, TraceLatencyResult, TraceResult, TracesResult } from '../../../../shared/api.js';
import type { ApiDeps } from '../../app.js';
import type { RangeBound } from '../../limits.js';
import { AppError } from '../../errors.js';
import { checkRange, timeRangeQuery } from '../../time.js';
import { validate } from '../../validate.js';
import { groupFacets, type FacetRow } from '../../../query/search-filter.js';
import { cursorParam, encodeCursor, nanosString } from '../cursor.js';
import { hexIdParam, intParam, nonNegativeParam } from '../params.js';
import { attributeFilterParam, nameMatchParam, withFilterRegexCheck } from '../search-params.js';
import {
  matchingTraceIdsSql,
  scanWindow,
  traceFacetKeys,
  traceFacetsSql,
  traceLatencySql,
  traceSpanCountSql,
  traceSpansSql,
  traceSummariesSql,
  traceWindowSql,
  type SpanRowOut,
  type TraceFilters,
  type TraceSummaryRow,
  type TraceWindowRow,
} from './query.js';
import { fillBuckets, type LatencyBucketRow } from './latency.js';
import { toSpan, toTraceSummary } from './spans.js';

const statusCodes = { error: 'Error', ok: 'Ok', unset: 'Unset' } as const;

const FACET_VALUES = 10;

const traceCursor = cursorParam(z.object({ t: nanosString, id: z.string().regex(/^[0-9a-f]{32}$/) }));

/** What narrows a trace search; the list adds a page (limit, cursor), the facets and latency histogram take these alone. */
const filterParams = {
  service: nameMatchParam.optional(),
  operation: nameMatchParam.optional(),
  status: z.enum(['error', 'ok', 'unset']).optional(),
  minDurationMs: nonNegativeParam.optional(),
  maxDurationMs: nonNegativeParam.optional(),
  filter: attributeFilterParam.default([]),
};

const filterQuery = timeRangeQuery.extend(filterParams);

/** The from/to checks, and min ≤ max duration, on a query made of filterQuery and its page. */
const checked = <T extends z.output<typeof filterQuery>>(schema: z.ZodType<T>, range: RangeBound) =>
  checkRange(schema, range).refine((q) => q.minDurationMs === undefined || q.maxDurationMs === undefined || q.minDurationMs <= q.maxDurationMs, {
    message: 'must be ≥ minDurationMs',
    path: ['maxDurationMs'],
  });

const searchQuery = (range: RangeBound) => checked(filterQuery.extend({ limit: intParam(1, 1000).default(20), cursor: traceCursor.optional() }).strict(), range);
const facetsQuery = (range: RangeBound) => checked(filterQuery.strict(), range);

type FilterQuery = z.output<typeof filterQuery>;

const toFilters = (q: FilterQuery): TraceFilters => ({
  fromMs: q.from,
  toMs: q.to,
  service: q.service,
  operation: q.operation,
  status: q.status && statusCodes[q.status],
  minDurationNs: msToNs(q.minDurationMs),
  maxDurationNs: msToNs(q.maxDurationMs),
  filters: q.filter,
});

const traceParam = z.object({ traceId: hexIdParam(16) });

const msToNs = (ms: number | undefined) => (ms === undefined ? undefined : Math.round(ms * 1e6));

export function tracesRoutes({ store, limits }: ApiDeps): Hono {
  const app = new Hono();

  /**
   * Two steps so a big table is read twice narrowly rather than once wide: ids, then summaries.
   * One id past the limit says whether there is a next page.
   */
  app.get('/', validate('query', searchQuery(limits.searchRange)), async (c) => {
    const q = c.req.valid('query');
    const idsQ = matchingTraceIdsSql({ ...toFilters(q), limit: q.limit + 1, after: q.cursor && { startNs: q.cursor.t, traceId: q.cursor.id } });
    const found = await withFilterRegexCheck(store, q.filter, () => store.query<{ traceId: string; startNs: string }>(idsQ.sql, idsQ.params));
    const page = found.slice(0, q.limit);
    const last = page.at(-1);
    const nextCursor = found.length > q.limit && last ? encodeCursor({ t: last.startNs, id: last.traceId }) : null;
    const ids = page.map((r) => r.traceId);
    const range = { from: q.from, to: q.to };
    if (ids.length === 0) return c.json({ range, traces: [], nextCursor } satisfies TracesResult);

    const windowQ = traceWindowSql(ids);
    const [w] = await store.query<TraceWindowRow>(windowQ.sql, windowQ.params);
    // Rows written before the lookup view existed have no entry: fall back to the search range.
    const window = w && w.found > 0 ? scanWindow(w) : scanWindow({ startMs: q.from, endMs: q.to });
    const sumQ = traceSummariesSql(ids, window);
    const rows = await store.query<TraceSummaryRow>(sumQ.sql, sumQ.params);
    return c.json({ range, traces: rows.map(toTraceSummary), nextCursor } satisfies TracesResult);
  });

  /** Registered before /:traceId; the same filters as the search, over every matching span in range. */
  app.get('/facets', validate('query', facetsQuery(limits.searchRange)), async (c) => {
    const q = c.req.valid('query');
    const { sql, params } = traceFacetsSql(toFilters(q), FACET_VALUES);
    const rows = await withFilterRegexCheck(store, q.filter, () => store.query<FacetRow>(sql, params));
    return c.json({ range: { from: q.from, to: q.to }, facets: groupFacets([...traceFacetKeys], rows) } satisfies FacetsResult);
  });

  /** Registered before /:traceId: the search's spans per log-scale duration bucket (docs/search.md). */
  app.get('/latency', validate('query', facetsQuery(limits.searchRange)), async (c) => {
    const q = c.req.valid('query');
    const { sql, params } = traceLatencySql(toFilters(q));
    const rows = await withFilterRegexCheck(store, q.filter, () => store.query<LatencyBucketRow>(sql, params));
    return c.json({ range: { from: q.from, to: q.to }, buckets: fillBuckets(rows) } satisfies TraceLatencyResult);
  });

  app.get('/:traceId', validate('param', traceParam), async (c) => {
    const { traceId } = c.req.valid('param');
    const windowQ = traceWindowSql([traceId]);
    const [w] = await store.query<TraceWindowRow>(windowQ.sql, windowQ.params);
    if (!w || w.found === 0) throw new AppError('not_found', `no trace ${traceId}`);
    const window = scanWindow(w);
    // One span past the limit tells a trace that is longer; only then are its spans counted.
    const maxSpans = limits.trace.maxSpans;
    const spansQ = traceSpansSql(traceId, window, maxSpans + 1);
    const rows = await store.query<SpanRowOut>(spansQ.sql, spansQ.params);
    if (rows.length === 0) throw new AppError('not_found', `no trace ${traceId}`);
    const truncated = rows.length > maxSpans;
    let spanCount = rows.length;
    if (truncated) {
      const countQ = traceSpanCountSql(traceId, window);
      spanCount = (await store.query<{ spans: number }>(countQ.sql, countQ.params))[0]?.spans ?? rows.length;
    }
    const spans = (truncated ? rows.slice(0, maxSpans) : rows).map(toSpan);
    return c.json({ traceId, spans, truncated, spanCount } satisfies TraceResult);
  });

  return app;
}
