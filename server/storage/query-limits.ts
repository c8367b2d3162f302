import type { QueryOptions, TelemetryStore } from './store.js';

/** The bounds one read carries; 0 turns a bound off (ClickHouse's own meaning of 0). */
export interface QueryLimits {
  /** max_execution_time */
  timeoutSeconds: number;
  /** max_memory_usage */
  maxMemoryBytes: number;
  /** max_result_rows, with result_overflow_mode = 'throw' (never a silently cut result) */
  maxResultRows: number;
  /** max_rows_to_read, with read_overflow_mode = 'throw': the rows one query may scan; absent or 0, unbounded */
  maxRowsToRead?: number;
  /** the setting a user raises for each bound, named in the error when it is hit */
  settings?: Partial<Record<QueryBound, string>>;
}

export type QueryBound = 'time' | 'memory' | 'rows' | 'scan';

/** Used when the store is created without limits: the same values as the config defaults. */
export const defaultQueryLimits = (): QueryLimits => ({ timeoutSeconds: 30, maxMemoryBytes: 2 * 1024 ** 3, maxResultRows: 1_000_000, maxRowsToRead: 5_000_000_000 });

/**
 * The limits as a SETTINGS clause on the statement itself. Not `clickhouse_settings`: chDB's
 * connection turns those into `SET x = v` on its one session, so they would stay in force for
 * every later statement, inserts included; a SETTINGS clause lasts for its query only, on
 * chDB and on a server alike. It also covers the subqueries; max_result_rows counts the
 * outermost result only (checked here: an INSERT … SELECT is not cut by it).
 * @example settingsClause({ timeoutSeconds: 30, maxMemoryBytes: 0, maxResultRows: 10 })
 *   // "SETTINGS max_execution_time = 30, max_memory_usage = 0, max_result_rows = 10, result_overflow_mode = 'throw'"
 */
export function settingsClause(l: QueryLimits): string {
  const scan = l.maxRowsToRead ? `, max_rows_to_read = ${l.maxRowsToRead}, read_overflow_mode = 'throw'` : '';
  return `SETTINGS max_execution_time = ${l.timeoutSeconds}, max_memory_usage = ${l.maxMemoryBytes}, max_result_rows = ${l.maxResultRows}, result_overflow_mode = 'throw'${scan}`;
}

/** Appends the clause; on its own line, so a trailing `-- comment` cannot swallow it. */
export const withSettingsClause = (sql: string, l: QueryLimits) => `${sql.replace(/[\s;]+$/, '')}\n${settingsClause(l)}`;

/** ClickHouse error codes of the bounds (src/Common/ErrorCodes.cpp). */
const boundOfCode: Record<number, QueryBound> = { 159: 'time', 241: 'memory', 396: 'rows', 158: 'scan' };
const clickHouseSetting: Record<QueryBound, string> = { time: 'max_execution_time', memory: 'max_memory_usage', rows: 'max_result_rows', scan: 'max_rows_to_read' };

/** A read stopped by one of its bounds; says which, the limit, and what raises it. */
export class QueryLimitError extends Error {
  override name = 'QueryLimitError';
  constructor(
    readonly bound: QueryBound,
    /** seconds, bytes or rows */
    readonly limit: number,
    /** the setting that raises the bound, when known */
    readonly setting: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(limitMessage(bound, limit, setting), options);
  }
}

function limitMessage(bound: QueryBound, limit: number, setting: string | undefined): string {
  const raise = setting ? `, or raise ${setting}` : '';
  switch (bound) {
    case 'time':
      return `the query ran longer than its limit of ${limit} s (${clickHouseSetting.time}); narrow the time range or add filters${raise}`;
    case 'memory':
      return `the query needed more than its memory limit of ${limit} bytes (${clickHouseSetting.memory}); narrow the time range, add filters or group by fewer labels${raise}`;
    case 'rows':
      return `the query's result has more than ${limit} rows (${clickHouseSetting.rows}); narrow the time range or add filters${raise}`;
    case 'scan':
      return `the query would read more than ${limit} rows (${clickHouseSetting.scan}); narrow the time range or add filters${raise}`;
  }
}

/** `err` as a QueryLimitError when ClickHouse stopped the query at one of `limits`' bounds, else undefined. */
export function toQueryLimitError(err: unknown, limits: QueryLimits): QueryLimitError | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const code = Number((err as { code?: unknown }).code ?? /\bCode: (\d+)\./.exec(String((err as Error).message))?.[1]);
  const bound = boundOfCode[code];
  if (!bound) return undefined;
  const limit = { time: limits.timeoutSeconds, memory: limits.maxMemoryBytes, rows: limits.maxResultRows, scan: limits.maxRowsToRead ?? 0 }[bound];
  return new QueryLimitError(bound, limit, limits.settings?.[bound], { cause: err });
}

/** `over` on top of `base`; the setting names merge per bound. */
export function mergeLimits(base: QueryLimits, over: Partial<QueryLimits> | undefined): QueryLimits {
  if (!over) return base;
  return { ...base, ...over, settings: { ...base.settings, ...over.settings } };
}

/**
 * The same store with other limits on every read, e.g. the SLO engine's longer timeout.
 * A call's own `limits` still win.
 * @example createSloEngine({ store: withQueryLimits(store, { timeoutSeconds: 300 }), … })
 */
export function withQueryLimits(store: TelemetryStore, limits: Partial<QueryLimits>): TelemetryStore {
  return {
    ...store,
    query: <T>(sql: string, params?: Record<string, unknown>, options?: QueryOptions) =>
      store.query<T>(sql, params, { ...options, limits: { ...limits, ...options?.limits, settings: { ...limits.settings, ...options?.limits?.settings } } }),
  };
}
