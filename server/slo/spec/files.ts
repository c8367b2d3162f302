import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

const specFile = /\.ya?ml$/i;

/**
 * Every `*.yaml`/`*.yml` under `dir`, as sorted `/`-separated relative paths. Hidden entries
 * (`.git`, `.github`) and `node_modules` are skipped.
 */
export async function listSpecFiles(dir: string, prefix = ''): Promise<string[]> {
  const entries = await readdir(join(dir, prefix), { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...(await listSpecFiles(dir, rel)));
    else if (entry.isFile() && specFile.test(entry.name)) files.push(rel);
  }
  return files;
}
