import { Hono } from 'hono';
import { z } from 'zod';
import type { TraceResult, TracesResult } from '../../../../shared/api.js';
import type { ApiDeps } from '../../app.js';
import type { RangeBound } from '../../limits.js';
import { AppError } from '../../errors.js';
import { checkRange, timeRangeQuery } from '../../time.js';
import { validate } from '../../validate.js';
import { hexIdParam, intParam, nonNegativeParam } from '../params.js';
import {
  matchingTraceIdsSql,
  scanWindow,
  traceSpanCountSql,
  traceSpansSql,
  traceSummariesSql,
  traceWindowSql,
  type SpanRowOut,
  type TraceSummaryRow,
  type TraceWindowRow,
} from './query.js';
import { toSpan, toTraceSummary } from './spans.js';

const statusCodes = { error: 'Error', ok: 'Ok', unset: 'Unset' } as const;

const searchQuery = (range: RangeBound) =>
  checkRange(
    timeRangeQuery
      .extend({
        service: z.string().min(1).optional(),
        operation: z.string().min(1).optional(),
        status: z.enum(['error', 'ok', 'unset']).optional(),
        minDurationMs: nonNegativeParam.optional(),
        maxDurationMs: nonNegativeParam.optional(),
        limit: intParam(1, 1000).default(20),
      })
      .strict(),
    range,
  ).refine((q) => q.minDurationMs === undefined || q.maxDurationMs === undefined || q.minDurationMs <= q.maxDurationMs, {
    message: 'must be ≥ minDurationMs',
    path: ['maxDurationMs'],
  });

const traceParam = z.object({ traceId: hexIdParam(16) });

const msToNs = (ms: number | undefined) => (ms === undefined ? undefined : Math.round(ms * 1e6));

export function tracesRoutes({ store, limits }: ApiDeps): Hono {
  const app = new Hono();

  /** Two steps so a big table is read twice narrowly rather than once wide: ids, then summaries. */
  app.get('/', validate('query', searchQuery(limits.searchRange)), async (c) => {
    const q = c.req.valid('query');
    const idsQ = matchingTraceIdsSql({
      fromMs: q.from,
      toMs: q.to,
      service: q.service,
      operation: q.operation,
      status: q.status && statusCodes[q.status],
      minDurationNs: msToNs(q.minDurationMs),
      maxDurationNs: msToNs(q.maxDurationMs),
      limit: q.limit,
    });
    const ids = (await store.query<{ traceId: string }>(idsQ.sql, idsQ.params)).map((r) => r.traceId);
    const range = { from: q.from, to: q.to };
    if (ids.length === 0) return c.json({ range, traces: [] } satisfies TracesResult);

    const windowQ = traceWindowSql(ids);
    const [w] = await store.query<TraceWindowRow>(windowQ.sql, windowQ.params);
    // Rows written before the lookup view existed have no entry: fall back to the search range.
    const window = w && w.found > 0 ? scanWindow(w) : scanWindow({ startMs: q.from, endMs: q.to });
    const sumQ = traceSummariesSql(ids, window);
    const rows = await store.query<TraceSummaryRow>(sumQ.sql, sumQ.params);
    return c.json({ range, traces: rows.map(toTraceSummary) } satisfies TracesResult);
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
