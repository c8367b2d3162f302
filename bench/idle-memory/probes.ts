/**
 * The parts of an idle hub, each alone in a fresh process, so the hub's RSS can be attributed:
 * `probe(name, dataDir, settleS)` spawns this file under the same tsx loader the hub runs
 * under; run as a script it does that part's start-up work, waits, and prints its memory.
 *
 * - node: the loader and nothing else (the floor every part sits on)
 * - chdb: the embedded engine opened the hub's way (server/storage/client.ts), one query
 * - pglite: the metadata store opened the hub's way (server/meta), migrations included
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { memory } from '../support/proc.js';

export const probeNames = ['node', 'chdb', 'pglite'] as const;
export type ProbeName = (typeof probeNames)[number];

export interface ProbeResult {
  rss: number;
  anon: number;
  file: number;
  hwm: number;
  /** the engine's version() (chdb only) */
  version?: string;
}

export function probe(name: ProbeName, dataDir: string, settleS: number): Promise<ProbeResult> {
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, ['--import', 'tsx', import.meta.filename, name, dataDir, String(settleS)], {
      cwd: resolve(import.meta.dirname, '../..'),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => (code === 0 ? res(JSON.parse(out.trim().split('\n').pop()!) as ProbeResult) : rej(new Error(`probe ${name} exited with ${code}`))));
  });
}

async function run(name: ProbeName, dataDir: string): Promise<() => Promise<Partial<ProbeResult>>> {
  if (name === 'chdb') {
    const { connectClickHouse } = await import('../../server/storage/client.js');
    const { client } = await connectClickHouse({ database: 'default', dataDir });
    const [row] = await (await client.query({ query: 'SELECT version() AS v', format: 'JSONEachRow' })).json<{ v: string }>();
    return async () => {
      await client.close();
      return { version: row!.v };
    };
  }
  if (name === 'pglite') {
    const { openMetaDb } = await import('../../server/meta/index.js');
    const db = await openMetaDb({ dataDir });
    return async () => {
      await db.destroy();
      return {};
    };
  }
  return async () => ({});
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [name, dataDir, settleS] = process.argv.slice(2) as [ProbeName, string, string];
  const close = await run(name, dataDir);
  await new Promise((r) => setTimeout(r, Number(settleS) * 1000));
  const m = memory(process.pid);
  const extra = await close();
  process.stdout.write(`${JSON.stringify({ ...m, ...extra })}\n`);
  process.exit(0);
}
