import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openMetaDb, type MetaDb } from '../../meta/index.js';
import { openTelemetryStore, type TelemetryStore } from '../../storage/index.js';
import { formatNanos, type BusinessEventRow, type HistogramRow, type LogRow, type SpanRow, type SumRow, type TableName } from '../../storage/rows.js';
import { defaultTiers, type SloDefinition } from '../model.js';

/** A real embedded store and metadata db in one temp dir (one per test file: chDB allows one data path per process). */
export async function openEngineStores(): Promise<{ store: TelemetryStore; meta: MetaDb; dir: string; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'octolens-slo-'));
  const store = await openTelemetryStore({ dataDir: dir, database: 'default', retentionDays: { traces: 60, logs: 60, metrics: 60 } });
  const meta = await openMetaDb({ dataDir: dir });
  return {
    store,
    meta,
    dir,
    async close() {
      await store.close();
      await meta.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let seq = 0;

export async function insertRows(store: TelemetryStore, table: TableName, rows: object[]): Promise<void> {
  if (rows.length === 0) return;
  await store.insert(table, rows.map((r) => JSON.stringify(r)).join('\n') + '\n', `slo-test-${process.pid}-${++seq}`);
}

const ns = (ms: number) => formatNanos(BigInt(Math.round(ms)) * 1_000_000n);

export function span(p: { atMs: number; service?: string; name?: string; kind?: string; status?: string; durationMs?: number; durationNs?: number; attributes?: Record<string, string> }): SpanRow {
  const id = (++seq).toString(16).padStart(16, '0');
  const service = p.service ?? 'checkout';
  return {
    Timestamp: ns(p.atMs),
    TraceId: id.padStart(32, '0'),
    SpanId: id,
    ParentSpanId: '',
    TraceState: '',
    SpanName: p.name ?? 'GET /cart',
    SpanKind: p.kind ?? 'Server',
    ServiceName: service,
    ResourceAttributes: { 'service.name': service },
    ScopeName: 'test',
    ScopeVersion: '1',
    SpanAttributes: p.attributes ?? {},
    Duration: String(p.durationNs ?? Math.round((p.durationMs ?? 1) * 1_000_000)),
    StatusCode: p.status ?? 'Unset',
    StatusMessage: '',
    'Events.Timestamp': [],
    'Events.Name': [],
    'Events.Attributes': [],
    'Links.TraceId': [],
    'Links.SpanId': [],
    'Links.TraceState': [],
    'Links.Attributes': [],
  };
}

export function logRecord(p: { atMs: number; service?: string; severity?: number; body?: string; attributes?: Record<string, string> }): LogRow {
  return {
    Timestamp: ns(p.atMs),
    TraceId: '',
    SpanId: '',
    TraceFlags: 0,
    SeverityText: '',
    SeverityNumber: p.severity ?? 9,
    ServiceName: p.service ?? 'checkout',
    Body: p.body ?? '',
    ResourceSchemaUrl: '',
    ResourceAttributes: {},
    ScopeSchemaUrl: '',
    ScopeName: '',
    ScopeVersion: '',
    ScopeAttributes: {},
    LogAttributes: p.attributes ?? {},
    EventName: '',
  };
}

const metricBase = (p: { service?: string; name: string; attributes?: Record<string, string>; startMs: number; atMs: number }) => ({
  ResourceAttributes: {},
  ResourceSchemaUrl: '',
  ScopeName: 'test',
  ScopeVersion: '1',
  ScopeAttributes: {},
  ScopeDroppedAttrCount: 0,
  ScopeSchemaUrl: '',
  ServiceName: p.service ?? 'checkout',
  MetricName: p.name,
  MetricDescription: '',
  MetricUnit: '',
  Attributes: p.attributes ?? {},
  StartTimeUnix: ns(p.startMs),
  TimeUnix: ns(p.atMs),
  Flags: 0,
  'Exemplars.FilteredAttributes': [],
  'Exemplars.TimeUnix': [],
  'Exemplars.Value': [],
  'Exemplars.SpanId': [],
  'Exemplars.TraceId': [],
});

/** A monotonic sum point; cumulative (2) unless `delta`. */
export function counterPoint(p: { service?: string; name: string; attributes?: Record<string, string>; startMs: number; atMs: number; value: number; delta?: boolean }): SumRow {
  return { ...metricBase(p), Value: p.value, AggregationTemporality: p.delta ? 1 : 2, IsMonotonic: true };
}

export function histogramPoint(p: { service?: string; name: string; attributes?: Record<string, string>; startMs: number; atMs: number; bounds: number[]; counts: number[]; delta?: boolean }): HistogramRow {
  return {
    ...metricBase(p),
    Count: String(p.counts.reduce((a, b) => a + b, 0)),
    Sum: 0,
    BucketCounts: p.counts.map(String),
    ExplicitBounds: p.bounds,
    Min: 0,
    Max: 0,
    AggregationTemporality: p.delta ? 1 : 2,
  };
}

export function businessEvent(p: { atMs: number; name: string; service?: string; attributes?: Record<string, string> }): BusinessEventRow {
  return { Timestamp: ns(p.atMs), Name: p.name, ServiceName: p.service ?? 'shop', Attributes: p.attributes ?? {}, ResourceAttributes: {}, Value: 1, EventId: '', Source: 'api' };
}

/** An SLO definition with the model's defaults (30d rolling, occurrences, default tiers); override what the test is about. */
export function sloDef(over: Partial<SloDefinition> & Pick<SloDefinition, 'id' | 'sli'>): SloDefinition {
  return {
    name: over.id,
    service: 'checkout',
    description: '',
    labels: {},
    objective: 0.99,
    period: { kind: 'rolling', seconds: 30 * 86400 },
    budgeting: { method: 'occurrences' },
    groupBy: [],
    alerting: { name: `${over.id}-alert`, labels: {}, annotations: {}, tiers: defaultTiers(30 * 86400), minEvents: 0, noDataSeconds: 0, budgetExhausted: true },
    source: { file: `${over.id}.yaml`, line: 1, column: 1, format: 'octolens/v1' },
    ...over,
  };
}
