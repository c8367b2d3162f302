import { readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';

const specFile = /\.ya?ml$/i;

/**
 * Every `*.yaml`/`*.yml` under `dir`, as sorted `/`-separated relative paths. Hidden entries
 * (`.git`, `.github`) and `node_modules` are skipped. Symbolic links are followed, as a
 * Kubernetes ConfigMap mount is made of them (`slo.yaml -> ..data/slo.yaml`); a directory
 * reached twice is read once.
 */
export async function listSpecFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  const seen = new Set<string>();
  const walk = async (prefix: string): Promise<void> => {
    const here = join(dir, prefix);
    const real = await realpath(here);
    if (seen.has(real)) return;
    seen.add(real);
    const entries = await readdir(here, { withFileTypes: true });
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      const kind = entry.isSymbolicLink() ? await stat(join(dir, rel)).catch(() => undefined) : entry;
      if (kind?.isDirectory()) await walk(rel);
      else if (kind?.isFile() && specFile.test(entry.name)) files.push(rel);
    }
  };
  await walk('');
  return files;
}
