#!/usr/bin/env node
// Builds the web UI (web/ → web/dist) with Vite. `--if-stale` skips the build when
// web/dist/index.html is newer than every source it is made from, so `npm start` and the
// test setup pay for a build only after a change.
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isFresh } from './newest-mtime.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const output = join(root, 'web/dist/index.html');
const sources = ['web/src', 'web/index.html', 'web/vite.config.ts', 'shared'].map((p) => join(root, p));

const ifStale = process.argv.includes('--if-stale');
if (ifStale && isFresh(output, sources)) {
  console.log(`web: skipped build, ${relative(root, output)} is newer than web/src, web/index.html, web/vite.config.ts and shared/`);
  process.exit(0);
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
