import { describe, expect, it } from 'vitest';
import type { GaugeRow, LogRow } from '../server/storage/rows.js';
import { encodeAll, encodeRows } from './encode.js';

const log = (body: string): LogRow => ({
  Timestamp: '1795563358.123456789', TraceId: '', SpanId: '', TraceFlags: 0, SeverityText: 'INFO', SeverityNumber: 9, ServiceName: 'billing',
  Body: body, ResourceSchemaUrl: '', ResourceAttributes: {}, ScopeSchemaUrl: '', ScopeName: '', ScopeVersion: '', ScopeAttributes: {}, LogAttributes: {}, EventName: '',
});
const gauge = (value: number, bounds: Partial<GaugeRow> = {}): GaugeRow => ({
  ResourceAttributes: {}, ResourceSchemaUrl: '', ScopeName: '', ScopeVersion: '', ScopeAttributes: {}, ScopeDroppedAttrCount: 0, ScopeSchemaUrl: '',
  ServiceName: 'cart', MetricName: 'm', MetricDescription: '', MetricUnit: '', Attributes: { note: 'null' }, StartTimeUnix: '0000000000.000000000',
  TimeUnix: '1795563358.123456789', Value: value, Flags: 0, 'Exemplars.FilteredAttributes': [], 'Exemplars.TimeUnix': [], 'Exemplars.Value': [],
  'Exemplars.SpanId': [], 'Exemplars.TraceId': [], ...bounds,
});

describe('encodeRows', () => {
  it('writes one JSON object per line, newline-terminated (JSONEachRow)', () => {
    const encoded = encodeRows('otel_logs', [log('a'), log('b "quoted"\nnext line')]);
    expect(encoded.table).toBe('otel_logs');
    expect(encoded.rows).toBe(2);
    expect(encoded.data.endsWith('\n')).toBe(true);
    const lines = encoded.data.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines.slice(0, 2).map((l) => JSON.parse(l).Body)).toEqual(['a', 'b "quoted"\nnext line']);
  });

  it('writes NaN and ±Infinity as the strings ClickHouse reads into Float64, not as null', () => {
    const encoded = encodeRows('otel_metrics_gauge', [gauge(NaN), gauge(Infinity, { 'Exemplars.Value': [-Infinity, 1] }), gauge(2)]);
    const rows = encoded.data.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(rows.map((r) => r.Value)).toEqual(['nan', 'inf', 2]);
    expect(rows[1]['Exemplars.Value']).toEqual(['-inf', 1]);
    expect(rows.map((r) => r.Attributes.note)).toEqual(['null', 'null', 'null']);
  });

  it('writes no text for no rows', () => {
    expect(encodeRows('otel_traces', [])).toEqual({ table: 'otel_traces', data: '', rows: 0 });
  });
});

describe('encodeAll', () => {
  it('encodes each table that has rows and skips the empty ones', () => {
    const parts = encodeAll({ otel_metrics_gauge: [gauge(1)], otel_metrics_sum: [], otel_logs: [log('x'), log('y')] });
    expect(parts.map((p) => [p.table, p.rows])).toEqual([
      ['otel_metrics_gauge', 1],
      ['otel_logs', 2],
    ]);
  });
});
