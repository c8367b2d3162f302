/**
 * Counts the spans a stopped hub stored in its chDB data dir. chDB holds one data dir per
 * process, so the count runs in a child: `storedSpans(dataDir)` spawns this file, which, run
 * as a script, opens the dir and prints `{"rows":…,"spans":…}` (rows, and distinct span ids).
 */
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface StoredSpans {
  rows: number;
  /** distinct SpanId values: equal to rows when nothing was stored twice */
  spans: number;
}

export function storedSpans(dataDir: string): Promise<StoredSpans> {
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, ['--import', 'tsx', import.meta.filename, dataDir], { cwd: resolve(import.meta.dirname, '../..'), stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => (code === 0 ? res(JSON.parse(out) as StoredSpans) : rej(new Error(`counting the stored spans failed: exit ${code}`))));
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { Session } = await import('chdb');
  const session = new Session(join(process.argv[2]!, 'clickhouse'));
  const row = JSON.parse(session.query('SELECT count() AS rows, uniqExact(SpanId) AS spans FROM otel_traces', 'JSONEachRow')) as Record<string, string>;
  session.close();
  process.stdout.write(JSON.stringify({ rows: Number(row.rows), spans: Number(row.spans) }));
}
