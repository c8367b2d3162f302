#!/usr/bin/env node
// Builds the web UI (web/ → web/dist) with Vite. `--if-stale` skips the build when
// web/dist/index.html is newer than every source it is made from, so `npm start` and the
// test setup pay for a build only after a change.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const output = join(root, 'web/dist/index.html');
const sources = ['web/src', 'web/index.html', 'web/vite.config.ts', 'shared'].map((p) => join(root, p));

/** The newest modification time under `path` (a file or a folder, walked recursively). */
function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

const ifStale = process.argv.includes('--if-stale');
if (ifStale && existsSync(output)) {
  const built = statSync(output).mtimeMs;
  const newest = Math.max(...sources.map(newestMtime));
  if (built > newest) {
    console.log(`web: skipped build, ${relative(root, output)} is newer than web/src, web/index.html, web/vite.config.ts and shared/`);
    process.exit(0);
  }
}

const started = Date.now();
const { build } = await import('vite');
try {
  await build({ configFile: join(root, 'web/vite.config.ts'), logLevel: 'warn' });
} catch (err) {
  console.error(`web: build failed: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
}
console.log(`web: built ${relative(root, dirname(output))} in ${((Date.now() - started) / 1000).toFixed(1)}s`);
