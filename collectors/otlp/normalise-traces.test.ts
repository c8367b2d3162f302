import { describe, expect, it } from 'vitest';
import type { SpanRow } from '../../server/storage/rows.js';
import { normaliseTraces } from './normalise-traces.js';
import { scrubConfigSchema, Scrubber } from './scrub.js';
import { attrs, span, str, T0, traces } from './testing.js';

describe('normaliseTraces', () => {
  it('maps a span to an otel_traces row as the ClickHouse exporter does', () => {
    const result = normaliseTraces(
      traces(
        [
          span({
            parentSpanId: 'b7ad6b7169203331',
            traceState: 'rojo=00f067aa0ba902b7',
            kind: 3,
            attributes: attrs({ 'http.route': '/cart', 'http.response.status_code': 500n, retry: false, ratio: 0.5 }),
            events: [{ timeUnixNano: T0 + 7n, name: 'exception', attributes: attrs({ 'exception.message': 'boom' }) }],
            links: [{ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: '0'.repeat(16), traceState: 'a=b', attributes: attrs({ kind: 'follows' }) }],
            status: { code: 2, message: 'timeout' },
          }),
        ],
        attrs({ 'service.name': 'checkout', 'host.name': 'node-7' }),
      ),
    );
    expect(result.rejected).toBe(0);
    expect(result.rows.otel_traces).toEqual<SpanRow[]>([
      {
        Timestamp: '1795563358.123456789',
        TraceId: '4bf92f3577b34da6a3ce929d0e0e4736',
        SpanId: '00f067aa0ba902b7',
        ParentSpanId: 'b7ad6b7169203331',
        TraceState: 'rojo=00f067aa0ba902b7',
        SpanName: 'GET /cart',
        SpanKind: 'Client',
        ServiceName: 'checkout',
        ResourceAttributes: { 'service.name': 'checkout', 'host.name': 'node-7' },
        ScopeName: 'tests',
        ScopeVersion: '1.0',
        SpanAttributes: { 'http.route': '/cart', 'http.response.status_code': '500', retry: 'false', ratio: '0.5' },
        Duration: '1500000',
        StatusCode: 'Error',
        StatusMessage: 'timeout',
        'Events.Timestamp': ['1795563358.123456796'],
        'Events.Name': ['exception'],
        'Events.Attributes': [{ 'exception.message': 'boom' }],
        'Links.TraceId': ['0af7651916cd43dd8448eb211c80319c'],
        'Links.SpanId': [''],
        'Links.TraceState': ['a=b'],
        'Links.Attributes': [{ kind: 'follows' }],
      },
    ]);
  });

  it.each([
    [0, 'Unspecified'],
    [1, 'Internal'],
    [2, 'Server'],
    [3, 'Client'],
    [4, 'Producer'],
    [5, 'Consumer'],
    [9, ''],
  ])('writes SpanKind %i as %j', (kind, name) => {
    expect(normaliseTraces(traces([span({ kind })])).rows.otel_traces![0]!.SpanKind).toBe(name);
  });

  it.each([
    [0, 'Unset'],
    [1, 'Ok'],
    [2, 'Error'],
    [7, ''],
  ])('writes StatusCode %i as %j', (code, name) => {
    expect(normaliseTraces(traces([span({ status: { code, message: '' } })])).rows.otel_traces![0]!.StatusCode).toBe(name);
  });

  it('keeps nanosecond times and durations exact past 2^53', () => {
    const [row] = normaliseTraces(traces([span({ startTimeUnixNano: 1n, endTimeUnixNano: 4102444800000000000n })])).rows.otel_traces!;
    expect(row).toMatchObject({ Timestamp: '0000000000.000000001', Duration: '4102444799999999999' });
  });

  it('stores an all-zero parent as no parent, and an empty service name when the resource has none', () => {
    const [row] = normaliseTraces(traces([span({ parentSpanId: '0'.repeat(16) })], attrs({ 'host.name': 'h' }))).rows.otel_traces!;
    expect(row).toMatchObject({ ParentSpanId: '', ServiceName: '' });
  });

  it('refuses invalid spans one by one and keeps the rest', () => {
    const result = normaliseTraces(
      traces([
        span({ name: 'good-1' }),
        span({ name: 'zero-trace', traceId: '0'.repeat(32) }),
        span({ name: 'short-span-id', spanId: '00f067aa' }),
        span({ name: 'not-hex', traceId: 'xyz' }),
        span({ name: 'backwards', endTimeUnixNano: T0 - 1n }),
        span({ name: 'bad-parent', parentSpanId: 'abcd' }),
        span({ name: 'bad-link', links: [{ traceId: '01', spanId: '', traceState: '', attributes: [] }] }),
        span({ name: 'good-2', spanId: 'b7ad6b7169203331', endTimeUnixNano: T0 }),
      ]),
    );
    expect(result.rows.otel_traces!.map((r) => r.SpanName)).toEqual(['good-1', 'good-2']);
    expect(result.rejected).toBe(6);
    expect(result.errors).toEqual([
      `resourceSpans[0].scopeSpans[0].spans[1].traceId: expected 32 hex characters, not all zero, got "${'0'.repeat(32)}"`,
      'resourceSpans[0].scopeSpans[0].spans[2].spanId: expected 16 hex characters, not all zero, got "00f067aa"',
      'resourceSpans[0].scopeSpans[0].spans[3].traceId: expected 32 hex characters, not all zero, got "xyz"',
      `resourceSpans[0].scopeSpans[0].spans[4]: endTimeUnixNano ${T0 - 1n} is before startTimeUnixNano ${T0}`,
      'resourceSpans[0].scopeSpans[0].spans[5].parentSpanId: expected 16 hex characters or none, got "abcd"',
      'resourceSpans[0].scopeSpans[0].spans[6].links[0].traceId: expected 32 hex characters or none, got "01"',
    ]);
  });

  it('gives an empty request no rows', () => {
    expect(normaliseTraces({ resourceSpans: [] })).toEqual({ rows: { otel_traces: [] }, rejected: 0, errors: [], warnings: [], redactions: [] });
  });

  it('scrubs span, event, link and resource attributes and the status message, and counts per service what rows kept', () => {
    const scrubber = new Scrubber(scrubConfigSchema.parse({}));
    const result = normaliseTraces(
      traces(
        [
          span({
            attributes: attrs({ Authorization: 'Bearer abcdefgh12345678', 'enduser.id': 'ann@example.org', 'http.route': '/cart' }),
            events: [{ timeUnixNano: T0, name: 'exception', attributes: attrs({ 'exception.message': 'declined 4111 1111 1111 1111' }) }],
            links: [{ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceState: '', attributes: attrs({ 'http.request.header.cookie': 'sid=1' }) }],
            status: { code: 2, message: 'no account for bob@example.org' },
          }),
          // refused (ends before it starts): its redaction is not counted
          span({ spanId: 'b7ad6b7169203332', startTimeUnixNano: T0, endTimeUnixNano: T0 - 1n, attributes: attrs({ password: 'x' }) }),
        ],
        attrs({ 'service.name': 'checkout', 'deploy.token': 't0k3n' }),
      ),
      undefined,
      scrubber,
    );
    const row = result.rows.otel_traces![0]!;
    expect(row.SpanAttributes).toEqual({ Authorization: '[REDACTED]', 'enduser.id': '[REDACTED:email]', 'http.route': '/cart' });
    expect(row['Events.Attributes']).toEqual([{ 'exception.message': 'declined [REDACTED:card]' }]);
    expect(row['Links.Attributes']).toEqual([{ 'http.request.header.cookie': '[REDACTED]' }]);
    expect(row.ResourceAttributes).toEqual({ 'service.name': 'checkout', 'deploy.token': '[REDACTED]' });
    expect(row.StatusMessage).toBe('no account for [REDACTED:email]');
    expect(result.rejected).toBe(1);
    // in the order first met: events, links, status, span attributes, then the resource
    expect(result.redactions).toEqual([
      { service: 'checkout', kind: 'card', count: 1 },
      { service: 'checkout', kind: 'key', count: 3 },
      { service: 'checkout', kind: 'email', count: 2 },
    ]);
  });

  it('shares the resource attributes of a resource between its rows, text unchanged', () => {
    const rows = normaliseTraces(traces([span(), span({ spanId: 'b7ad6b7169203331' })], [{ key: 'service.name', value: str('a') }])).rows.otel_traces!;
    expect(rows[0]!.ResourceAttributes).toEqual({ 'service.name': 'a' });
    expect(rows[1]!.ResourceAttributes).toBe(rows[0]!.ResourceAttributes);
  });
});
