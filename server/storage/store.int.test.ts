import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatNanos, type SpanRow } from './rows.js';
import { openTelemetryStore, type TelemetryStore } from './index.js';

// The fixtures carry fixed times (late November 2026): a 7-day TTL would drop their parts a week
// later, under the test. Ten years keeps them, and stays clear of DateTime's end in 2106.
const FIXTURE_RETENTION = { traces: 3650, logs: 3650, metrics: 3650 };

const span = (id: string, startNs: bigint): SpanRow => ({
  Timestamp: formatNanos(startNs),
  TraceId: '0af7651916cd43dd8448eb211c80319c',
  SpanId: id,
  ParentSpanId: '',
  TraceState: '',
  SpanName: 'GET /cart',
  SpanKind: 'Server',
  ServiceName: 'checkout',
  ResourceAttributes: { 'service.name': 'checkout' },
  ScopeName: 'test',
  ScopeVersion: '1',
  SpanAttributes: { 'http.route': '/cart' },
  Duration: '1500000',
  StatusCode: 'Error',
  StatusMessage: 'boom',
  'Events.Timestamp': [formatNanos(startNs + 1n)],
  'Events.Name': ['exception'],
  'Events.Attributes': [{ 'exception.message': 'boom' }],
  'Links.TraceId': [],
  'Links.SpanId': [],
  'Links.TraceState': [],
  'Links.Attributes': [],
});

describe('telemetry store on embedded chDB', () => {
  let dir: string;
  let store: TelemetryStore;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'octolens-store-'));
    store = await openTelemetryStore({ dataDir: dir, database: 'default', retentionDays: FIXTURE_RETENTION });
  });
  afterAll(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores nanosecond timestamps exactly and keeps nested events', async () => {
    const start = 1795560958818123456n;
    await store.insert('otel_traces', JSON.stringify(span('b7ad6b7169203331', start)) + '\n', 't1');
    const rows = await store.query<{ ns: string; d: number; ev: string[] }>(
      `SELECT toString(toUnixTimestamp64Nano(Timestamp)) AS ns, Duration AS d, Events.Attributes[1]['exception.message'] AS ev
       FROM otel_traces WHERE SpanId = {id:String}`,
      { id: 'b7ad6b7169203331' },
    );
    expect(rows).toEqual([{ ns: '1795560958818123456', d: 1500000, ev: 'boom' }]);
  });

  it('stores a retried batch once (same dedup token)', async () => {
    const data = JSON.stringify(span('00f067aa0ba902b7', 1795560958000000000n)) + '\n';
    await store.insert('otel_traces', data, 't2');
    await store.insert('otel_traces', data, 't2');
    const [row] = await store.query<{ c: number }>(`SELECT count() AS c FROM otel_traces WHERE SpanId = '00f067aa0ba902b7'`);
    expect(row!.c).toBe(1);
    const [lookup] = await store.query<{ c: number }>(
      `SELECT count() AS c FROM otel_traces_trace_id_ts WHERE TraceId = '0af7651916cd43dd8448eb211c80319c'`,
    );
    expect(lookup!.c).toBe(2);
  });

  it('fills DEFAULT columns the writer leaves out', async () => {
    const log = {
      Timestamp: formatNanos(1795560958500000000n), TraceId: '', SpanId: '', TraceFlags: 0, SeverityText: 'INFO',
      SeverityNumber: 9, ServiceName: 'checkout', Body: 'hello', ResourceSchemaUrl: '', ResourceAttributes: {},
      ScopeSchemaUrl: '', ScopeName: '', ScopeVersion: '', ScopeAttributes: {}, LogAttributes: {}, EventName: '',
    };
    await store.insert('otel_logs', JSON.stringify(log) + '\n', 't3');
    const rows = await store.query<{ t: string }>(`SELECT toString(TimestampTime) AS t FROM otel_logs WHERE Body = 'hello'`);
    expect(rows).toEqual([{ t: '2026-11-24 22:55:58' }]);
  });

  it('writes Map values with their lengths inline and a top-level String with its size stream (migration 0017)', async () => {
    // the inserts above wrote one part of each table
    const streams = await store.query<{ t: string; s: number }>(
      `SELECT concat(table, '.', column) AS t, max(has(substreams, concat(column, {values:String}))) AS s FROM system.parts_columns
       WHERE database = currentDatabase() AND active AND (table, column) IN (('otel_logs', 'ResourceAttributes'), ('otel_traces', 'SpanAttributes'))
       GROUP BY t ORDER BY t`,
      { values: '%2Evalues.size' },
    );
    expect(streams).toEqual([{ t: 'otel_logs.ResourceAttributes', s: 0 }, { t: 'otel_traces.SpanAttributes', s: 0 }]);
    const [body] = await store.query<{ s: number }>(
      `SELECT min(has(substreams, 'Body.size')) AS s FROM system.parts_columns WHERE database = currentDatabase() AND active AND table = 'otel_logs' AND column = 'Body'`,
    );
    expect(body!.s).toBe(1);
    const [logs] = await store.query<{ indexes: string[] }>(
      `SELECT groupArray(name) AS indexes FROM (SELECT name FROM system.data_skipping_indices WHERE database = currentDatabase() AND table = 'otel_logs' ORDER BY name)`,
    );
    expect(logs!.indexes).toEqual(['idx_log_attr_key', 'idx_res_attr_key', 'idx_text_lower', 'idx_trace_id']);
  });

  it('cuts span granules at 1 MiB of rows, not only at 8,192 rows (trace by id reads whole granules)', async () => {
    // 3,000 spans of over 1 KB each: more than 3 MiB, so at least 3 granules and the closing mark.
    // A day of their own (2026-11-20): no background merge can join their part with the spans above.
    await store.query(
      `INSERT INTO otel_traces (Timestamp, TraceId, SpanId, ServiceName, SpanName, SpanAttributes)
       SELECT fromUnixTimestamp64Nano(toInt64(1795215358000000000 + number)), lower(hex(cityHash64(number))), toString(number), 'granules', 'op', map('blob', repeat('x', 1024))
       FROM numbers(3000)`,
    );
    const [part] = await store.query<{ rows: number; marks: number }>(
      `SELECT sum(rows) AS rows, sum(marks) AS marks FROM system.parts
       WHERE database = currentDatabase() AND active AND table = 'otel_traces' AND partition = '2026-11-20'`,
    );
    expect(part!.rows).toBe(3000);
    expect(part!.marks).toBeGreaterThanOrEqual(4);
  });
});
