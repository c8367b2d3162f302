import { describe, expect, it } from 'vitest';
import { decodeLogsJson, decodeMetricsJson, decodeTracesJson } from './decode-json.js';
import { OtlpError } from './errors.js';

const json = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));
const firstSpan = (value: unknown) => decodeTracesJson(json(value)).resourceSpans[0]!.scopeSpans[0]!.spans[0]!;
const spanBody = (span: Record<string, unknown>) => ({ resourceSpans: [{ scopeSpans: [{ spans: [span] }] }] });

/** The malformed-request message the decoder throws for `body`. */
function errorOf(decode: (body: Buffer) => unknown, body: unknown): string {
  try {
    decode(json(body));
  } catch (err) {
    expect(err).toBeInstanceOf(OtlpError);
    expect((err as OtlpError).kind).toBe('malformed');
    return (err as Error).message;
  }
  throw new Error('expected the body to be refused');
}

describe('decodeTracesJson', () => {
  it('reads hex ids (any case, stored lowercase), not base64', () => {
    const span = firstSpan(spanBody({ traceId: '4BF92F3577B34DA6A3CE929D0E0E4736', spanId: '00f067aa0ba902b7', parentSpanId: 'B7AD6B7169203331' }));
    expect(span).toMatchObject({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', parentSpanId: 'b7ad6b7169203331' });
  });

  it('passes a non-hex id on as sent, for the normaliser to refuse that one span', () => {
    expect(firstSpan(spanBody({ traceId: 'xyz', spanId: '00F067AA0BA902B7' }))).toMatchObject({ traceId: 'xyz', spanId: '00f067aa0ba902b7' });
  });

  it('keeps 64-bit times exact, whether sent as strings or as bare JSON numbers', () => {
    const text = '{"resourceSpans":[{"scopeSpans":[{"spans":[{"startTimeUnixNano":1795563358123456789,"endTimeUnixNano":"18446744073709551615"}]}]}]}';
    expect(firstSpan(text)).toMatchObject({ startTimeUnixNano: 1795563358123456789n, endTimeUnixNano: 18446744073709551615n });
  });

  it('keeps big integers exact in attributes too, and leaves doubles to JSON.parse', () => {
    const text =
      '{"resourceSpans":[{"scopeSpans":[{"spans":[{"attributes":[' +
      '{"key":"i","value":{"intValue":-9223372036854775808}},{"key":"d","value":{"doubleValue":12345678901234567.5}},' +
      '{"key":"s","value":{"stringValue":"1234567890123456789"}},{"key":"q","value":{"stringValue":"say \\"12345678901234567\\" \\\\"}}]}]}]}]}';
    expect(firstSpan(text).attributes).toEqual([
      { key: 'i', value: { type: 'int', value: -9223372036854775808n } },
      { key: 'd', value: { type: 'double', value: 12345678901234567.5 } },
      { key: 's', value: { type: 'string', value: '1234567890123456789' } },
      { key: 'q', value: { type: 'string', value: 'say "12345678901234567" \\' } },
    ]);
  });

  it('takes enums as integers or as their proto names', () => {
    expect(firstSpan(spanBody({ kind: 3, status: { code: 2 } }))).toMatchObject({ kind: 3, status: { code: 2 } });
    expect(firstSpan(spanBody({ kind: 'SPAN_KIND_CONSUMER', status: { code: 'STATUS_CODE_OK', message: 'fine' } }))).toMatchObject({
      kind: 5,
      status: { code: 1, message: 'fine' },
    });
  });

  it('takes snake_case keys as well as lowerCamelCase, and ignores unknown fields and nulls', () => {
    const request = decodeTracesJson(
      json({
        resource_spans: [
          {
            schema_url: 'r',
            scope_spans: [
              {
                scope: { name: 'lib', dropped_attributes_count: 2 },
                spans: [{ trace_id: '4bf92f3577b34da6a3ce929d0e0e4736', start_time_unix_nano: '5', parent_span_id: null, futureField: { x: 1 } }],
              },
            ],
          },
        ],
        extra: true,
      }),
    );
    const rs = request.resourceSpans[0]!;
    expect(rs.schemaUrl).toBe('r');
    expect(rs.scopeSpans[0]!.scope).toEqual({ name: 'lib', version: '', attributes: [], droppedAttributesCount: 2 });
    expect(rs.scopeSpans[0]!.spans[0]).toMatchObject({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', startTimeUnixNano: 5n, parentSpanId: '' });
  });

  it('reads every AnyValue kind', () => {
    const value = (v: unknown) => firstSpan(spanBody({ attributes: [{ key: 'k', value: v }] })).attributes[0]!.value;
    expect(value({ stringValue: 's' })).toEqual({ type: 'string', value: 's' });
    expect(value({ boolValue: false })).toEqual({ type: 'bool', value: false });
    expect(value({ intValue: '42' })).toEqual({ type: 'int', value: 42n });
    expect(value({ doubleValue: 'NaN' })).toEqual({ type: 'double', value: NaN });
    expect(value({ doubleValue: '-Infinity' })).toEqual({ type: 'double', value: -Infinity });
    expect(value({ bytesValue: 'AQL/' })).toEqual({ type: 'bytes', value: Buffer.from([1, 2, 255]) });
    expect(value({ arrayValue: { values: [{ intValue: 1 }, {}] } })).toEqual({ type: 'array', value: [{ type: 'int', value: 1n }, { type: 'empty', value: null }] });
    expect(value({ kvlist_value: { values: [{ key: 'a', value: { bool_value: true } }] } })).toEqual({
      type: 'kvlist',
      value: [{ key: 'a', value: { type: 'bool', value: true } }],
    });
    expect(value(undefined)).toEqual({ type: 'empty', value: null });
  });

  it('reads an empty object as an empty request', () => {
    expect(decodeTracesJson(json({}))).toEqual({ resourceSpans: [] });
  });

  it.each([
    ['{"resourceSpans": [', /^invalid JSON: /],
    ['[]', 'request body: expected a JSON object, got an array'],
    [{ resourceSpans: {} }, 'resourceSpans: expected an array, got {}'],
    // found by test/fuzz.test.ts: describing the value overflowed the stack (a 500)
    [`{"resourceSpans":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}`, 'resourceSpans: expected an array, got an object nested too deep to show'],
    [spanBody({ name: 42 }), 'resourceSpans[0].scopeSpans[0].spans[0].name: expected a string, got 42'],
    [spanBody({ traceId: 12 }), 'resourceSpans[0].scopeSpans[0].spans[0].traceId: expected 32 hex characters, got 12'],
    [spanBody({ startTimeUnixNano: '1.5' }), 'resourceSpans[0].scopeSpans[0].spans[0].startTimeUnixNano: expected an unsigned 64-bit integer (a decimal string or a number), got "1.5"'],
    [spanBody({ endTimeUnixNano: '18446744073709551616' }), /endTimeUnixNano: expected an unsigned 64-bit integer/],
    [spanBody({ startTimeUnixNano: -1 }), /startTimeUnixNano: expected an unsigned 64-bit integer/],
    [spanBody({ kind: 'SERVER' }), /spans\[0\]\.kind: expected an integer or one of SPAN_KIND_UNSPECIFIED, SPAN_KIND_INTERNAL, .*got "SERVER"/],
    [spanBody({ kind: 2.5 }), /kind: expected a 32-bit integer/],
    [spanBody({ kind: 'constructor' }), /kind: expected an integer or one of SPAN_KIND_UNSPECIFIED/],
    [spanBody({ attributes: [{ key: 'k', value: { stringValue: 'a', intValue: 1 } }] }), /attributes\[0\]\.value: AnyValue sets both stringValue and intValue; expected one value/],
    [spanBody({ attributes: [{ key: 'k', value: { bytesValue: 'not base64!' } }] }), /bytesValue: expected base64 bytes, got "not base64!"/],
    [spanBody({ attributes: [{ key: 'k', value: { doubleValue: 'fast' } }] }), /doubleValue: expected a number, got "fast"/],
    [spanBody({ events: [{ timeUnixNano: true }] }), /events\[0\]\.timeUnixNano: expected an unsigned 64-bit integer/],
    [spanBody({ links: [null] }), /links\[0\]: expected an object, got null/],
  ])('refuses %j naming the field, what was expected and what came', (body, message) => {
    expect(errorOf(decodeTracesJson, body)).toMatch(message);
  });

  it('reports JSON syntax errors at offsets of the body as sent', () => {
    // The long integer makes the decoder quote it before parsing; the error must not move.
    const text = '{"resourceSpans":[{"scopeSpans":[{"spans":[{"startTimeUnixNano":1795563358123456789,}]}]}]}';
    let expected = '';
    try {
      JSON.parse(text);
    } catch (err) {
      expected = (err as Error).message;
    }
    expect(errorOf(decodeTracesJson, text)).toBe(`invalid JSON: ${expected}`);
  });
});

describe('decodeLogsJson', () => {
  it('reads a log record, severity names included', () => {
    const request = decodeLogsJson(
      json({
        resourceLogs: [
          {
            scopeLogs: [
              {
                logRecords: [
                  {
                    timeUnixNano: '1795563358123456789',
                    observedTimeUnixNano: 1,
                    severityNumber: 'SEVERITY_NUMBER_WARN2',
                    severityText: 'WARN',
                    body: { stringValue: 'disk at 91%' },
                    flags: 1,
                    traceId: '5b8efff798038103d269b633813fc60c',
                    spanId: 'eee19b7ec3c1b174',
                    eventName: 'disk.pressure',
                  },
                  { severity_number: 'SEVERITY_NUMBER_FATAL4', event_name: 'e' },
                ],
              },
            ],
          },
        ],
      }),
    );
    const [first, second] = request.resourceLogs[0]!.scopeLogs[0]!.logRecords;
    expect(first).toEqual({
      timeUnixNano: 1795563358123456789n,
      observedTimeUnixNano: 1n,
      severityNumber: 14,
      severityText: 'WARN',
      body: { type: 'string', value: 'disk at 91%' },
      attributes: [],
      flags: 1,
      traceId: '5b8efff798038103d269b633813fc60c',
      spanId: 'eee19b7ec3c1b174',
      eventName: 'disk.pressure',
    });
    expect(second).toMatchObject({ severityNumber: 24, eventName: 'e', body: { type: 'empty', value: null } });
  });
});

describe('decodeMetricsJson', () => {
  const metric = (m: Record<string, unknown>) =>
    decodeMetricsJson(json({ resourceMetrics: [{ scopeMetrics: [{ metrics: [m] }] }] })).resourceMetrics[0]!.scopeMetrics[0]!.metrics[0]!;

  it('reads each metric type, with temporality names and as_int/as_double values', () => {
    expect(metric({ name: 'g', gauge: { dataPoints: [{ asInt: '9007199254740993' }, { asDouble: 'Infinity' }] } }).data).toMatchObject({
      type: 'gauge',
      dataPoints: [{ value: 9007199254740993n }, { value: Infinity }],
    });
    expect(metric({ sum: { aggregationTemporality: 'AGGREGATION_TEMPORALITY_DELTA', is_monotonic: true, data_points: [{ as_double: 1 }] } }).data).toMatchObject({
      type: 'sum',
      aggregationTemporality: 1,
      isMonotonic: true,
      dataPoints: [{ value: 1 }],
    });
    expect(metric({ histogram: { aggregationTemporality: 2, dataPoints: [{ count: 3, bucketCounts: ['1', 2], explicitBounds: [0.5], sum: 4 }] } }).data).toMatchObject({
      type: 'histogram',
      aggregationTemporality: 2,
      dataPoints: [{ count: 3n, bucketCounts: [1n, 2n], explicitBounds: [0.5], sum: 4, min: null, max: null }],
    });
    expect(metric({ exponential_histogram: { dataPoints: [{ scale: -1, zeroCount: '2', positive: { offset: -2, bucketCounts: [1] } }] } }).data).toMatchObject({
      type: 'exponentialHistogram',
      dataPoints: [{ scale: -1, zeroCount: 2n, positive: { offset: -2, bucketCounts: [1n] }, negative: { offset: 0, bucketCounts: [] }, sum: null }],
    });
    expect(metric({ summary: { dataPoints: [{ count: '5', sum: 2, quantileValues: [{ quantile: 0.5, value: 'NaN' }] }] } }).data).toMatchObject({
      type: 'summary',
      dataPoints: [{ count: 5n, sum: 2, quantileValues: [{ quantile: 0.5, value: NaN }] }],
    });
    expect(metric({ name: 'nodata' }).data).toBeNull();
  });

  it('reads exemplars with hex ids and either value', () => {
    const m = metric({
      gauge: {
        dataPoints: [
          {
            asDouble: 1,
            exemplars: [
              { asInt: '7', timeUnixNano: '5', spanId: 'EEE19B7EC3C1B174', traceId: '5b8efff798038103d269b633813fc60c', filteredAttributes: [{ key: 'u', value: { stringValue: 'x' } }] },
              { as_double: 0.5, filtered_attributes: [] },
            ],
          },
        ],
      },
    });
    expect(m.data).toMatchObject({
      dataPoints: [
        {
          exemplars: [
            { value: 7n, timeUnixNano: 5n, spanId: 'eee19b7ec3c1b174', traceId: '5b8efff798038103d269b633813fc60c', filteredAttributes: [{ key: 'u', value: { type: 'string', value: 'x' } }] },
            { value: 0.5, timeUnixNano: 0n, spanId: '', traceId: '', filteredAttributes: [] },
          ],
        },
      ],
    });
  });

  it.each([
    [{ gauge: { dataPoints: [] }, sum: { dataPoints: [] } }, 'resourceMetrics[0].scopeMetrics[0].metrics[0]: metric sets both gauge and sum; expected one'],
    [{ gauge: { dataPoints: [{ asInt: 1, asDouble: 1 }] } }, 'resourceMetrics[0].scopeMetrics[0].metrics[0].gauge.dataPoints[0]: sets both asDouble and asInt; expected one'],
    [{ histogram: { dataPoints: [{ bucketCounts: ['x'] }] } }, /histogram\.dataPoints\[0\]\.bucketCounts\[0\]: expected an unsigned 64-bit integer/],
    [{ sum: { aggregationTemporality: 'CUMULATIVE' } }, /sum\.aggregationTemporality: expected an integer or one of AGGREGATION_TEMPORALITY_UNSPECIFIED/],
  ])('refuses %j naming the field', (m, message) => {
    expect(errorOf(decodeMetricsJson, { resourceMetrics: [{ scopeMetrics: [{ metrics: [m] }] }] })).toMatch(message);
  });
});
