/**
 * The rows of every fixture, encoded as the OTLP receiver encodes them (Native blocks), go
 * into the real tables (embedded chDB with the hub's migrations) and read back: the schema
 * takes every column, including NaN/±Inf and nanosecond times past 2^53.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTelemetryStore, type TelemetryStore } from '../../server/storage/index.js';
import { decodeRequest } from './decode.js';
import { encodeAllNative } from '../encode-native.js';
import { normaliseLogs } from './normalise-logs.js';
import { normaliseMetrics } from './normalise-metrics.js';
import { normaliseTraces } from './normalise-traces.js';

// The fixtures carry fixed times (late November 2026): a 7-day TTL would drop their parts a week
// later, under the test. Ten years keeps them, and stays clear of DateTime's end in 2106.
const FIXTURE_RETENTION = { traces: 3650, logs: 3650, metrics: 3650 };

const fixture = (name: string) => readFileSync(new URL(`./testdata/${name}`, import.meta.url));

describe('fixture rows in ClickHouse', () => {
  let dir: string;
  let store: TelemetryStore;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'octolens-otlp-'));
    store = await openTelemetryStore({ dataDir: dir, database: 'default', retentionDays: FIXTURE_RETENTION });
    const parts = [
      ...encodeAllNative(normaliseTraces(decodeRequest('traces', 'protobuf', fixture('traces.bin'))).rows),
      ...encodeAllNative(normaliseLogs(decodeRequest('logs', 'json', fixture('logs.json'))).rows),
      ...encodeAllNative(normaliseMetrics(decodeRequest('metrics', 'protobuf', fixture('metrics.bin'))).rows),
      ...encodeAllNative(normaliseMetrics(decodeRequest('metrics', 'json', fixture('metrics-exemplars.json'))).rows),
    ];
    for (const [i, part] of parts.entries()) await store.insert(part.table, part.data, `otlp-golden-${i}`, part.format);
  });
  afterAll(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores spans with exact times, durations, events and links', async () => {
    const rows = await store.query<Record<string, unknown>>(
      `SELECT SpanName, SpanKind, toString(toUnixTimestamp64Nano(Timestamp)) AS start, toString(Duration) AS duration,
              length(Events.Name) AS events, Links.TraceId AS links
       FROM otel_traces ORDER BY Timestamp`,
    );
    expect(rows).toEqual([
      { SpanName: 'POST /checkout', SpanKind: 'Server', start: '1795563358123456789', duration: '50000000', events: 0, links: ['0af7651916cd43dd8448eb211c80319c'] },
      { SpanName: 'tax.compute', SpanKind: 'Client', start: '1795563358124456789', duration: '40000001', events: 2, links: [] },
      { SpanName: 'cart.load', SpanKind: 'Internal', start: '1795563358125456789', duration: '0', events: 0, links: [] },
      { SpanName: 'orders publish', SpanKind: 'Producer', start: '1795563358168456789', duration: '1500000', events: 0, links: [] },
      { SpanName: 'orders process', SpanKind: 'Consumer', start: '1795563358170456789', duration: '43000000', events: 0, links: [] },
    ]);
  });

  it('stores log records with bodies and trace context', async () => {
    const rows = await store.query<Record<string, unknown>>(`SELECT Body, SeverityNumber, TraceId, TraceFlags, EventName FROM otel_logs ORDER BY Timestamp`);
    expect(rows.map((r) => [r.Body, r.SeverityNumber, r.TraceId, r.TraceFlags, r.EventName])).toEqual([
      ['invoice 42 created', 9, '', 0, ''],
      ['card declined for invoice 42', 17, '5b8efff798038103d269b633813fc60c', 1, ''],
      ['{"invoice":42,"lines":[{"sku":"sku-1","qty":1}],"total":129.95}', 14, '', 0, ''],
      ['42', 9, '', 0, 'billing.invoice.paid'],
    ]);
  });

  it('stores every metric table, non-finite values and exemplars included', async () => {
    const counts = await store.query<{ t: string; c: number }>(
      `SELECT 'gauge' AS t, count() AS c FROM otel_metrics_gauge UNION ALL SELECT 'sum' AS t, count() AS c FROM otel_metrics_sum
       UNION ALL SELECT 'histogram' AS t, count() AS c FROM otel_metrics_histogram
       UNION ALL SELECT 'exp' AS t, count() AS c FROM otel_metrics_exponential_histogram
       UNION ALL SELECT 'summary' AS t, count() AS c FROM otel_metrics_summary`,
    );
    expect(Object.fromEntries(counts.map((r) => [r.t, r.c]))).toEqual({ exp: 2, gauge: 4, histogram: 2, sum: 4, summary: 1 });
    const rate = await store.query<{ region: string; v: string }>(
      `SELECT Attributes['region'] AS region, toString(Value) AS v FROM otel_metrics_gauge WHERE MetricName = 'tax.rate' ORDER BY region`,
    );
    expect(rate).toEqual([
      { region: 'eu', v: 'nan' },
      { region: 'us', v: 'inf' },
    ]);
    const [histogram] = await store.query<Record<string, unknown>>(
      `SELECT toString(Max) AS max, BucketCounts AS buckets, Exemplars.TraceId AS traces, Exemplars.Value AS values
       FROM otel_metrics_histogram WHERE MetricName = 'tax.compute.duration'`,
    );
    expect(histogram).toEqual({ max: '-inf', buckets: [1, 2, 3], traces: ['5b8efff798038103d269b633813fc60c'], values: [240.5] });
    const [summary] = await store.query<Record<string, unknown>>(`SELECT ValueAtQuantiles.Quantile AS q, ValueAtQuantiles.Value AS v FROM otel_metrics_summary`);
    expect(summary).toEqual({ q: [0.5, 0.99], v: [0.1, 0.9] });
  });
});
