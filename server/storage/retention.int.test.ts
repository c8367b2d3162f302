import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTelemetryStore, type TelemetryStore } from './index.js';
import { ttlDays } from './retention.js';

const retention = (traces: number) => ({ traces, logs: 7, metrics: 30 });

interface TableTtl {
  name: string;
  engineFull: string;
}

const readTtls = (store: TelemetryStore) =>
  store.query<TableTtl>(
    `SELECT name, engine_full AS engineFull FROM system.tables
     WHERE database = currentDatabase() AND name IN ('otel_traces', 'otel_traces_trace_id_ts', 'otel_logs', 'otel_metrics_sum') ORDER BY name`,
  );

const ttlMutations = async (store: TelemetryStore) =>
  (await store.query<{ c: number }>(`SELECT count() AS c FROM system.mutations WHERE database = currentDatabase() AND command ILIKE '%TTL%'`))[0]!.c;

describe('retention applies on restart (real chDB)', () => {
  let dir: string;
  let store: TelemetryStore | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'octolens-retention-'));
  });
  afterEach(async () => {
    await store?.close();
    store = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('changes the traces tables to the new days, keeps ttl_only_drop_parts, and leaves the others alone', async () => {
    store = await openTelemetryStore({ dataDir: dir, database: 'default', retentionDays: retention(7) });
    const before = await readTtls(store);
    expect(before.map((t) => [t.name, ttlDays(t.engineFull)])).toEqual([
      ['otel_logs', 7],
      ['otel_metrics_sum', 30],
      ['otel_traces', 7],
      ['otel_traces_trace_id_ts', 7],
    ]);
    await store.close();

    const logged: Array<Record<string, unknown>> = [];
    store = await openTelemetryStore({
      dataDir: dir,
      database: 'default',
      retentionDays: retention(3),
      log: { info: (msg, fields) => logged.push({ msg, ...fields }) },
    });
    const after = await readTtls(store);
    expect(after.map((t) => [t.name, ttlDays(t.engineFull)])).toEqual([
      ['otel_logs', 7],
      ['otel_metrics_sum', 30],
      ['otel_traces', 3],
      ['otel_traces_trace_id_ts', 3],
    ]);
    const traces = after.find((t) => t.name === 'otel_traces')!.engineFull;
    expect(traces).toContain('TTL toDateTime(Timestamp) + toIntervalDay(3) SETTINGS');
    expect(traces).toContain('ttl_only_drop_parts = 1');
    expect(after.find((t) => t.name === 'otel_traces_trace_id_ts')!.engineFull).toContain('TTL Start + toIntervalDay(3) SETTINGS');
    expect(logged).toEqual([
      { msg: 'retention changed', table: 'otel_traces', fromDays: 7, toDays: 3 },
      { msg: 'retention changed', table: 'otel_traces_trace_id_ts', fromDays: 7, toDays: 3 },
    ]);
    expect(await ttlMutations(store)).toBe(2);
  });

  it('runs no ALTER when the settings did not change', async () => {
    store = await openTelemetryStore({ dataDir: dir, database: 'default', retentionDays: retention(7) });
    await store.close();
    const logged: string[] = [];
    store = await openTelemetryStore({ dataDir: dir, database: 'default', retentionDays: retention(7), log: { info: (msg) => logged.push(msg) } });
    expect(logged).toEqual([]);
    expect(await ttlMutations(store)).toBe(0);
    expect((await readTtls(store)).map((t) => ttlDays(t.engineFull))).toEqual([7, 30, 7, 7]);
  });
});
