import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

/** The hub serves web/dist: build it once before the tests if its sources changed. */
export default function setup(): void {
  execFileSync(process.execPath, [resolve(import.meta.dirname, '../../scripts/build-web.mjs'), '--if-stale'], { stdio: 'inherit' });
}
