/**
 * The Native encoder checked against ClickHouse itself: the columns it writes are the
 * migrated tables' insertable columns, and for the same rows its block is byte for byte the
 * block chDB writes when it exports those rows (loaded from JSONEachRow, the other encoder).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from 'chdb';
import { afterAll, describe, expect, it } from 'vitest';
import { loadMigrations } from '../server/storage/migrate.js';
import { nativeColumns, type NativeTable } from '../server/storage/native-columns.js';
import { mergeNativeBlocks } from '../server/storage/native-format.js';
import type { GaugeRow, HistogramRow, LogRow, MetricSampleRow, SpanRow } from '../server/storage/rows.js';
import { encodeRows } from './encode.js';
import { encodeNative } from './encode-native.js';
import { rowsOfNative } from './native-testing.js';
import { SampleBlock, sampleSeries } from './prometheus/sample-block.js';

const dir = mkdtempSync(join(tmpdir(), 'octolens-native-'));
const session = new Session(join(dir, 'ch'));
afterAll(() => {
  session.cleanup?.();
  rmSync(dir, { recursive: true, force: true });
});
const json = <T>(sql: string): T[] =>
  session
    .query(sql, 'JSONEachRow')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as T);

describe('Native columns', () => {
  for (const m of loadMigrations({ retentionDays: { traces: 7, logs: 7, metrics: 30 } })) for (const st of m.statements) session.query(st);

  it.each(Object.keys(nativeColumns) as NativeTable[])('%s: every column a writer supplies, in its plain type', (table) => {
    const schema = json<{ name: string; type: string }>(
      `SELECT name, replaceAll(type, 'LowCardinality(String)', 'String') AS type FROM system.columns
       WHERE database = currentDatabase() AND table = '${table}' AND default_kind = '' ORDER BY name`,
    );
    const ours = nativeColumns[table].map(([name, type]) => ({ name, type })).sort((a, b) => (a.name < b.name ? -1 : 1));
    expect(ours).toEqual(schema);
  });
});

const span: SpanRow = {
  Timestamp: '1795563358.123456789',
  TraceId: '5b8efff798038103d269b633813fc60c',
  SpanId: 'eee19b7ec3c1b174',
  ParentSpanId: '',
  TraceState: '',
  SpanName: 'GET /caf\u00e9/' + 'x'.repeat(60), // past the one-byte length prefix, with UTF-8
  SpanKind: 'Server',
  ServiceName: 'checkout',
  ResourceAttributes: { 'service.name': 'checkout', 'host.name': 'h\u00f6st-1' },
  ScopeName: 'io.opentelemetry.http',
  ScopeVersion: '1.2.3',
  SpanAttributes: { 'http.route': '/caf\u00e9', 'long.value': '\u{1F600}'.repeat(100) },
  Duration: '18446744073709551615',
  StatusCode: 'Error',
  StatusMessage: '',
  'Events.Timestamp': ['1795563358.123456790', '0000000000.000000001'],
  'Events.Name': ['exception', ''],
  'Events.Attributes': [{ 'exception.type': 'E' }, {}],
  'Links.TraceId': ['0af7651916cd43dd8448eb211c80319c'],
  'Links.SpanId': ['b7ad6b7169203331'],
  'Links.TraceState': ['k=v'],
  'Links.Attributes': [{}],
};
const plainSpan: SpanRow = { ...span, SpanName: 'a', Duration: '7', SpanAttributes: {}, 'Events.Timestamp': [], 'Events.Name': [], 'Events.Attributes': [], 'Links.TraceId': [], 'Links.SpanId': [], 'Links.TraceState': [], 'Links.Attributes': [] };

const log: LogRow = {
  Timestamp: '9223372036.854775807', // Int64's last nanosecond
  TraceId: '',
  SpanId: '',
  TraceFlags: 1,
  SeverityText: 'WARN',
  SeverityNumber: 13,
  ServiceName: 'cart',
  Body: 'GET /cart 200 '.repeat(20),
  ResourceSchemaUrl: '',
  ResourceAttributes: { 'service.name': 'cart' },
  ScopeSchemaUrl: '',
  ScopeName: '',
  ScopeVersion: '',
  ScopeAttributes: {},
  LogAttributes: { a: '1', b: '2', c: '' },
  EventName: '',
};

const metricBase = {
  ResourceAttributes: { 'service.name': 'api' },
  ResourceSchemaUrl: '',
  ScopeName: 'm',
  ScopeVersion: '',
  ScopeAttributes: {},
  ScopeDroppedAttrCount: 4294967295,
  ScopeSchemaUrl: '',
  ServiceName: 'api',
  MetricName: 'latency',
  MetricDescription: 'd',
  MetricUnit: 's',
  Attributes: { route: '/x' },
  StartTimeUnix: '0000000000.000000000',
  TimeUnix: '4102444800.999999999',
  Flags: 1,
  'Exemplars.FilteredAttributes': [{ user: 'u' }],
  'Exemplars.TimeUnix': ['4102444800.000000001'],
  'Exemplars.Value': [0.25],
  'Exemplars.SpanId': ['eee19b7ec3c1b174'],
  'Exemplars.TraceId': ['5b8efff798038103d269b633813fc60c'],
};
const gauge: GaugeRow = { ...metricBase, Value: -0.5 };
const histogram: HistogramRow = {
  ...metricBase,
  Count: '9007199254740993', // past 2^53
  Sum: Number.POSITIVE_INFINITY,
  BucketCounts: ['0', '1', '9007199254740993'],
  ExplicitBounds: [0.1, 1],
  Min: Number.NaN,
  Max: Number.NEGATIVE_INFINITY,
  AggregationTemporality: -1,
};

/** chDB's own Native block of the rows: loaded from the JSONEachRow encoder into plain-typed columns, then exported. */
function clickhouseBlock(table: NativeTable, rows: object[]): Buffer {
  const columns = nativeColumns[table];
  const structure = columns.map(([n, t]) => `\`${n}\` ${t}`).join(', ');
  const input = join(dir, `${table}.jsonl`);
  const output = join(dir, `${table}.native`);
  writeFileSync(input, String(encodeRows(table, rows as never).data));
  rmSync(output, { force: true });
  session.query(`CREATE OR REPLACE TABLE plain_${table} (${structure}) ENGINE = Memory`);
  session.query(`INSERT INTO plain_${table} SELECT * FROM file('${input}', 'JSONEachRow', '${structure.replace(/'/g, "\\'")}')`);
  session.query(`INSERT INTO FUNCTION file('${output}', 'Native') SELECT * FROM plain_${table}`);
  return readFileSync(output);
}

