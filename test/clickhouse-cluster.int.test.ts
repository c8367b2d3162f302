/**
 * CLICKHOUSE_CLUSTER end to end, as far as this machine allows: no cluster runs here, so the
 * ClickHouse-protocol server (test/support/clickhouse-http.ts) answers the cluster DDL as a
 * one-shard, one-replica cluster (`acceptClusterDdl`) and records every statement and its
 * settings. The real `octolens migrate` and `octolens start` talk to it as to a server; the
 * statements they send are checked against the reviewed snapshot of the cluster DDL
 * (server/storage/__snapshots__/cluster-ddl.sql), and their inserts' settings one by one.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMigrations } from '../server/storage/migrate.js';
import type { TracesResult } from '../shared/api.js';
import { startClickHouseHttp, type ClickHouseHttpServer, type ReceivedQuery } from './support/clickhouse-http.js';
import { eventually } from './support/eventually.js';
import { getJson, startHub } from './support/hub.js';
import { makeSpans, protobufTraces } from './support/spans.js';

const root = resolve(import.meta.dirname, '..');
const run = promisify(execFile);
/** the machine's own store settings stay out: only what a test sets */
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(OCTOLENS_|REDIS_URL$|DATABASE_URL$|CLICKHOUSE_)/.test(k)));

let dir: string;
let ch: ClickHouseHttpServer;
const clusterEnv = (password = 's3cret') => ({ CLICKHOUSE_URL: ch.url, CLICKHOUSE_USER: 'octolens', CLICKHOUSE_PASSWORD: password, CLICKHOUSE_DATABASE: 'telemetry', CLICKHOUSE_CLUSTER: 'octolens' });

async function octolens(args: string[], env: Record<string, string>): Promise<{ code: number; out: string }> {
  try {
    const r = await run(process.execPath, [join(root, 'bin/octolens.mjs'), ...args], { cwd: root, env: { ...cleanEnv, ...env }, encoding: 'utf8' });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, out: err.stdout + err.stderr };
  }
}

/** The reviewed cluster DDL, statement by statement, in migration order. */
function snapshotStatements(): string[] {
  const text = readFileSync(join(root, 'server/storage/__snapshots__/cluster-ddl.sql'), 'utf8');
  return text
    .split(/^-- \d{4}_\w+\n/m)
    .filter((part) => part.trim())
    .flatMap((part) => part.trimEnd().replace(/;$/, '').split(/;\n\n/));
}

