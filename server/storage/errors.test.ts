import { describe, expect, it } from 'vitest';
import { classifyStoreError, storeErrorSummary } from './errors.js';

/** As @clickhouse/client raises them: code and type fields, ClickHouse's text (verbatim from chDB 26.7). */
const clickHouseError = (code: string, type: string, message: string) => Object.assign(new Error(message), { code, type });
const spool = '(in file/uri /tmp/x-JHCXcP/clickhouse/spool/5722-1.jsonl): While executing ParallelParsingBlockInputFormat: While executing File. ';

describe('classifyStoreError', () => {
  it.each([
    ['DECIMAL_OVERFLOW', clickHouseError('407', 'DECIMAL_OVERFLOW', `Decimal math overflow: (while reading the value of key Timestamp): ${spool}`), 'permanent'],
    [
      'CANNOT_PARSE_INPUT_ASSERTION_FAILED',
      clickHouseError('27', 'CANNOT_PARSE_INPUT_ASSERTION_FAILED', `Cannot parse input: expected '"' before: 'abc"': (while reading the value of key Duration): (at row 1)\n: ${spool}`),
      'permanent',
    ],
    [
      'CANNOT_PARSE_ESCAPE_SEQUENCE',
      clickHouseError('25', 'CANNOT_PARSE_ESCAPE_SEQUENCE', `Cannot parse escape sequence: missing second part of surrogate pair.: (while reading the value of key SpanName): (at row 1)\n: ${spool}`),
      'permanent',
    ],
    ['SIZES_OF_ARRAYS_DONT_MATCH', clickHouseError('190', 'SIZES_OF_ARRAYS_DONT_MATCH', "Elements 'Events.Timestamp' and 'Events.Name' of Nested data structure 'Events' (Array columns) have different array sizes. "), 'permanent'],
    ['an exception code from the text alone', new Error('Code: 53. DB::Exception: Type mismatch in IN or VALUES section'), 'permanent'],
    ['TOO_MANY_PARTS (merges behind)', clickHouseError('252', 'TOO_MANY_PARTS', 'Too many parts (3001 with average size of 12.50 KiB) in table'), 'transient'],
    ['MEMORY_LIMIT_EXCEEDED', clickHouseError('241', 'MEMORY_LIMIT_EXCEEDED', 'Memory limit (total) exceeded: would use 9.31 GiB'), 'transient'],
    ['TIMEOUT_EXCEEDED', clickHouseError('159', 'TIMEOUT_EXCEEDED', 'Timeout exceeded: elapsed 30.1 seconds, maximum: 30'), 'transient'],
    ['UNKNOWN_TABLE', clickHouseError('60', 'UNKNOWN_TABLE', "Unknown table expression identifier 'nonexist' in scope SELECT 1 FROM nonexist. "), 'transient'],
    ['ATTEMPT_TO_READ_AFTER_EOF', clickHouseError('32', 'ATTEMPT_TO_READ_AFTER_EOF', `Attempt to read after eof: (while reading the value of key Timestamp): ${spool}`), 'transient'],
    ['connection refused', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8123'), { code: 'ECONNREFUSED' }), 'transient'],
    ['socket hang up', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), 'transient'],
    ['a client timeout', new Error('Timeout error.'), 'transient'],
    ['not an Error', 'boom', 'transient'],
  ])('%s → %s', (_name, err, kind) => {
    expect(classifyStoreError(err)).toBe(kind);
  });
});

describe('storeErrorSummary', () => {
  it.each([
    [
      clickHouseError('407', 'DECIMAL_OVERFLOW', `Decimal math overflow: (while reading the value of key Timestamp): ${spool}`),
      'Decimal math overflow (while reading the value of key Timestamp) (DECIMAL_OVERFLOW)',
    ],
    [
      clickHouseError('27', 'CANNOT_PARSE_INPUT_ASSERTION_FAILED', `Cannot parse input: expected '"' before: 'abc"': (while reading the value of key Duration): (at row 1)\n: ${spool}`),
      `Cannot parse input: expected '"' before: 'abc"' (while reading the value of key Duration) (CANNOT_PARSE_INPUT_ASSERTION_FAILED)`,
    ],
    [new Error('Code: 53. DB::Exception: Type mismatch in IN or VALUES section. (TYPE_MISMATCH) (version 26.7.1.1)'), 'Type mismatch in IN or VALUES section (TYPE_MISMATCH)'],
  ])('keeps the reason and the error name, not the spool path: %#', (err, summary) => {
    expect(storeErrorSummary(err)).toBe(summary);
  });
});