describe('encodeNative', () => {
  it.each<[NativeTable, object[]]>([
    ['otel_traces', [span, plainSpan]],
    ['otel_logs', [log]],
    ['otel_metrics_gauge', [gauge]],
    ['otel_metrics_histogram', [histogram]],
  ])('%s: the block chDB writes for the same rows', (table, rows) => {
    const ours = encodeNative(table, rows as never);
    expect(ours.rows).toBe(rows.length);
    expect(ours.format).toBe('Native');
    expect(ours.data.toString('hex')).toBe(clickhouseBlock(table, rows).toString('hex'));
  });

  it('refuses a time that is not DateTime64(9) text', () => {
    expect(() => encodeNative('otel_logs', [{ ...log, Timestamp: '1795563358' }])).toThrow('not a DateTime64(9) text: 1795563358');
  });
});

describe('SampleBlock (remote_write samples)', () => {
  const samples: Array<[MetricSampleRow, number]> = [
    [{ MetricName: 'node_cpu_seconds_total', SeriesId: '18446744073709551615', TimeUnix: '1795563358.123', Value: 0.25, Flags: 0 }, 1795563358123],
    [{ MetricName: 'caf\u00e9_' + 'x'.repeat(60), SeriesId: '1', TimeUnix: '0000000000.000', Value: Number.NEGATIVE_INFINITY, Flags: 0 }, 0],
    [{ MetricName: 'up', SeriesId: '9007199254740993', TimeUnix: '4102444800.999', Value: Number.NaN, Flags: 0 }, 4102444800999],
    [{ MetricName: 'up', SeriesId: '9007199254740993', TimeUnix: '4102444815.000', Value: 0, Flags: 1 }, 4102444815000],
  ];
  const rows = samples.map(([row]) => row);

  it('writes, sample by sample, the block chDB writes for the same rows, with room to spare', () => {
    const block = new SampleBlock(samples.length + 3);
    for (const [row, ms] of samples) block.add(sampleSeries(row.MetricName, BigInt(row.SeriesId)), ms, row.Value, row.Flags);
    expect(block.rows).toBe(samples.length);
    expect(block.done().toString('hex')).toBe(clickhouseBlock('metric_samples', rows).toString('hex'));
  });

  it('is the block encodeNative writes from the rows as text', () => {
    expect(encodeNative('metric_samples', rows).data.toString('hex')).toBe(clickhouseBlock('metric_samples', rows).toString('hex'));
  });
});

describe('mergeNativeBlocks', () => {
  it('joins blocks into the block of all their rows', () => {
    const blocks = [[span, plainSpan], [plainSpan], [span]].map((rows) => encodeNative('otel_traces', rows).data);
    expect(mergeNativeBlocks(blocks).toString('hex')).toBe(encodeNative('otel_traces', [span, plainSpan, plainSpan, span]).data.toString('hex'));
    const metrics = [histogram, { ...histogram, BucketCounts: [], ExplicitBounds: [] }];
    expect(mergeNativeBlocks(metrics.map((m) => encodeNative('otel_metrics_histogram', [m]).data))).toEqual(encodeNative('otel_metrics_histogram', metrics).data);
    // a block cut short is refused, never read past its end
    const whole = encodeNative('otel_traces', [span]).data;
    expect(() => mergeNativeBlocks([whole, whole.subarray(0, 5)])).toThrow(/^Native block cut short at byte 5: \d+ bytes needed from byte \d+$/);
    // wherever it is cut: inside a string, a length, an offset
    for (let end = 6; end < whole.length; end += 7) {
      expect(() => mergeNativeBlocks([whole, whole.subarray(0, end)])).toThrow(new RegExp(`^Native block cut short at byte ${end}`));
    }
  });

  it('refuses blocks of different tables', () => {
    expect(() => mergeNativeBlocks([encodeNative('otel_logs', [log]).data, encodeNative('otel_traces', [span]).data])).toThrow(/^Native blocks of different columns cannot be joined/);
  });
});

describe('rowsOfNative (the tests\' reader)', () => {
  it('reads back concatenated blocks as the rows they were made of', () => {
    const a = encodeNative('otel_traces', [span, plainSpan]).data;
    const b = encodeNative('otel_traces', [plainSpan]).data;
    expect(rowsOfNative(Buffer.concat([a, b]))).toEqual([span, plainSpan, plainSpan]);
    expect(rowsOfNative(encodeNative('otel_metrics_histogram', [histogram]).data)).toEqual([histogram]);
  });
});