const ddl = (qs: ReceivedQuery[]) => qs.filter((q) => /^\s*(CREATE|ALTER)\b/.test(q.sql)).map((q) => q.sql);
const inserts = (qs: ReceivedQuery[], table: string) => qs.filter((q) => new RegExp(`^INSERT INTO ${table} `).test(q.sql));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'octolens-chcluster-'));
  ch = await startClickHouseHttp({ path: join(dir, 'ch'), users: { octolens: 's3cret' }, databases: ['telemetry'], acceptClusterDdl: true });
}, 60_000);
afterAll(async () => {
  await ch?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('CLICKHOUSE_CLUSTER', () => {
  it('is refused at start without CLICKHOUSE_URL, with a line naming both', async () => {
    const r = await octolens(['start', '--data-dir', join(dir, 'refused')], { CLICKHOUSE_CLUSTER: 'octolens' });
    expect(r.code).toBe(2);
    expect(r.out).toContain('octolens: invalid configuration:\n  CLICKHOUSE_CLUSTER (clickhouseCluster): set to "octolens" without CLICKHOUSE_URL');
  });

  it('octolens migrate refuses a wrong CLICKHOUSE_PASSWORD: the credentials reach the client', async () => {
    const r = await octolens(['migrate', '--data-dir', join(dir, 'meta')], clusterEnv('wrong'));
    expect(r.code).toBe(1);
    expect(r.out).toContain('refused the credentials (CLICKHOUSE_USER / CLICKHOUSE_PASSWORD');
    expect(ddl(ch.queries)).toEqual([]);
  }, 60_000);

  it('octolens migrate authenticates with CLICKHOUSE_USER/PASSWORD and runs the cluster DDL, ON CLUSTER, in the named database', async () => {
    const r = await octolens(['migrate', '--data-dir', join(dir, 'meta')], clusterEnv());
    expect(r.out).toContain('schemas are up to date');
    expect(r.code).toBe(0);
    expect(ddl(ch.queries)).toEqual([
      `CREATE TABLE IF NOT EXISTS octolens_migrations_local ON CLUSTER octolens (version UInt32, name String, applied_at DateTime DEFAULT now())
      ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/{database}/octolens_migrations_local', '{replica}')
      ORDER BY version`,
      'CREATE TABLE IF NOT EXISTS octolens_migrations ON CLUSTER octolens AS octolens_migrations_local ENGINE = Distributed(octolens, currentDatabase(), octolens_migrations_local, sipHash64(version))',
      ...snapshotStatements(),
    ]);
    // one record per migration, each answered once it is on the shards
    const records = inserts(ch.queries, 'octolens_migrations');
    expect(records).toHaveLength(loadMigrations({ retentionDays: { traces: 7, logs: 7, metrics: 30 } }).length);
    for (const q of records) expect(q.settings).toMatchObject({ distributed_foreground_insert: '1' });
    const res = await fetch(`${ch.url}/?database=telemetry`, {
      method: 'POST',
      body: "SELECT name, engine FROM system.tables WHERE database = 'telemetry' AND name LIKE 'otel_traces%' ORDER BY name FORMAT TSV",
      headers: { 'X-ClickHouse-User': 'octolens', 'X-ClickHouse-Key': 's3cret' },
    });
    // the single-node stand-ins of the Distributed tables (Buffer) and of the Replicated ones
    expect(await res.text()).toBe(['otel_traces\tBuffer', 'otel_traces_local\tMergeTree', 'otel_traces_trace_id_ts\tBuffer', 'otel_traces_trace_id_ts_local\tMergeTree', 'otel_traces_trace_id_ts_mv\tMaterializedView', ''].join('\n'));
  }, 60_000);

  it('refuses to carry on a database in the other mode, saying which setting to change', async () => {
    const without = await octolens(['migrate', '--data-dir', join(dir, 'meta')], { ...clusterEnv(), CLICKHOUSE_CLUSTER: '' });
    expect(without.code).toBe(1);
    expect(without.out).toContain('this database was migrated with CLICKHOUSE_CLUSTER (octolens_migrations_local exists): set CLICKHOUSE_CLUSTER to that cluster again');
    // a database a hub without a cluster migrated: its record table is a plain one
    const headers = { 'X-ClickHouse-User': 'octolens', 'X-ClickHouse-Key': 's3cret' };
    for (const body of ['CREATE DATABASE plain', 'CREATE TABLE plain.octolens_migrations (version UInt32, name String, applied_at DateTime DEFAULT now()) ENGINE = MergeTree ORDER BY version'])
      expect((await fetch(`${ch.url}/`, { method: 'POST', body, headers })).status).toBe(200);
    const before = ch.queries.length;
    const into = await octolens(['migrate', '--data-dir', join(dir, 'meta')], { ...clusterEnv(), CLICKHOUSE_DATABASE: 'plain' });
    expect(into.code).toBe(1);
    expect(into.out).toContain('CLICKHOUSE_CLUSTER is set, but this database was migrated without it');
    expect(ddl(ch.queries.slice(before))).toEqual([]);
  }, 60_000);

  it('the hub inserts into the Distributed tables synchronously with the dedup token, alters retention ON CLUSTER, and stores a re-sent batch once', async () => {
    const before = ch.queries.length;
    const hub = await startHub({ dataDir: join(dir, 'meta'), env: { ...cleanEnv, ...clusterEnv(), OCTOLENS_RETENTION_TRACES_DAYS: '3' } });
    try {
      expect(hub.output()).toContain(`data: ClickHouse cluster octolens through ${new URL(clusterEnv().CLICKHOUSE_URL).host})`);
      const atStart = ch.queries.slice(before);
      // nothing to migrate; the retention ALTERs go to the Replicated tables, ON CLUSTER
      expect(ddl(atStart)).toEqual([
        `CREATE TABLE IF NOT EXISTS octolens_migrations_local ON CLUSTER octolens (version UInt32, name String, applied_at DateTime DEFAULT now())
      ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/{database}/octolens_migrations_local', '{replica}')
      ORDER BY version`,
        'CREATE TABLE IF NOT EXISTS octolens_migrations ON CLUSTER octolens AS octolens_migrations_local ENGINE = Distributed(octolens, currentDatabase(), octolens_migrations_local, sipHash64(version))',
        'ALTER TABLE otel_traces_local ON CLUSTER octolens MODIFY TTL toDateTime(Timestamp) + toIntervalDay(3)',
        'ALTER TABLE otel_traces_trace_id_ts_local ON CLUSTER octolens MODIFY TTL Start + toIntervalDay(3)',
      ]);

      const body = protobufTraces(makeSpans('ch-cluster', ['a', 'b', 'c']));
      for (let i = 0; i < 2; i++) {
        const res = await fetch(`${hub.otlpUrl}/v1/traces`, { method: 'POST', body, headers: { 'Content-Type': 'application/x-protobuf' } });
        expect(res.status).toBe(200);
      }
      const spanInserts = inserts(ch.queries.slice(before), 'otel_traces');
      expect(spanInserts.length).toBeGreaterThanOrEqual(1);
      for (const q of spanInserts) {
        expect(q.sql).toMatch(/^INSERT INTO otel_traces \(`Timestamp`, `TraceId`, .*\) FORMAT Native$/);
        expect(q.settings).toMatchObject({ distributed_foreground_insert: '1', insert_deduplication_token: expect.stringMatching(/.+/) });
      }
      const traces = await eventually(
        () => getJson<TracesResult>(hub, '/api/v1/traces?service=ch-cluster&from=now-1h&to=now%2B1m&limit=100'),
        (r) => r.traces.length === 3,
      );
      expect(traces.traces.map((t) => t.rootOperation).sort()).toEqual(['a', 'b', 'c']);
    } finally {
      await hub.stop();
    }
  }, 120_000);
});
