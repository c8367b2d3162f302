import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { decodeLogsProtobuf, decodeMetricsProtobuf, decodeTracesProtobuf, MAX_ANY_VALUE_DEPTH } from './decode-protobuf.js';
import { otlpRoot } from './proto.js';
import { hexBytes } from './testing.js';

/**
 * The reader's field numbers and wire types are checked against protobufjs encoding the
 * .proto files: every field the reader keeps is set to a distinct value and must come back.
 */
const encode = (name: string, message: Record<string, unknown>) => {
  const type = otlpRoot.lookupType(name);
  return Buffer.from(type.encode(type.fromObject(message)).finish());
};
const TRACES = 'opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest';
const LOGS = 'opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest';
const METRICS = 'opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest';

const U64_MAX = '18446744073709551615';
const scope = { name: 'lib', version: '1.2', attributes: [{ key: 's', value: { stringValue: 'x' } }], droppedAttributesCount: 3 };
const resource = { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }], droppedAttributesCount: 1, entityRefs: [{ type: 'host', idKeys: ['host.id'] }] };
const expectedScope = { name: 'lib', version: '1.2', attributes: [{ key: 's', value: { type: 'string', value: 'x' } }], droppedAttributesCount: 3 };
const expectedResource = { attributes: [{ key: 'service.name', value: { type: 'string', value: 'svc' } }] };

