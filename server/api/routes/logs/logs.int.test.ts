import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogsResult } from '../../../../shared/api.js';
import { formatNanos, type LogRow } from '../../../storage/rows.js';
import { openTestApi, type TestApi } from '../testing.js';
import { logsSql } from './query.js';

const base = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3 * 3_600_000;
const baseNs = BigInt(base) * 1_000_000n;
const TRACE = '0af7651916cd43dd8448eb211c80319c';
const SPAN = 'b7ad6b7169203331';

const log = (atNs: bigint, service: string, severityNumber: number, severityText: string, body: string, extra: Partial<LogRow> = {}): LogRow => ({
  Timestamp: formatNanos(baseNs + atNs), TraceId: '', SpanId: '', TraceFlags: 0, SeverityText: severityText, SeverityNumber: severityNumber,
  ServiceName: service, Body: body, ResourceSchemaUrl: '', ResourceAttributes: { 'service.name': service }, ScopeSchemaUrl: '',
  ScopeName: '', ScopeVersion: '', ScopeAttributes: {}, LogAttributes: {}, EventName: '', ...extra,
});
const s = (seconds: number) => BigInt(seconds) * 1_000_000_000n;
const ms = (millis: number) => BigInt(millis) * 1_000_000n;

// Bodies double as ids in the assertions below.
const rows = [
  log(s(1), 'checkout', 9, 'INFO', 'GET /cart done in 12ms', { TraceId: TRACE, SpanId: SPAN, LogAttributes: { 'http.route': '/cart' } }),
  // LIKE's wildcards and escape character, each beside a body the unescaped pattern would also match
  log(ms(1100), 'disk', 9, 'INFO', 'disk 95% full'),
  log(ms(1200), 'disk', 9, 'INFO', 'cpu at 95 percent'),
  log(ms(1300), 'disk', 9, 'INFO', 'bad user_id'),
  log(ms(1400), 'disk', 9, 'INFO', 'bad user-id'),
  log(ms(1500), 'disk', 9, 'INFO', 'copy to C:\\temp failed'),
  log(ms(1600), 'disk', 9, 'INFO', 'copy to C:temp failed'),
  log(s(2), 'checkout', 13, 'WARN', 'Timeout talking to tax'),
  log(s(3), 'checkout', 17, 'ERROR', 'payment FAILED: card declined'),
  log(s(4), 'checkout', 5, 'DEBUG', 'cache miss for cart 42'),
  log(s(5), 'tax', 18, 'ERROR', 'TIMEOUT contacting rates'),
  log(s(6), 'tax', 9, 'INFO', 'timeouts so far: 3'),
  log(s(7), 'tax', 21, 'FATAL', 'Ünïcode ÉTÉ crash'),
  log(s(8) + 100n, 'tax', 9, 'INFO', 'first of two in one millisecond'),
  log(s(8) + 200n, 'tax', 9, 'INFO', 'second of two in one millisecond'),
  log(s(9), 'tax', 0, '', 'no severity'),
  log(s(700), 'tax', 9, 'INFO', 'after the range'),
];

const range = `from=${base}&to=${base + 600_000}`;
let api: TestApi;

beforeAll(async () => {
  api = await openTestApi();
  await api.insert('otel_logs', rows);
});
afterAll(async () => {
  await api?.close();
});

const bodies = async (query: string) => {
  const { status, body } = await api.get<LogsResult>(`/api/v1/logs?${range}${query}`);
  expect(status).toBe(200);
  return body.logs.map((l) => l.body);
};

