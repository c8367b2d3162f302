import { Hono } from 'hono';
import { z } from 'zod';
import type { FacetsResult, LogRecord, LogsAroundResult, LogsResult, LogVolumeResult } from '../../../../shared/api.js';
import type { ApiDeps } from '../../app.js';
import type { RangeBound } from '../../limits.js';
import { checkRange, timeRangeQuery } from '../../time.js';
import { validate } from '../../validate.js';
import { nanosToIso } from '../../../query/sql.js';
import { groupFacets, type FacetRow } from '../../../query/search-filter.js';
import { cursorParam, encodeCursor, nanosString } from '../cursor.js';
import { hexIdParam, intParam, stepParam, withStep } from '../params.js';
import { attributeFilterParam, nameMatchParam, withFilterRegexCheck } from '../search-params.js';
import {
  commonAttributeKeysSql,
  logFacetKeys,
  logFacetsSql,
  logsAroundSql,
  logsSql,
  logVolumeSql,
  type LogFilters,
  type LogRowOut,
  type VolumeRow,
} from './query.js';
import { severityParam } from './severity.js';
import { volumeFrame } from './volume.js';

const FACET_VALUES = 10;
/** attribute keys the facets add beyond the fixed ones: the most common in the result */
const FACET_ATTRIBUTE_KEYS = 5;

/** What narrows a log search; the list adds a page, the histogram a step, the facets nothing. */
const filterQuery = timeRangeQuery.extend({
  q: z.string().min(1).optional(),
  in: z.enum(['all', 'body']).default('all'),
  service: nameMatchParam.optional(),
  severity: severityParam.optional(),
  traceId: hexIdParam(16).optional(),
  spanId: hexIdParam(8).optional(),
  filter: attributeFilterParam.default([]),
});

const logCursor = cursorParam(z.object({ t: nanosString, skip: z.number().int().min(0) }));

const logsQuery = (range: RangeBound) => checkRange(filterQuery.extend({ limit: intParam(1, 1000).default(100), cursor: logCursor.optional() }).strict(), range);
const facetsQuery = (range: RangeBound) => checkRange(filterQuery.strict(), range);
const volumeQuery = (range: RangeBound) => withStep(filterQuery.extend({ step: stepParam.optional() }).strict(), range);

const aroundQuery = z
  .object({
    service: z.string().min(1),
    timeUnixNano: z.string().regex(/^\d{1,19}$/, { message: 'expected nanoseconds since the epoch (digits)' }),
    count: intParam(1, 500).default(20),
  })
  .strict();

const toFilters = (p: z.output<typeof filterQuery>): LogFilters => ({
  fromMs: p.from,
  toMs: p.to,
  q: p.q,
  qIn: p.in,
  service: p.service,
  severity: p.severity,
  traceId: p.traceId,
  spanId: p.spanId,
  filters: p.filter,
});

const toRecord = (r: LogRowOut): LogRecord => ({ time: nanosToIso(r.timeUnixNano), ...r });

export function logsRoutes({ store, limits }: ApiDeps): Hono {
  const app = new Hono();

  /** One record past the limit says whether there is a next page. */
  app.get('/', validate('query', logsQuery(limits.searchRange)), async (c) => {
    const p = c.req.valid('query');
    const after = p.cursor && { timeUnixNano: p.cursor.t, skip: p.cursor.skip };
    const { sql, params } = logsSql({ ...toFilters(p), limit: p.limit + 1, after });
    const rows = await withFilterRegexCheck(store, p.filter, () => store.query<LogRowOut>(sql, params));
    const page = rows.slice(0, p.limit);
    const last = page.at(-1);
    let nextCursor: string | null = null;
    if (rows.length > p.limit && last) {
      // Records at the last one's nanosecond returned so far: on this page, and on earlier ones when they ended there too.
      const atLast = page.filter((r) => r.timeUnixNano === last.timeUnixNano).length;
      nextCursor = encodeCursor({ t: last.timeUnixNano, skip: atLast + (after?.timeUnixNano === last.timeUnixNano ? after.skip : 0) });
    }
    return c.json({ range: { from: p.from, to: p.to }, logs: page.map(toRecord), nextCursor } satisfies LogsResult);
  });

  /** The fixed keys, then the attribute keys most matching records carry. */
  app.get('/facets', validate('query', facetsQuery(limits.searchRange)), async (c) => {
    const p = c.req.valid('query');
    const filters = toFilters(p);
    const facets = await withFilterRegexCheck(store, p.filter, async () => {
      const keysQ = commonAttributeKeysSql(filters, FACET_ATTRIBUTE_KEYS, [...logFacetKeys]);
      const common = (await store.query<{ key: string }>(keysQ.sql, keysQ.params)).map((r) => r.key);
      const keys = [...logFacetKeys, ...common];
      const { sql, params } = logFacetsSql(filters, keys, FACET_VALUES);
      return groupFacets(keys, await store.query<FacetRow>(sql, params));
    });
    return c.json({ range: { from: p.from, to: p.to }, facets } satisfies FacetsResult);
  });

  app.get('/volume', validate('query', volumeQuery(limits.searchRange)), async (c) => {
    const p = c.req.valid('query');
    const { sql, params } = logVolumeSql(toFilters(p), p.step);
    const rows = await withFilterRegexCheck(store, p.filter, () => store.query<VolumeRow>(sql, params));
    return c.json({ range: { from: p.from, to: p.to }, step: p.step, frame: volumeFrame(p.from, p.to, p.step, rows) } satisfies LogVolumeResult);
  });

  app.get('/around', validate('query', aroundQuery), async (c) => {
    const p = c.req.valid('query');
    const { sql, params } = logsAroundSql(p.service, p.timeUnixNano, p.count);
    const rows = await store.query<LogRowOut>(sql, params);
    // The union's three parts arrive in any order: newest first, as the list reads.
    const byNewest = (a: LogRowOut, b: LogRowOut) => (BigInt(b.timeUnixNano) > BigInt(a.timeUnixNano) ? 1 : BigInt(b.timeUnixNano) < BigInt(a.timeUnixNano) ? -1 : 0);
    return c.json({ service: p.service, timeUnixNano: p.timeUnixNano, logs: rows.sort(byNewest).map(toRecord) } satisfies LogsAroundResult);
  });

  return app;
}
