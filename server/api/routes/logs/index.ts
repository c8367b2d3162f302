import { Hono } from 'hono';
import { z } from 'zod';
import type { LogsResult } from '../../../../shared/api.js';
import type { ApiDeps } from '../../app.js';
import type { RangeBound } from '../../limits.js';
import { checkRange, timeRangeQuery } from '../../time.js';
import { validate } from '../../validate.js';
import { nanosToIso } from '../../../query/sql.js';
import { hexIdParam, intParam } from '../params.js';
import { logsSql, type LogRowOut } from './query.js';
import { severityParam } from './severity.js';

const logsQuery = (range: RangeBound) =>
  checkRange(
    timeRangeQuery
      .extend({
        q: z.string().min(1).optional(),
        service: z.string().min(1).optional(),
        severity: severityParam.optional(),
        traceId: hexIdParam(16).optional(),
        spanId: hexIdParam(8).optional(),
        limit: intParam(1, 1000).default(100),
      })
      .strict(),
    range,
  );

export function logsRoutes({ store, limits }: ApiDeps): Hono {
  const app = new Hono();

  app.get('/', validate('query', logsQuery(limits.searchRange)), async (c) => {
    const p = c.req.valid('query');
    const { sql, params } = logsSql({
      fromMs: p.from,
      toMs: p.to,
      q: p.q,
      service: p.service,
      severity: p.severity,
      traceId: p.traceId,
      spanId: p.spanId,
      limit: p.limit,
    });
    const rows = await store.query<LogRowOut>(sql, params);
    return c.json({ range: { from: p.from, to: p.to }, logs: rows.map((r) => ({ time: nanosToIso(r.timeUnixNano), ...r })) } satisfies LogsResult);
  });

  return app;
}
