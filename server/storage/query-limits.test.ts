import { describe, expect, it } from 'vitest';
import { mergeLimits, QueryLimitError, settingsClause, toQueryLimitError, withQueryLimits, withSettingsClause, type QueryLimits } from './query-limits.js';
import type { QueryOptions, TelemetryStore } from './store.js';

const limits: QueryLimits = {
  timeoutSeconds: 30,
  maxMemoryBytes: 2147483648,
  maxResultRows: 1000000,
  settings: { time: 'OCTOLENS_QUERY_TIMEOUT_SECONDS', memory: 'OCTOLENS_QUERY_MAX_MEMORY_BYTES', rows: 'OCTOLENS_QUERY_MAX_RESULT_ROWS', scan: 'OCTOLENS_QUERY_MAX_ROWS_TO_READ' },
};
const scanned: QueryLimits = { ...limits, maxRowsToRead: 5_000_000_000 };

/** Verbatim chDB 26.7 errors, as @clickhouse/client's ClickHouseError carries them (code is a string). */
const clickHouseError = (code: string, type: string, message: string) => Object.assign(new Error(message), { code, type });

describe('query limits', () => {
  it('become a SETTINGS clause on its own line, after any trailing semicolon or comment', () => {
    expect(settingsClause(limits)).toBe(
      "SETTINGS max_execution_time = 30, max_memory_usage = 2147483648, max_result_rows = 1000000, result_overflow_mode = 'throw'",
    );
    expect(settingsClause(scanned)).toBe(
      "SETTINGS max_execution_time = 30, max_memory_usage = 2147483648, max_result_rows = 1000000, result_overflow_mode = 'throw', max_rows_to_read = 5000000000, read_overflow_mode = 'throw'",
    );
    expect(withSettingsClause('SELECT 1 -- one;\n ;\n', { ...limits, maxResultRows: 5 })).toBe(
      "SELECT 1 -- one\nSETTINGS max_execution_time = 30, max_memory_usage = 2147483648, max_result_rows = 5, result_overflow_mode = 'throw'",
    );
  });

  it.each([
    ['159', 'TIMEOUT_EXCEEDED', 'Timeout exceeded: elapsed 1000.145 ms, maximum: 1000 ms.', 'time', 30,
      'the query ran longer than its limit of 30 s (max_execution_time); narrow the time range or add filters, or raise OCTOLENS_QUERY_TIMEOUT_SECONDS'],
    ['241', 'MEMORY_LIMIT_EXCEEDED', 'Query memory limit exceeded: would use 96.06 MiB (attempt to allocate chunk of 64.00 MiB), maximum: 95.37 MiB.', 'memory', 2147483648,
      'the query needed more than its memory limit of 2147483648 bytes (max_memory_usage); narrow the time range, add filters or group by fewer labels, or raise OCTOLENS_QUERY_MAX_MEMORY_BYTES'],
    ['396', 'TOO_MANY_ROWS_OR_BYTES', 'Limit for result exceeded, max rows: 10.00, current rows: 100.00.', 'rows', 1000000,
      "the query's result has more than 1000000 rows (max_result_rows); narrow the time range or add filters, or raise OCTOLENS_QUERY_MAX_RESULT_ROWS"],
    ['158', 'TOO_MANY_ROWS', "Limit for rows (controlled by 'max_rows_to_read' setting) exceeded, max rows: 10.00, current rows: 100.00 thousand.", 'scan', 5000000000,
      'the query would read more than 5000000000 rows (max_rows_to_read); narrow the time range or add filters, or raise OCTOLENS_QUERY_MAX_ROWS_TO_READ'],
  ])('ClickHouse code %s (%s) → bound', (code, type, text, bound, limit, message) => {
    const cause = clickHouseError(code, type, text);
    const err = toQueryLimitError(cause, scanned)!;
    expect(err).toBeInstanceOf(QueryLimitError);
    expect([err.bound, err.limit, err.setting, err.message, err.cause]).toEqual([bound, limit, limits.settings![err.bound], message, cause]);
  });

  it('reads the code from the text when there is no code field, and leaves other errors alone', () => {
    expect(toQueryLimitError(new Error('Code: 159. DB::Exception: Timeout exceeded: elapsed 2 ms, maximum: 1 ms. (TIMEOUT_EXCEEDED)'), limits)?.bound).toBe('time');
    expect(toQueryLimitError(clickHouseError('62', 'SYNTAX_ERROR', 'Syntax error'), limits)).toBeUndefined();
    expect(toQueryLimitError('boom', limits)).toBeUndefined();
  });

  it('says nothing about a setting it was not told', () => {
    const { settings: _, ...bare } = limits;
    expect(toQueryLimitError(clickHouseError('396', 'TOO_MANY_ROWS_OR_BYTES', 'x'), bare)!.message).toBe(
      "the query's result has more than 1000000 rows (max_result_rows); narrow the time range or add filters",
    );
  });

  it('merge: the override wins per field, setting names merge per bound', () => {
    expect(mergeLimits(limits, { timeoutSeconds: 300, settings: { time: 'OCTOLENS_BACKGROUND_QUERY_TIMEOUT_SECONDS' } })).toEqual({
      ...limits,
      timeoutSeconds: 300,
      settings: { ...limits.settings, time: 'OCTOLENS_BACKGROUND_QUERY_TIMEOUT_SECONDS' },
    });
  });

  it('withQueryLimits passes its limits on every read, under the call’s own', async () => {
    const seen: Array<QueryOptions | undefined> = [];
    const store = { embedded: true, query: async (_sql: string, _p?: unknown, o?: QueryOptions) => (seen.push(o), []) } as unknown as TelemetryStore;
    const background = withQueryLimits(store, { timeoutSeconds: 300, settings: { time: 'OCTOLENS_BACKGROUND_QUERY_TIMEOUT_SECONDS' } });
    await background.query('SELECT 1');
    await background.query('SELECT 1', {}, { limits: { timeoutSeconds: 5, maxResultRows: 7 } });
    expect(seen).toEqual([
      { limits: { timeoutSeconds: 300, settings: { time: 'OCTOLENS_BACKGROUND_QUERY_TIMEOUT_SECONDS' } } },
      { limits: { timeoutSeconds: 5, maxResultRows: 7, settings: { time: 'OCTOLENS_BACKGROUND_QUERY_TIMEOUT_SECONDS' } } },
    ]);
    expect(background.embedded).toBe(true);
  });
});
