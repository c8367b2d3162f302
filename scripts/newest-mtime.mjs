// Shared by the build scripts' `--if-stale`: a build is fresh when its output is newer than
// every source it is made from.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The newest modification time under `path` (a file or a folder, walked recursively); 0 when it is missing. */
function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** Whether `output` exists and is newer than every one of `sources`. */
export const isFresh = (output, sources) => existsSync(output) && statSync(output).mtimeMs > Math.max(...sources.map(newestMtime));
