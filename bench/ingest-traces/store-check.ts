/**
 * Run after the hub has stopped, in its own process (chDB holds one data dir per process):
 *   node --import tsx bench/ingest-traces/store-check.ts <hub data dir>
 * Counts the stored spans, then measures the engine's ceiling on this machine: the same
 * rows, exported once, inserted into empty tables created by the same migration (table,
 * TraceId index table and materialized view), from Native and from JSONEachRow.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Session } from 'chdb';
import { loadMigrations } from '../../server/storage/migrate.js';

export interface StoreCheck {
  engineVersion: string;
  rows: number;
  uniqueSpanIds: number;
  uniqueTraceIds: number;
  ceiling: { nativeRowsPerS: number; jsonRowsPerS: number; nativeBytes: number; jsonBytes: number };
}

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: store-check.ts <hub data dir>');
const session = new Session(join(dataDir, 'clickhouse'));
const one = <T>(sql: string) => JSON.parse(session.query(sql, 'JSONEachRow').split('\n')[0]!) as T;

const counts = one<{ rows: string; spans: string; traces: string }>(
  'SELECT count() AS rows, uniqExact(SpanId) AS spans, uniqExact(TraceId) AS traces FROM otel_traces',
);

const structure = session
  .query("SELECT name, type FROM system.columns WHERE database = currentDatabase() AND table = 'otel_traces' ORDER BY position", 'JSONEachRow')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as { name: string; type: string })
  .map((c) => `\`${c.name}\` ${c.type}`)
  .join(', ')
  .replace(/'/g, "\\'");

const files = { native: join(dataDir, 'ceiling.native'), json: join(dataDir, 'ceiling.jsonl') };
session.query(`INSERT INTO FUNCTION file('${files.native}', 'Native') SELECT * FROM otel_traces`);
// the hub writes DateTime64 as "seconds.nanos" and UInt64 as strings: export the same shapes
session.query(`INSERT INTO FUNCTION file('${files.json}', 'JSONEachRow') SELECT * FROM otel_traces SETTINGS date_time_output_format = 'unix_timestamp'`);
const sizes = one<{ native: string; json: string }>(
  `SELECT (SELECT _size FROM file('${files.native}', 'RawBLOB') LIMIT 1) AS native, (SELECT _size FROM file('${files.json}', 'RawBLOB') LIMIT 1) AS json`,
);

/** Creates empty copies of the traces schema (same statements, other names), times one insert. */
function timeInsert(prefix: string, from: string): number {
  const ddl = loadMigrations({ retentionDays: { traces: 7, logs: 7, metrics: 30 } }).find((m) => m.version === 1)!;
  for (const statement of ddl.statements) session.query(statement.replaceAll('otel_traces', `${prefix}_traces`));
  const started = performance.now();
  session.query(`INSERT INTO ${prefix}_traces SELECT * FROM ${from}`);
  const seconds = (performance.now() - started) / 1000;
  const stored = Number(one<{ n: string }>(`SELECT count() AS n FROM ${prefix}_traces`).n);
  if (stored !== Number(counts.rows)) throw new Error(`${prefix}: inserted ${stored} rows, expected ${counts.rows}`);
  return Math.round(stored / seconds);
}

const result: StoreCheck = {
  engineVersion: one<{ v: string }>('SELECT version() AS v').v,
  rows: Number(counts.rows),
  uniqueSpanIds: Number(counts.spans),
  uniqueTraceIds: Number(counts.traces),
  ceiling: {
    nativeRowsPerS: timeInsert('ceil_native', `file('${files.native}', 'Native')`),
    jsonRowsPerS: timeInsert('ceil_json', `file('${files.json}', 'JSONEachRow', '${structure}')`),
    nativeBytes: Number(sizes.native),
    jsonBytes: Number(sizes.json),
  },
};
session.close();
rmSync(files.native, { force: true });
rmSync(files.json, { force: true });
process.stdout.write(JSON.stringify(result) + '\n');
