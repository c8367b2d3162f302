/**
 * Opens the embedded metadata store (PGlite, WASM Postgres) in a data dir, with memory settings
 * for a store of a few MiB. Measured by `npm run bench:idle-memory` (bench/idle-memory/README.md).
 */
import { spawn } from 'node:child_process';
import { createReadStream, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import type { PGlite, PGliteOptions } from '@electric-sql/pglite';

/**
 * PGlite's own start parameters (which include its `-F`: it never fsyncs, and neither did we
 * before) plus a small buffer pool. initdb writes `shared_buffers = 128MB`, and every page of
 * the pool Postgres touches stays in the WASM heap; the metadata (catalog, SLO state,
 * silences) is a few MiB, and what the pool does not hold is one read away in the OS page
 * cache. 4 MB against 16 MB: 12–18 MiB less idle RSS, and a 1,000-SLO cycle persisted as fast
 * (bench/idle-memory/README.md). wal_buffers follows it (1/32, 128 kB).
 * Durability is untouched: commits still go to the WAL files on disk.
 */
async function options(): Promise<PGliteOptions> {
  compileWasmWithLiftoffOnly();
  const { PGlite } = await import('@electric-sql/pglite');
  return { startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=4MB'], pgliteWasmModule: await compileStreaming('pglite.wasm') };
}

/**
 * PGlite's WASM module compiled from a file stream. PGlite itself reads the 9.9 MB file into
 * one Buffer to compile it, and V8 keeps its own copy of the bytes besides: the Buffer is
 * garbage at once, but only a GC returns it, and a restarted idle hub may run none for
 * minutes (measured: a 24 MiB region starting with the module's bytes, 5 s after /readyz).
 * Streamed, only 64 KiB chunks pass through the JS heap.
 */
async function compileStreaming(file: string): Promise<WebAssembly.Module> {
  // beside the package's entry (dist/): the package exports no path to its .wasm files
  const path = join(dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite')), file);
  const body = Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>;
  return WebAssembly.compileStreaming(new Response(body, { headers: { 'content-type': 'application/wasm' } }));
}

/**
 * V8 compiles PGlite's 10 MB WASM module with its baseline compiler (Liftoff) and, for hot
 * functions, again with TurboFan; the second copy and its compile zones stay resident,
 * ~50 MiB (measured, bench/idle-memory/README.md). The metadata store runs a few small
 * queries a minute, and Liftoff code ran them faster than the default, because nothing is
 * compiled twice (600 point queries: ~290 ms against 650–1,000 ms). V8 reads the flag when
 * a module is compiled, and it is process-wide: WASM compiled later in the hub (undici's
 * HTTP parser, a few KiB) gets Liftoff only too.
 */
function compileWasmWithLiftoffOnly(): void {
  setFlagsFromString('--liftoff-only');
}

/**
 * The store in `dir`, created first if it has none. initdb runs in a short-lived child process:
 * in this one it costs a second PGlite instance (its WASM heap) and a tar of the new cluster,
 * ~450 MiB that only a full GC returns, and an idle hub may run none for a long while
 * (measured: still held 5 s after /readyz; returned by forced GCs). A child returns it all
 * when it exits.
 */
export async function openPGlite(dir: string): Promise<PGlite> {
  if (!existsSync(join(dir, 'PG_VERSION'))) await initdbInChild(dir);
  const { PGlite } = await import('@electric-sql/pglite');
  return PGlite.create(dir, await options());
}

function initdbInChild(dir: string): Promise<void> {
  // this file as the hub runs it: compiled (build/), or TypeScript through tsx, whatever the working directory
  const loader = import.meta.filename.endsWith('.ts') ? ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href] : [];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...loader, import.meta.filename, dir], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`creating the metadata store in ${dir} failed (exit ${code}): ${stderr.trim()}`))));
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { PGlite } = await import('@electric-sql/pglite');
  const pg = await PGlite.create(process.argv[2]!, await options());
  await pg.close();
}