describe('GET /api/v1/logs', () => {
  it('returns records in range, newest first, to the nanosecond', async () => {
    const { body } = await api.get<LogsResult>(`/api/v1/logs?${range}`);
    expect(body.range).toEqual({ from: base, to: base + 600_000 });
    expect(body.logs.map((l) => l.body)).toEqual([
      'no severity',
      'second of two in one millisecond',
      'first of two in one millisecond',
      'Ünïcode ÉTÉ crash',
      'timeouts so far: 3',
      'TIMEOUT contacting rates',
      'cache miss for cart 42',
      'payment FAILED: card declined',
      'Timeout talking to tax',
      'copy to C:temp failed',
      'copy to C:\\temp failed',
      'bad user-id',
      'bad user_id',
      'cpu at 95 percent',
      'disk 95% full',
      'GET /cart done in 12ms',
    ]);
    expect(body.logs[1]!.timeUnixNano).toBe((baseNs + s(8) + 200n).toString());
    expect(body.logs.at(-1)).toEqual({
      time: new Date(base + 1000).toISOString(),
      timeUnixNano: (baseNs + s(1)).toString(),
      severityText: 'INFO',
      severityNumber: 9,
      serviceName: 'checkout',
      body: 'GET /cart done in 12ms',
      traceId: TRACE,
      spanId: SPAN,
      attributes: { 'http.route': '/cart' },
      resourceAttributes: { 'service.name': 'checkout' },
    });
  });

  it.each([
    // a case-insensitive substring, whatever the casing typed and wherever it sits in a word
    ['&q=timeout', ['timeouts so far: 3', 'TIMEOUT contacting rates', 'Timeout talking to tax']],
    ['&q=tImeout', ['timeouts so far: 3', 'TIMEOUT contacting rates', 'Timeout talking to tax']],
    ['&q=TIME', ['timeouts so far: 3', 'TIMEOUT contacting rates', 'Timeout talking to tax']],
    ['&q=ms', ['GET /cart done in 12ms']],
    ['&q=Card%20Declined', ['payment FAILED: card declined']],
    ['&q=%2Fcart', ['GET /cart done in 12ms']],
    ['&q=timeouts%20so', ['timeouts so far: 3']],
    ['&q=nothing%20like%20this', []],
    // %, _ and \ match themselves
    ['&q=95%25', ['disk 95% full']],
    ['&q=user_id', ['bad user_id']],
    ['&q=c%3A%5Ctemp', ['copy to C:\\temp failed']],
    // non-ASCII: folded in UTF-8
    ['&q=%C3%A9t%C3%A9', ['Ünïcode ÉTÉ crash']],
    ['&q=%C3%BCn%C3%AFcode%20%C3%A9', ['Ünïcode ÉTÉ crash']],
  ])('searches the body with %s', async (query, expected) => {
    expect(await bodies(query)).toEqual(expected);
  });

  it('applies the trigram index of lower(Body) to ASCII text, not to other text (EXPLAIN indexes = 1)', async () => {
    const explain = async (q: string) => {
      const { sql, params } = logsSql({ fromMs: base, toMs: base + 600_000, q, limit: 100 });
      const rows = await api.store.query<{ explain: string }>(`EXPLAIN indexes = 1 ${sql}`, params);
      return rows.map((r) => r.explain).join('\n');
    };
    expect(await explain('TimeOut')).toMatch(/Name: idx_body_lower\n[│\s]+Description: ngrambf_v1 GRANULARITY 8/);
    expect(await explain('été')).not.toMatch(/idx_body_lower/);
  });

  it.each([
    ['&severity=warn', ['Ünïcode ÉTÉ crash', 'TIMEOUT contacting rates', 'payment FAILED: card declined', 'Timeout talking to tax']],
    ['&severity=ERROR', ['Ünïcode ÉTÉ crash', 'TIMEOUT contacting rates', 'payment FAILED: card declined']],
    ['&severity=18', ['Ünïcode ÉTÉ crash', 'TIMEOUT contacting rates']],
    ['&severity=fatal', ['Ünïcode ÉTÉ crash']],
    ['&service=checkout&severity=debug&q=cart', ['cache miss for cart 42', 'GET /cart done in 12ms']],
  ])('keeps a minimum severity with %s', async (query, expected) => {
    expect(await bodies(query)).toEqual(expected);
  });

  it('filters by service, trace and span, ids in any case', async () => {
    expect(await bodies('&service=checkout&limit=2')).toEqual(['cache miss for cart 42', 'payment FAILED: card declined']);
    expect(await bodies(`&traceId=${TRACE.toUpperCase()}`)).toEqual(['GET /cart done in 12ms']);
    expect(await bodies(`&spanId=${SPAN}`)).toEqual(['GET /cart done in 12ms']);
    expect(await bodies(`&traceId=${'f'.repeat(32)}`)).toEqual([]);
    expect(await bodies('&spanId=0af7651916cd43dd')).toEqual([]);
  });

  it('keeps the limit', async () => {
    expect(await bodies('&limit=1')).toEqual(['no severity']);
  });

  it.each([
    ['severity=LOUD', 'severity: expected TRACE, DEBUG, INFO, WARN, ERROR, FATAL or a severity number 1–24, got "LOUD"'],
    ['severity=25', 'severity: expected TRACE, DEBUG, INFO, WARN, ERROR, FATAL or a severity number 1–24, got "25"'],
    ['limit=1001', 'limit: expected an integer from 1 to 1000, got "1001"'],
    ['traceId=xyz', 'traceId: expected 32 hex characters'],
    ['spanId=0af7', 'spanId: expected 16 hex characters'],
    ['q=', 'q: Too small: expected string to have >=1 characters'],
  ])('refuses %s', async (query, message) => {
    const res = await api.get<{ message: string }>(`/api/v1/logs?${range}&${query}`);
    expect(res.status).toBe(400);
    expect(res.body.message).toBe(message);
  });
});
