import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

/**
 * The hub serves web/dist, and bin/octolens.mjs runs build/ while it is fresh: both are built once
 * before the tests if their sources changed, so the hubs the tests start run what `npm start` runs.
 */
export default function setup(): void {
  for (const script of ['build-web.mjs', 'build-server.mjs'])
    execFileSync(process.execPath, [resolve(import.meta.dirname, '../../scripts', script), '--if-stale'], { stdio: 'inherit' });
}
