import { z } from 'zod';
import type { QueryLimits } from '../storage/index.js';

const positiveInt = z.coerce.number().int().min(1);

/**
 * Bounds on what one query may cost (docs/architecture.md, "Bounded queries"). API reads
 * get the short timeout; the SLO engine and alert rules, which legitimately scan a whole
 * SLO period, get `backgroundTimeoutSeconds` and no range cap.
 */
export const queryConfigSchema = z
  .object({
    /** max_execution_time of an API query */
    timeoutSeconds: positiveInt.default(30),
    /** max_memory_usage of any query */
    maxMemoryBytes: positiveInt.default(2 * 1024 ** 3),
    /** max_result_rows of any query; the API's lists have their own LIMITs well below it */
    maxResultRows: positiveInt.default(1_000_000),
    /** max_rows_to_read of an API query: 500× the 10M-row tables the benchmarks query in 24 h */
    maxRowsToRead: positiveInt.default(5_000_000_000),
    /** longest from/to of a telemetry search: a bit more than the longest default retention (30 days) */
    maxRangeDays: positiveInt.default(31),
    /** longest from/to of a long-horizon figure (DORA, cost) */
    maxLongRangeDays: positiveInt.default(400),
    /** spans GET /traces/:id returns; past it the answer is marked truncated */
    traceMaxSpans: positiveInt.default(10_000),
    /** series a metrics groupBy may make; past it the query is refused */
    maxSeries: positiveInt.default(500),
    /** max_execution_time of the SLO engine's and alert rules' queries */
    backgroundTimeoutSeconds: positiveInt.default(300),
  })
  .strict()
  .refine((q) => q.maxLongRangeDays >= q.maxRangeDays, {
    path: ['maxLongRangeDays'],
    message: 'must be ≥ the telemetry search cap (maxRangeDays)',
  });

export type QueryConfig = z.infer<typeof queryConfigSchema>;

export const defaultQueryConfig = (): QueryConfig => queryConfigSchema.parse({});

/** The env var of each setting; errors name it so a user knows what raises a bound. */
export const querySettingNames = {
  timeoutSeconds: 'OCTOLENS_QUERY_TIMEOUT_SECONDS',
  maxMemoryBytes: 'OCTOLENS_QUERY_MAX_MEMORY_BYTES',
  maxResultRows: 'OCTOLENS_QUERY_MAX_RESULT_ROWS',
  maxRowsToRead: 'OCTOLENS_QUERY_MAX_ROWS_TO_READ',
  maxRangeDays: 'OCTOLENS_QUERY_MAX_RANGE_DAYS',
  maxLongRangeDays: 'OCTOLENS_QUERY_MAX_LONG_RANGE_DAYS',
  traceMaxSpans: 'OCTOLENS_TRACE_MAX_SPANS',
  maxSeries: 'OCTOLENS_QUERY_MAX_SERIES',
  backgroundTimeoutSeconds: 'OCTOLENS_BACKGROUND_QUERY_TIMEOUT_SECONDS',
} as const satisfies Record<keyof QueryConfig, string>;

/** The store's default bounds: those of an API query. */
export const apiQueryLimits = (q: QueryConfig): QueryLimits => ({
  timeoutSeconds: q.timeoutSeconds,
  maxMemoryBytes: q.maxMemoryBytes,
  maxResultRows: q.maxResultRows,
  maxRowsToRead: q.maxRowsToRead,
  settings: { time: querySettingNames.timeoutSeconds, memory: querySettingNames.maxMemoryBytes, rows: querySettingNames.maxResultRows, scan: querySettingNames.maxRowsToRead },
});

/** Over the store's defaults for background jobs (SLO rollups and backfills, alert rules, service discovery). */
export const backgroundQueryLimits = (q: QueryConfig): Partial<QueryLimits> => ({
  timeoutSeconds: q.backgroundTimeoutSeconds,
  // an SLO period legitimately scans everything in it; the timeout bounds these
  maxRowsToRead: 0,
  settings: { time: querySettingNames.backgroundTimeoutSeconds },
});