describe('decodeTracesProtobuf', () => {
  it('reads every stored span field with its OTLP field number', () => {
    const body = encode(TRACES, {
      resourceSpans: [
        {
          resource,
          schemaUrl: 'https://schema/r',
          scopeSpans: [
            {
              scope,
              schemaUrl: 'https://schema/s',
              spans: [
                {
                  traceId: hexBytes('4bf92f3577b34da6a3ce929d0e0e4736'),
                  spanId: hexBytes('00f067aa0ba902b7'),
                  traceState: 'k=v',
                  parentSpanId: hexBytes('b7ad6b7169203331'),
                  flags: 0x301,
                  name: 'GET /cart',
                  kind: 3,
                  startTimeUnixNano: '1795563358123456789',
                  endTimeUnixNano: U64_MAX,
                  attributes: [
                    { key: 'str', value: { stringValue: 'héllo' } },
                    { key: 'bool', value: { boolValue: true } },
                    { key: 'int', value: { intValue: '-9223372036854775808' } },
                    { key: 'big', value: { intValue: '9007199254740993' } },
                    { key: 'double', value: { doubleValue: 0.25 } },
                    { key: 'bytes', value: { bytesValue: Buffer.from([1, 2, 255]) } },
                    { key: 'array', value: { arrayValue: { values: [{ stringValue: 'a' }, { intValue: 7 }] } } },
                    { key: 'kvlist', value: { kvlistValue: { values: [{ key: 'k', value: { boolValue: false } }] } } },
                    { key: 'empty', value: {} },
                    { key: 'none' },
                  ],
                  droppedAttributesCount: 4,
                  events: [{ timeUnixNano: '1795563358123456790', name: 'exception', attributes: [{ key: 'e', value: { stringValue: 'boom' } }], droppedAttributesCount: 1 }],
                  droppedEventsCount: 5,
                  links: [{ traceId: hexBytes('0af7651916cd43dd8448eb211c80319c'), spanId: hexBytes('b7ad6b7169203331'), traceState: 'a=b', attributes: [{ key: 'l', value: { intValue: 1 } }], flags: 1 }],
                  droppedLinksCount: 6,
                  status: { message: 'timeout', code: 2 },
                },
              ],
            },
          ],
        },
      ],
    });
    expect(decodeTracesProtobuf(body)).toEqual({
      resourceSpans: [
        {
          resource: expectedResource,
          schemaUrl: 'https://schema/r',
          scopeSpans: [
            {
              scope: expectedScope,
              schemaUrl: 'https://schema/s',
              spans: [
                {
                  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
                  spanId: '00f067aa0ba902b7',
                  traceState: 'k=v',
                  parentSpanId: 'b7ad6b7169203331',
                  name: 'GET /cart',
                  kind: 3,
                  startTimeUnixNano: 1795563358123456789n,
                  endTimeUnixNano: 18446744073709551615n,
                  attributes: [
                    { key: 'str', value: { type: 'string', value: 'héllo' } },
                    { key: 'bool', value: { type: 'bool', value: true } },
                    { key: 'int', value: { type: 'int', value: -9223372036854775808n } },
                    { key: 'big', value: { type: 'int', value: 9007199254740993n } },
                    { key: 'double', value: { type: 'double', value: 0.25 } },
                    { key: 'bytes', value: { type: 'bytes', value: Buffer.from([1, 2, 255]) } },
                    { key: 'array', value: { type: 'array', value: [{ type: 'string', value: 'a' }, { type: 'int', value: 7n }] } },
                    { key: 'kvlist', value: { type: 'kvlist', value: [{ key: 'k', value: { type: 'bool', value: false } }] } },
                    { key: 'empty', value: { type: 'empty', value: null } },
                    { key: 'none', value: { type: 'empty', value: null } },
                  ],
                  events: [{ timeUnixNano: 1795563358123456790n, name: 'exception', attributes: [{ key: 'e', value: { type: 'string', value: 'boom' } }] }],
                  links: [{ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceState: 'a=b', attributes: [{ key: 'l', value: { type: 'int', value: 1n } }] }],
                  status: { message: 'timeout', code: 2 },
                },
              ],
            },
          ],
        },
      ],
    });
  });

  it('fills absent messages and fields with their empty values', () => {
    const body = encode(TRACES, { resourceSpans: [{ scopeSpans: [{ spans: [{}] }] }] });
    expect(decodeTracesProtobuf(body)).toEqual({
      resourceSpans: [
        {
          resource: { attributes: [] },
          schemaUrl: '',
          scopeSpans: [
            {
              scope: { name: '', version: '', attributes: [], droppedAttributesCount: 0 },
              schemaUrl: '',
              spans: [
                {
                  traceId: '', spanId: '', traceState: '', parentSpanId: '', name: '', kind: 0,
                  startTimeUnixNano: 0n, endTimeUnixNano: 0n, attributes: [], events: [], links: [],
                  status: { message: '', code: 0 },
                },
              ],
            },
          ],
        },
      ],
    });
  });

  it('reads an empty body as an empty request', () => {
    expect(decodeTracesProtobuf(Buffer.alloc(0))).toEqual({ resourceSpans: [] });
  });

  it('skips unknown fields, and known fields sent with another wire type', () => {
    const writer = protobuf.Writer.create();
    writer.uint32((99 << 3) | 2).string('from a newer OTLP'); // unknown field 99
    writer.uint32((1 << 3) | 0).uint32(5); // resource_spans as a varint: not a message, skipped
    const body = Buffer.concat([writer.finish(), encode(TRACES, { resourceSpans: [{ schemaUrl: 'kept' }] })]);
    expect(decodeTracesProtobuf(body).resourceSpans.map((r) => r.schemaUrl)).toEqual(['kept']);
  });

  it('returns the same decoded strings as a plain UTF-8 read, cached or not', () => {
    const names = ['a', 'GET /cart', 'GET /cart', 'é', 'x'.repeat(32), 'x'.repeat(33), '日本語', 'GET /carts', 'GET /cbrt'];
    const body = encode(TRACES, { resourceSpans: [{ scopeSpans: [{ spans: names.map((name) => ({ name })) }] }] });
    for (let round = 0; round < 2; round++) {
      expect(decodeTracesProtobuf(body).resourceSpans[0]!.scopeSpans[0]!.spans.map((s) => s.name)).toEqual(names);
    }
  });

  it('refuses a truncated body with the reader position in the message', () => {
    const body = encode(TRACES, { resourceSpans: [{ scopeSpans: [{ spans: [{ name: 'x'.repeat(50) }] }] }] });
    expect(() => decodeTracesProtobuf(body.subarray(0, body.length - 7))).toThrow(/index out of range/);
  });

  it('refuses an invalid wire type with its offset', () => {
    expect(() => decodeTracesProtobuf(Buffer.from([0x0f, 0x01]))).toThrow('invalid wire type 7 at offset 1');
  });

  it('refuses a field that runs past the end of its message', () => {
    // ResourceSpans of 2 bytes holding a schema_url that claims 5.
    expect(() => decodeTracesProtobuf(Buffer.from([0x0a, 0x02, 0x1a, 0x05, 0x61, 0x62, 0x63, 0x64, 0x65]))).toThrow(/index out of range/);
  });

  it(`refuses AnyValues nested deeper than ${MAX_ANY_VALUE_DEPTH} levels`, () => {
    let value: Record<string, unknown> = { stringValue: 'leaf' };
    for (let i = 0; i <= MAX_ANY_VALUE_DEPTH; i++) value = { arrayValue: { values: [value] } };
    const body = encode(TRACES, { resourceSpans: [{ resource: { attributes: [{ key: 'deep', value }] } }] });
    expect(() => decodeTracesProtobuf(body)).toThrow(/nested deeper than 32 levels/);
  });
});

