import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FacetsResult, LogsAroundResult, LogsResult, LogVolumeResult } from '../../../../shared/api.js';
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
  log(s(2), 'checkout', 13, 'WARN', 'Timeout talking to tax', { LogAttributes: { 'http.response.status_code': '504', 'peer.service': 'tax' } }),
  log(s(3), 'checkout', 17, 'ERROR', 'payment FAILED: card declined', {
    LogAttributes: { 'error.type': 'CardDeclined', 'http.response.status_code': '402', 'user.id': 'u-17' },
    ResourceAttributes: { 'service.name': 'checkout', 'host.name': 'web-1' },
  }),
  log(s(4), 'checkout', 5, 'DEBUG', 'cache miss for cart 42', { LogAttributes: { 'cache.key': 'cart:42' } }),
  log(s(5), 'tax', 18, 'ERROR', 'TIMEOUT contacting rates', { LogAttributes: { 'http.response.status_code': '503' }, ResourceAttributes: { 'service.name': 'tax', 'host.name': 'web-2' } }),
  log(s(6), 'tax', 9, 'INFO', 'timeouts so far: 3'),
  log(s(7), 'tax', 21, 'FATAL', 'Ünïcode ÉTÉ crash'),
  log(s(8) + 100n, 'tax', 9, 'INFO', 'first of two in one millisecond'),
  log(s(8) + 200n, 'tax', 9, 'INFO', 'second of two in one millisecond'),
  log(s(9), 'tax', 0, '', 'no severity'),
  log(s(700), 'tax', 9, 'INFO', 'after the range'),
  // beyond the main range: levels read from the text alone, and three records in one nanosecond
  log(s(620), 'legacy', 0, 'warning', 'levels from text: warning'),
  log(s(621), 'legacy', 0, 'Critical', 'levels from text: critical'),
  log(s(630) - ms(1), 'ties', 9, 'INFO', 'just before the ties'),
  log(s(630), 'ties', 9, 'INFO', 'tie one'),
  log(s(630), 'ties', 9, 'INFO', 'tie two'),
  log(s(630), 'ties', 9, 'INFO', 'tie three'),
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

