/**
 * Builders for the request model, for tests: a valid item with only what a test changes
 * spelled out. Not imported by the receiver itself.
 */
import type {
  AnyValue,
  ExportLogsServiceRequest,
  ExportMetricsServiceRequest,
  ExportTraceServiceRequest,
  KeyValue,
  LogRecord,
  Metric,
  Span,
} from './model.js';

/** protobufjs reads bytes from buffers: protobuf test bodies carry ids as these. */
export const hexBytes = (hex: string) => Buffer.from(hex, 'hex');

export const T0 = 1_795_563_358_123_456_789n;

export const str = (value: string): AnyValue => ({ type: 'string', value });

/** Attributes from plain values: strings, bigints (int), numbers (double), booleans. */
export function attrs(values: Record<string, string | bigint | number | boolean>): KeyValue[] {
  return Object.entries(values).map(([key, v]) => ({
    key,
    value:
      typeof v === 'string'
        ? str(v)
        : typeof v === 'bigint'
          ? { type: 'int', value: v }
          : typeof v === 'number'
            ? { type: 'double', value: v }
            : { type: 'bool', value: v },
  }));
}

export function span(overrides: Partial<Span> = {}): Span {
  return {
    traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    spanId: '00f067aa0ba902b7',
    traceState: '',
    parentSpanId: '',
    name: 'GET /cart',
    kind: 2,
    startTimeUnixNano: T0,
    endTimeUnixNano: T0 + 1_500_000n,
    attributes: [],
    events: [],
    links: [],
    status: { message: '', code: 0 },
    ...overrides,
  };
}

export function traces(spans: Span[], resource: KeyValue[] = attrs({ 'service.name': 'checkout' })): ExportTraceServiceRequest {
  return {
    resourceSpans: [
      {
        resource: { attributes: resource },
        schemaUrl: '',
        scopeSpans: [{ scope: { name: 'tests', version: '1.0', attributes: [], droppedAttributesCount: 0 }, schemaUrl: '', spans }],
      },
    ],
  };
}

export function logRecord(overrides: Partial<LogRecord> = {}): LogRecord {
  return {
    timeUnixNano: T0,
    observedTimeUnixNano: T0 + 1n,
    severityNumber: 9,
    severityText: 'INFO',
    body: str('hello'),
    attributes: [],
    flags: 0,
    traceId: '',
    spanId: '',
    eventName: '',
    ...overrides,
  };
}

export function logs(records: LogRecord[]): ExportLogsServiceRequest {
  return {
    resourceLogs: [
      {
        resource: { attributes: attrs({ 'service.name': 'billing' }) },
        schemaUrl: 'https://opentelemetry.io/schemas/1.26.0',
        scopeLogs: [{ scope: { name: 'billing', version: '2', attributes: attrs({ team: 'payments' }), droppedAttributesCount: 0 }, schemaUrl: '', logRecords: records }],
      },
    ],
  };
}

export function metrics(list: Metric[]): ExportMetricsServiceRequest {
  return {
    resourceMetrics: [
      {
        resource: { attributes: attrs({ 'service.name': 'cart' }) },
        schemaUrl: '',
        scopeMetrics: [{ scope: { name: 'cart', version: '1', attributes: [], droppedAttributesCount: 2 }, schemaUrl: '', metrics: list }],
      },
    ],
  };
}
