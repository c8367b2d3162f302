/**
 * Run after the hub has stopped, in its own process (chDB holds one data dir per process):
 *   node --import tsx bench/ingest-traces/store-check.ts <hub data dir> [otel_traces|otel_logs] [--merge]
 * Counts the stored rows (spans, or log records) and the bytes their parts take on disk,
 * then measures the engine's ceiling on this machine: the same rows, exported once,
 * inserted into empty tables created by the same migrations (for traces: table, TraceId
 * index table and materialized view), from Native and from JSONEachRow. `--merge` then
 * merges the table's parts (OPTIMIZE FINAL) and measures the disk again.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Session } from 'chdb';
import { loadMigrations } from '../../server/storage/migrate.js';

export interface StoreCheck {
  engineVersion: string;
  table: string;
  rows: number;
  uniqueSpanIds: number;
  uniqueTraceIds: number;
  /** distinct values of the column unique per record (SpanId; Body for logs, which carries its request id) */
  uniqueRecords: number;
  /** active parts as the hub left them (system.parts); `merged` after OPTIMIZE FINAL, with --merge */
  disk: { bytes: number; parts: number; merged?: { bytes: number; parts: number }; breakdown?: DiskBreakdown };
  /** `migrations`: those with a statement naming the table, which the ceiling's empty copies are made from */
  ceiling: { nativeRowsPerS: number; jsonRowsPerS: number; nativeBytes: number; jsonBytes: number; migrations: string[] };
}

/** Compressed bytes per column and per skip index (with --merge, of the merged parts): where the disk goes. */
export interface DiskBreakdown {
  columns: Record<string, number>;
  indexes: Record<string, number>;
}

/** The column whose distinct values count the records, per table. */
const recordKey: Record<string, string> = { otel_traces: 'SpanId', otel_logs: 'Body' };
const [dataDir, table = 'otel_traces'] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
if (!dataDir || !recordKey[table]) throw new Error('usage: store-check.ts <hub data dir> [otel_traces|otel_logs] [--merge]');
const session = new Session(join(dataDir, 'clickhouse'));
const one = <T>(sql: string) => JSON.parse(session.query(sql, 'JSONEachRow').split('\n')[0]!) as T;
// Opening the data dir starts merging the parts the hub left: stopped, so the disk is read as
// the hub left it and the timed ceiling inserts do not share the cores with merges. --merge
// starts them again.
session.query('SYSTEM STOP MERGES');

const counts = one<{ rows: string; spans: string; traces: string; records: string }>(
  `SELECT count() AS rows, uniqExact(SpanId) AS spans, uniqExact(TraceId) AS traces, uniqExact(${recordKey[table]}) AS records FROM ${table}`,
);
const disk = () => {
  const d = one<{ bytes: string; parts: string }>(`SELECT sum(bytes_on_disk) AS bytes, count() AS parts FROM system.parts WHERE database = currentDatabase() AND table = '${table}' AND active`);
  return { bytes: Number(d.bytes), parts: Number(d.parts) };
};
const asLeft = disk();

const structure = session
  .query(`SELECT name, type FROM system.columns WHERE database = currentDatabase() AND table = '${table}' ORDER BY position`, 'JSONEachRow')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as { name: string; type: string })
  .map((c) => `\`${c.name}\` ${c.type}`)
  .join(', ')
  .replace(/'/g, "\\'");

const files = { native: join(dataDir, 'ceiling.native'), json: join(dataDir, 'ceiling.jsonl') };
session.query(`INSERT INTO FUNCTION file('${files.native}', 'Native') SELECT * FROM ${table}`);
// the hub writes DateTime64 as "seconds.nanos" and UInt64 as strings: export the same shapes
session.query(`INSERT INTO FUNCTION file('${files.json}', 'JSONEachRow') SELECT * FROM ${table} SETTINGS date_time_output_format = 'unix_timestamp'`);
const sizes = one<{ native: string; json: string }>(
  `SELECT (SELECT _size FROM file('${files.native}', 'RawBLOB') LIMIT 1) AS native, (SELECT _size FROM file('${files.json}', 'RawBLOB') LIMIT 1) AS json`,
);

const migrations = loadMigrations({ retentionDays: { traces: 7, logs: 7, metrics: 30 } }).filter((m) => m.statements.some((st) => st.includes(table)));

/** Creates empty copies of the table's schema (every migration statement naming it, other names), times one insert. */
function timeInsert(prefix: string, from: string): number {
  const statements = migrations.flatMap((m) => m.statements.filter((st) => st.includes(table)));
  for (const statement of statements) session.query(statement.replaceAll(table, `${prefix}_${table}`));
  const started = performance.now();
  session.query(`INSERT INTO ${prefix}_${table} SELECT * FROM ${from}`);
  const seconds = (performance.now() - started) / 1000;
  const stored = Number(one<{ n: string }>(`SELECT count() AS n FROM ${prefix}_${table}`).n);
  if (stored !== Number(counts.rows)) throw new Error(`${prefix}: inserted ${stored} rows, expected ${counts.rows}`);
  return Math.round(stored / seconds);
}

const result: StoreCheck = {
  engineVersion: one<{ v: string }>('SELECT version() AS v').v,
  table,
  rows: Number(counts.rows),
  uniqueSpanIds: Number(counts.spans),
  uniqueTraceIds: Number(counts.traces),
  uniqueRecords: Number(counts.records),
  disk: asLeft,
  ceiling: {
    nativeRowsPerS: timeInsert('ceil_native', `file('${files.native}', 'Native')`),
    jsonRowsPerS: timeInsert('ceil_json', `file('${files.json}', 'JSONEachRow', '${structure}')`),
    nativeBytes: Number(sizes.native),
    jsonBytes: Number(sizes.json),
    migrations: migrations.map((m) => m.name),
  },
};
if (process.argv.includes('--merge')) {
  session.query('SYSTEM START MERGES');
  session.query(`OPTIMIZE TABLE ${table} FINAL`);
  result.disk.merged = disk();
  const sizes = (from: string) =>
    Object.fromEntries(
      session
        .query(`SELECT name, data_compressed_bytes AS bytes FROM ${from} WHERE database = currentDatabase() AND table = '${table}' ORDER BY bytes DESC`, 'JSONEachRow')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { name: string; bytes: string })
        .map((c) => [c.name, Number(c.bytes)]),
    );
  result.disk.breakdown = { columns: sizes('system.columns'), indexes: sizes('system.data_skipping_indices') };
}
session.close();
rmSync(files.native, { force: true });
rmSync(files.json, { force: true });
process.stdout.write(JSON.stringify(result) + '\n');