describe('decodeLogsProtobuf', () => {
  it('reads every stored log record field with its OTLP field number', () => {
    const body = encode(LOGS, {
      resourceLogs: [
        {
          resource,
          schemaUrl: 'https://schema/r',
          scopeLogs: [
            {
              scope,
              schemaUrl: 'https://schema/s',
              logRecords: [
                {
                  timeUnixNano: '1795563358123456789',
                  observedTimeUnixNano: '1795563358123456790',
                  severityNumber: 17,
                  severityText: 'ERROR',
                  body: { kvlistValue: { values: [{ key: 'msg', value: { stringValue: 'declined' } }] } },
                  attributes: [{ key: 'invoice.id', value: { intValue: 42 } }],
                  droppedAttributesCount: 2,
                  flags: 0x101,
                  traceId: hexBytes('5b8efff798038103d269b633813fc60c'),
                  spanId: hexBytes('eee19b7ec3c1b174'),
                  eventName: 'billing.declined',
                },
              ],
            },
          ],
        },
      ],
    });
    expect(decodeLogsProtobuf(body)).toEqual({
      resourceLogs: [
        {
          resource: expectedResource,
          schemaUrl: 'https://schema/r',
          scopeLogs: [
            {
              scope: expectedScope,
              schemaUrl: 'https://schema/s',
              logRecords: [
                {
                  timeUnixNano: 1795563358123456789n,
                  observedTimeUnixNano: 1795563358123456790n,
                  severityNumber: 17,
                  severityText: 'ERROR',
                  body: { type: 'kvlist', value: [{ key: 'msg', value: { type: 'string', value: 'declined' } }] },
                  attributes: [{ key: 'invoice.id', value: { type: 'int', value: 42n } }],
                  flags: 0x101,
                  traceId: '5b8efff798038103d269b633813fc60c',
                  spanId: 'eee19b7ec3c1b174',
                  eventName: 'billing.declined',
                },
              ],
            },
          ],
        },
      ],
    });
  });
});