const filterQuery = (filters: string | string[]) => [filters].flat().map((f) => `&filter=${encodeURIComponent(f)}`).join('');

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
    // attribute values too: u-17 and CardDeclined are in no body
    ['&q=U-17', ['payment FAILED: card declined']],
    ['&q=carddecl', ['payment FAILED: card declined']],
    ['&q=cart', ['cache miss for cart 42', 'GET /cart done in 12ms']],
    ['&q=cart%3A4', ['cache miss for cart 42']],
    ['&q=u-17&in=body', []],
    // a match never spans the body and a value, or two values
    ['&q=declined%0Acarddeclined', []],
    ['&q=402%0Au-17', []],
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

  it('applies the trigram index of the record text to ASCII text, in the body alone or with the attribute values, not to other text (EXPLAIN indexes = 1)', async () => {
    const explain = async (q: string, qIn: 'all' | 'body') => {
      const { sql, params } = logsSql({ fromMs: base, toMs: base + 600_000, q, qIn, limit: 100 });
      const rows = await api.store.query<{ explain: string }>(`EXPLAIN indexes = 1 ${sql}`, params);
      return rows.map((r) => r.explain).join('\n');
    };
    for (const qIn of ['all', 'body'] as const) {
      expect(await explain('TimeOut', qIn)).toMatch(/Name: idx_text_lower\n[│\s]+Description: ngrambf_v1 GRANULARITY 8/);
      expect(await explain('été', qIn)).not.toMatch(/idx_text_lower/);
      expect(await explain('time\nout', qIn)).not.toMatch(/idx_text_lower/);
    }
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

  it.each([
    ['&service=check', ['cache miss for cart 42', 'payment FAILED: card declined', 'Timeout talking to tax', 'GET /cart done in 12ms']],
    ['&service=CHECK&severity=warn', ['payment FAILED: card declined', 'Timeout talking to tax']],
    ['&service=%22check%22', []],
    ['&service=%22tax%22&severity=error', ['Ünïcode ÉTÉ crash', 'TIMEOUT contacting rates']],
  ])('matches a part of the service name, or the whole name quoted, with %s', async (query, expected) => {
    expect(await bodies(query)).toEqual(expected);
  });

  it.each([
    ['http.response.status_code=402', ['payment FAILED: card declined']],
    [['http.response.status_code=402', 'http.response.status_code=503'], ['TIMEOUT contacting rates', 'payment FAILED: card declined']],
    ['http.response.status_code>=503', ['TIMEOUT contacting rates', 'Timeout talking to tax']],
    ['http.response.status_code>503', ['Timeout talking to tax']],
    ['http.response.status_code<503', ['payment FAILED: card declined']],
    ['http.response.status_code<=503', ['TIMEOUT contacting rates', 'payment FAILED: card declined']],
    [['service.name=checkout', 'http.response.status_code!=504'], ['cache miss for cart 42', 'payment FAILED: card declined', 'GET /cart done in 12ms']],
    ['user.id=~^u-[0-9]+$', ['payment FAILED: card declined']],
    [['service.name=checkout', 'cache.key!~^cart:'], ['payment FAILED: card declined', 'Timeout talking to tax', 'GET /cart done in 12ms']],
    ['resource.host.name=web-2', ['TIMEOUT contacting rates']],
    ['resource.host.name=~^web-', ['TIMEOUT contacting rates', 'payment FAILED: card declined']],
    ['severity.number>=18', ['Ünïcode ÉTÉ crash', 'TIMEOUT contacting rates']],
    ['severity.text=WARN', ['Timeout talking to tax']],
    [['service.name=tax', 'severity.number<9'], ['no severity']],
  ] as Array<[string | string[], string[]]>)('filters by attribute filter=%s', async (filters, expected) => {
    expect(await bodies(filterQuery(filters))).toEqual(expected);
  });

  it('pages with the cursor to the last page, every record once', async () => {
    const all = await bodies('');
    const seen: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const { body }: { body: LogsResult } = await api.get<LogsResult>(`/api/v1/logs?${range}&limit=5${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...body.logs.map((l) => l.body));
      cursor = body.nextCursor;
    }
    expect(seen).toEqual(all);
    expect(seen).toHaveLength(16);
  });

  it('pages through records of one nanosecond, one at a time', async () => {
    const seen: string[] = [];
    let cursor: string | null = '';
    let pages = 0;
    while (cursor !== null) {
      const { body }: { body: LogsResult } = await api.get<LogsResult>(`/api/v1/logs?from=${base + 629_000}&to=${base + 631_000}&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...body.logs.map((l) => l.body));
      cursor = body.nextCursor;
      pages++;
    }
    expect(seen.slice(0, 3).sort()).toEqual(['tie one', 'tie three', 'tie two']);
    expect(seen[3]).toBe('just before the ties');
    expect(pages).toBe(4);
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
    ['in=attributes', 'in: Invalid option: expected one of "all"|"body"'],
    ['filter=user.id', 'filter: expected key=value, key!=value, key=~regex, key!~regex or key>N (also >=, <, <=), got "user.id"'],
    ['filter=severity.number%3E%3Dhigh', 'filter: "severity.number>=" compares numbers: expected a number after >=, got "high"'],
    ['cursor=e30', 'cursor: not a cursor of this search: pass the previous page\'s nextCursor as it came, got "e30"'],
    ['sevrity=WARN', 'sevrity: unknown parameter (expected: from, to, q, in, service, severity, traceId, spanId, filter, limit, cursor)'],
  ])('refuses %s', async (query, message) => {
    const res = await api.get<{ message: string }>(`/api/v1/logs?${range}&${query}`);
    expect(res.status).toBe(400);
    expect(res.body.message).toBe(message);
  });
});

describe('GET /api/v1/logs/facets', () => {
  it('counts severity, service, resource hosts and the most common attribute keys in records', async () => {
    const { status, body } = await api.get<FacetsResult>(`/api/v1/logs/facets?${range}`);
    expect(status).toBe(200);
    expect(body.facets).toEqual([
      { key: 'service.name', values: [{ value: 'disk', count: 6 }, { value: 'tax', count: 6 }, { value: 'checkout', count: 4 }] },
      { key: 'severity.text', values: [{ value: 'INFO', count: 10 }, { value: 'ERROR', count: 2 }, { value: 'DEBUG', count: 1 }, { value: 'FATAL', count: 1 }, { value: 'WARN', count: 1 }] },
      { key: 'resource.host.name', values: [{ value: 'web-1', count: 1 }, { value: 'web-2', count: 1 }] },
      // five attribute keys, most carried first (user.id, carried once, is the sixth)
      { key: 'http.response.status_code', values: [{ value: '402', count: 1 }, { value: '503', count: 1 }, { value: '504', count: 1 }] },
      { key: 'cache.key', values: [{ value: 'cart:42', count: 1 }] },
      { key: 'error.type', values: [{ value: 'CardDeclined', count: 1 }] },
      { key: 'http.route', values: [{ value: '/cart', count: 1 }] },
      { key: 'peer.service', values: [{ value: 'tax', count: 1 }] },
    ]);
  });

  it('counts over the records the search matches; each count is what the search finds with the value added', async () => {
    const query = `${range}&service=checkout&severity=warn`;
    const { body } = await api.get<FacetsResult>(`/api/v1/logs/facets?${query}`);
    expect(Object.fromEntries(body.facets.map((f) => [f.key, Object.fromEntries(f.values.map((v) => [v.value, v.count]))]))).toEqual({
      'service.name': { checkout: 2 },
      'severity.text': { ERROR: 1, WARN: 1 },
      'resource.host.name': { 'web-1': 1 },
      'http.response.status_code': { '402': 1, '504': 1 },
      'error.type': { CardDeclined: 1 },
      'peer.service': { tax: 1 },
      'user.id': { 'u-17': 1 },
    });
    for (const f of body.facets) {
      for (const v of f.values) {
        const res = await api.get<LogsResult>(`/api/v1/logs?${query}${filterQuery(`${f.key}=${v.value}`)}`);
        expect([f.key, v.value, res.body.logs.length]).toEqual([f.key, v.value, v.count]);
      }
    }
  });
});

