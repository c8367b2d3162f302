#!/usr/bin/env node
// Compiles the server's TypeScript (server/, collectors/, shared/) to JavaScript in build/, which
// bin/octolens.mjs runs whenever it is newer than every source. Run through tsx, the hub carries
// tsx's loader thread and its transforms: ~60 MiB of an idle hub's memory (bench/idle-memory).
// `--if-stale` skips the build when build/ is fresh, so `npm start` pays for it after a change only.
//
// The compiled tree keeps the sources' layout, with their other files (migrations, protos) copied
// beside and every other top-level entry of the repository linked in: a path a module finds from
// import.meta.url (package.json, slo-specs/, web/dist/) is the same file in both.
import { cpSync, mkdirSync, readdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isFresh } from './newest-mtime.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'build');
const compiled = ['server', 'collectors', 'shared'];
/** written last: a build that stopped half way is never fresh */
const stampName = '.built';
const stamp = join(outDir, stampName);

export const serverBuild = {
  entry: pathToFileURL(join(outDir, 'server/cli/main.js')).href,
  isFresh: () => isFresh(stamp, compiled.map((d) => join(root, d))),
};

/** Every file under `dir`, relative to the repository. */
const filesUnder = (dir) => readdirSync(join(root, dir), { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => relative(root, join(e.parentPath, e.name)));

/** Builds beside build/ and then swaps it in: a hub running from build/ may miss it for a moment, never finds it half written. */
async function build() {
  const started = Date.now();
  const tmp = `${outDir}.${process.pid}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  const files = compiled.flatMap(filesUnder).filter((f) => !f.endsWith('.test.ts'));
  const sources = files.filter((f) => f.endsWith('.ts'));
  const { build: esbuild } = await import('esbuild');
  await esbuild({
    entryPoints: sources.map((f) => join(root, f)),
    outdir: tmp,
    outbase: root,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  for (const f of files.filter((f) => !f.endsWith('.ts'))) {
    mkdirSync(dirname(join(tmp, f)), { recursive: true });
    cpSync(join(root, f), join(tmp, f));
  }
  const skip = new Set([...compiled, 'node_modules', 'build']);
  // dot entries (.git, .ci) and other builds in progress (build.<pid>.tmp) are not linked
  const linked = readdirSync(root).filter((e) => !skip.has(e) && !e.startsWith('.') && !e.startsWith('build.'));
  for (const entry of linked) symlinkSync(join('..', entry), join(tmp, entry));
  writeFileSync(join(tmp, stampName), '');
  rmSync(outDir, { recursive: true, force: true });
  renameSync(tmp, outDir);
  console.log(`server: built ${relative(root, outDir)}/ (${sources.length} modules) in ${((Date.now() - started) / 1000).toFixed(1)}s`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (process.argv.includes('--help')) {
    process.stdout.write('usage: node scripts/build-server.mjs [--if-stale]\n\nCompiles server/, collectors/ and shared/ to build/, which bin/octolens.mjs runs while it is fresh.\n  --if-stale  do nothing when build/ is newer than every source\n');
  } else if (process.argv.includes('--if-stale') && serverBuild.isFresh()) {
    console.log('server: skipped build, build/ is newer than server/, collectors/ and shared/');
  } else {
    await build().catch((err) => {
      console.error(`server: build failed: ${err instanceof Error ? err.message : err}`);
      process.exit(1);
    });
  }
}