describe('decodeMetricsProtobuf', () => {
  const exemplar = (value: Record<string, unknown>) => ({
    filteredAttributes: [{ key: 'f', value: { stringValue: 'v' } }],
    timeUnixNano: '1795563358000000001',
    spanId: hexBytes('eee19b7ec3c1b174'),
    traceId: hexBytes('5b8efff798038103d269b633813fc60c'),
    ...value,
  });
  const expectedExemplar = (value: number | bigint) => ({
    filteredAttributes: [{ key: 'f', value: { type: 'string', value: 'v' } }],
    timeUnixNano: 1795563358000000001n,
    value,
    spanId: 'eee19b7ec3c1b174',
    traceId: '5b8efff798038103d269b633813fc60c',
  });
  const point = { attributes: [{ key: 'p', value: { stringValue: 'q' } }], startTimeUnixNano: '1795563358000000000', timeUnixNano: '1795563359000000000', flags: 1 };
  const expectedPoint = { attributes: [{ key: 'p', value: { type: 'string', value: 'q' } }], startTimeUnixNano: 1795563358000000000n, timeUnixNano: 1795563359000000000n, flags: 1 };

  it('reads every metric type and data point field with its OTLP field number', () => {
    const body = encode(METRICS, {
      resourceMetrics: [
        {
          resource,
          schemaUrl: 'https://schema/r',
          scopeMetrics: [
            {
              scope,
              schemaUrl: 'https://schema/s',
              metrics: [
                { name: 'g', description: 'gauge', unit: '1', metadata: [{ key: 'm', value: { stringValue: 'x' } }], gauge: { dataPoints: [{ ...point, asInt: '-5', exemplars: [exemplar({ asInt: '-9007199254740993' })] }] } },
                { name: 's', sum: { aggregationTemporality: 1, isMonotonic: true, dataPoints: [{ ...point, asDouble: 2.5, exemplars: [exemplar({ asDouble: 0.5 })] }] } },
                {
                  name: 'h',
                  histogram: {
                    aggregationTemporality: 2,
                    dataPoints: [{ ...point, count: U64_MAX, sum: 10.5, bucketCounts: ['1', U64_MAX], explicitBounds: [0.5], min: -1, max: 9, exemplars: [exemplar({ asDouble: 1 })] }],
                  },
                },
                {
                  name: 'e',
                  exponentialHistogram: {
                    aggregationTemporality: 1,
                    dataPoints: [
                      {
                        attributes: point.attributes, startTimeUnixNano: point.startTimeUnixNano, timeUnixNano: point.timeUnixNano, flags: 1,
                        count: '9', sum: 3, scale: -2, zeroCount: '2', zeroThreshold: 0.001,
                        positive: { offset: -3, bucketCounts: ['4', U64_MAX] }, negative: { offset: 1, bucketCounts: ['3'] },
                        min: 0.1, max: 7, exemplars: [exemplar({ asInt: '3' })],
                      },
                    ],
                  },
                },
                { name: 'q', summary: { dataPoints: [{ ...point, count: '100', sum: 12.5, quantileValues: [{ quantile: 0.5, value: 0.1 }, { quantile: 1, value: 2 }] }] } },
                { name: 'nodata' },
              ],
            },
          ],
        },
      ],
    });
    const request = decodeMetricsProtobuf(body);
    expect(request.resourceMetrics[0]!.resource).toEqual(expectedResource);
    expect(request.resourceMetrics[0]!.schemaUrl).toBe('https://schema/r');
    const sm = request.resourceMetrics[0]!.scopeMetrics[0]!;
    expect(sm.scope).toEqual(expectedScope);
    expect(sm.schemaUrl).toBe('https://schema/s');
    expect(sm.metrics).toEqual([
      { name: 'g', description: 'gauge', unit: '1', data: { type: 'gauge', dataPoints: [{ ...expectedPoint, value: -5n, exemplars: [expectedExemplar(-9007199254740993n)] }] } },
      {
        name: 's', description: '', unit: '',
        data: { type: 'sum', aggregationTemporality: 1, isMonotonic: true, dataPoints: [{ ...expectedPoint, value: 2.5, exemplars: [expectedExemplar(0.5)] }] },
      },
      {
        name: 'h', description: '', unit: '',
        data: {
          type: 'histogram',
          aggregationTemporality: 2,
          dataPoints: [
            { ...expectedPoint, count: 18446744073709551615n, sum: 10.5, bucketCounts: [1n, 18446744073709551615n], explicitBounds: [0.5], min: -1, max: 9, exemplars: [expectedExemplar(1)] },
          ],
        },
      },
      {
        name: 'e', description: '', unit: '',
        data: {
          type: 'exponentialHistogram',
          aggregationTemporality: 1,
          dataPoints: [
            {
              ...expectedPoint, count: 9n, sum: 3, scale: -2, zeroCount: 2n,
              positive: { offset: -3, bucketCounts: [4n, 18446744073709551615n] }, negative: { offset: 1, bucketCounts: [3n] },
              min: 0.1, max: 7, exemplars: [expectedExemplar(3n)],
            },
          ],
        },
      },
      {
        name: 'q', description: '', unit: '',
        data: { type: 'summary', dataPoints: [{ ...expectedPoint, count: 100n, sum: 12.5, quantileValues: [{ quantile: 0.5, value: 0.1 }, { quantile: 1, value: 2 }] }] },
      },
      { name: 'nodata', description: '', unit: '', data: null },
    ]);
  });

  it('leaves proto3 optional doubles null when absent and reads packed and unpacked repeated fields alike', () => {
    const histogram = otlpRoot.lookupType('opentelemetry.proto.metrics.v1.HistogramDataPoint');
    const packed = histogram.encode(histogram.fromObject({ count: '3', bucketCounts: ['1', '2'], explicitBounds: [1.5] })).finish();
    // The same point with bucket_counts (6) and explicit_bounds (7) unpacked, as old senders write them.
    const unpacked = protobuf.Writer.create();
    unpacked.uint32((4 << 3) | 1).fixed64(3);
    unpacked.uint32((6 << 3) | 1).fixed64(1).uint32((6 << 3) | 1).fixed64(2);
    unpacked.uint32((7 << 3) | 1).double(1.5);
    const wrap = (field: number, bytes: Uint8Array) => protobuf.Writer.create().uint32((field << 3) | 2).bytes(bytes).finish();
    for (const pointBytes of [packed, unpacked.finish()]) {
      // request.resource_metrics(1).scope_metrics(2).metrics(2).histogram(9).data_points(1)
      const body = Buffer.from(wrap(1, wrap(2, wrap(2, wrap(9, wrap(1, pointBytes))))));
      const request = decodeMetricsProtobuf(body);
      expect(request.resourceMetrics[0]!.scopeMetrics[0]!.metrics[0]!.data).toMatchObject({
        type: 'histogram',
        dataPoints: [{ count: 3n, bucketCounts: [1n, 2n], explicitBounds: [1.5], sum: null, min: null, max: null }],
      });
    }
  });
});