describe('GET /api/v1/logs/volume', () => {
  const levels = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL', 'UNSET'];

  it('counts records per bucket and level, every bucket of the range present', async () => {
    const { status, body } = await api.get<LogVolumeResult>(`/api/v1/logs/volume?from=${base}&to=${base + 10_000}&step=1s`);
    expect(status).toBe(200);
    expect(body.step).toBe(1);
    expect(body.frame.schema?.fields.map((f) => f.name)).toEqual(['time', ...levels]);
    const [time, ...counts] = body.frame.data!.values as number[][];
    expect(time).toEqual(Array.from({ length: 10 }, (_, i) => base + i * 1000));
    expect(Object.fromEntries(levels.map((l, i) => [l, counts[i]]))).toEqual({
      TRACE: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
      DEBUG: [0, 0, 0, 0, 1, 0, 0, 0, 0, 0],
      INFO: [0, 7, 0, 0, 0, 0, 1, 0, 2, 0],
      WARN: [0, 0, 1, 0, 0, 0, 0, 0, 0, 0],
      ERROR: [0, 0, 0, 1, 0, 1, 0, 0, 0, 0],
      FATAL: [0, 0, 0, 0, 0, 0, 0, 1, 0, 0],
      UNSET: [0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
    });
  });

  it('reads a level from the text when the number is 0, and keeps the filters', async () => {
    const legacy = await api.get<LogVolumeResult>(`/api/v1/logs/volume?from=${base + 620_000}&to=${base + 622_000}&step=1s`);
    const [, ...counts] = legacy.body.frame.data!.values as number[][];
    expect(Object.fromEntries(levels.map((l, i) => [l, counts[i]]))).toMatchObject({ WARN: [1, 0], FATAL: [0, 1], UNSET: [0, 0] });
    const filtered = await api.get<LogVolumeResult>(`/api/v1/logs/volume?from=${base}&to=${base + 10_000}&step=5s&service=tax${filterQuery('severity.number>=18')}`);
    expect(filtered.body.frame.data!.values).toEqual([[base, base + 5000], [0, 0], [0, 0], [0, 0], [0, 0], [0, 1], [0, 1], [0, 0]]);
  });

  it('refuses a step making too many buckets, by name', async () => {
    const { status, body } = await api.get<{ message: string }>(`/api/v1/logs/volume?${range}&step=0`);
    expect(status).toBe(400);
    expect(body.message).toMatch(/^step: /);
  });
});

describe('GET /api/v1/logs/around', () => {
  const around = async (query: string) => {
    const { status, body } = await api.get<LogsAroundResult>(`/api/v1/logs/around?${query}`);
    expect(status).toBe(200);
    return body.logs.map((l) => l.body);
  };
  const first = (baseNs + s(8) + 100n).toString();

  it('returns the same service either side of a record, newest first', async () => {
    expect(await around(`service=tax&timeUnixNano=${first}&count=2`)).toEqual(['no severity', 'second of two in one millisecond', 'first of two in one millisecond', 'Ünïcode ÉTÉ crash', 'timeouts so far: 3']);
    expect(await around(`service=tax&timeUnixNano=${first}&count=1`)).toEqual(['second of two in one millisecond', 'first of two in one millisecond', 'Ünïcode ÉTÉ crash']);
  });

  it('looks an hour either side by default count, whatever the search range', async () => {
    expect(await around(`service=tax&timeUnixNano=${first}`)).toEqual([
      'after the range',
      'no severity',
      'second of two in one millisecond',
      'first of two in one millisecond',
      'Ünïcode ÉTÉ crash',
      'timeouts so far: 3',
      'TIMEOUT contacting rates',
    ]);
  });

  it.each([
    ['timeUnixNano=1', /^service: /],
    ['service=tax&timeUnixNano=soon', /^timeUnixNano: expected nanoseconds since the epoch \(digits\)$/],
    ['service=tax&timeUnixNano=1&count=501', /^count: expected an integer from 1 to 500, got "501"$/],
  ])('refuses %s', async (query, message) => {
    const { status, body } = await api.get<{ message: string }>(`/api/v1/logs/around?${query}`);
    expect(status).toBe(400);
    expect(body.message).toMatch(message);
  });
});
