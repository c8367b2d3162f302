/**
 * `octolens import catalog <path>`: every catalog-info.yaml under a directory (a repository
 * checkout, a catalog repo) sent to a running hub as one snapshot of one location. The files
 * are checked here first, with the hub's own decoder, so a broken file is reported as
 * file:line:column and nothing is sent. Exit codes: 0 imported, 1 invalid files or the hub
 * refused or could not be reached, 2 bad usage.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { decodeCatalogFiles, type CatalogFile } from '../../collectors/catalog/decode.js';
import { formatCatalogError } from '../../collectors/catalog/model.js';
import type { CatalogUploadAnswer } from '../../collectors/catalog/routes.js';
import type { CatalogResult } from '../../shared/api.js';
import { authHeaders, CliExit, errorMessage, EXIT_FAILED, EXIT_USAGE, exitUsage, hubOption, hubUrl, unreachable } from './hub-client.js';

const SKIPPED_DIRS = new Set(['node_modules', '.git']);

/** Files named one of `names` under `root` (or `root` itself when it is a file), sorted, paths relative to the root. */
export async function findCatalogFiles(root: string, names: readonly string[]): Promise<{ base: string; files: string[] }> {
  const info = await stat(root).catch(() => undefined);
  if (!info) throw new CliExit(EXIT_USAGE, `${root}: no such file or directory`);
  if (info.isFile()) return { base: resolve(root, '..'), files: [basename(root)] };
  const files: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) await walk(join(dir, entry.name));
      } else if (entry.isFile() && names.includes(entry.name)) files.push(relative(root, join(dir, entry.name)));
    }
  };
  await walk(root);
  return { base: root, files: files.sort() };
}

/** A location name the hub accepts, from a directory name. @example locationOf('/src/acme catalog') // → 'acme-catalog' */
export const locationOf = (path: string) => basename(resolve(path)).replace(/[^\w.:/@-]+/g, '-').slice(0, 200) || 'catalog';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export interface ImportCatalogOptions {
  hub: string;
  location?: string;
  names: string[];
  dryRun: boolean;
}

/** The command's work, printing through `out`/`err`; resolves with the exit code. */
export async function importCatalog(path: string, opts: ImportCatalogOptions, out: (line: string) => void, err: (line: string) => void): Promise<number> {
  try {
    const hub = hubUrl(opts.hub);
    const { base, files } = await findCatalogFiles(path, opts.names);
    if (files.length === 0) throw new CliExit(EXIT_FAILED, `no ${opts.names.join(' or ')} under ${path}`);
    const catalogFiles: CatalogFile[] = await Promise.all(files.map(async (name) => ({ name, text: await readFile(join(base, name), 'utf8') })));
    const decoded = decodeCatalogFiles(catalogFiles);
    if (decoded.errors.length > 0) {
      for (const e of decoded.errors) err(formatCatalogError(e));
      const broken = new Set(decoded.errors.map((e) => e.file)).size;
      throw new CliExit(EXIT_FAILED, `${plural(decoded.errors.length, 'error')} in ${plural(broken, 'file')}; nothing imported`);
    }
    const kinds = new Map<string, number>();
    for (const e of decoded.entities) kinds.set(e.kind, (kinds.get(e.kind) ?? 0) + 1);
    const kindText = [...kinds].map(([k, n]) => `${n} ${k}`).join(', ');
    const skipped = decoded.skipped.length > 0 ? `; skipped ${decoded.skipped.map((s) => `${s.kind} ${s.name}`).join(', ')} (kinds Octolens does not import)` : '';
    const location = opts.location ?? locationOf(path);
    if (opts.dryRun) {
      out(`${plural(decoded.entities.length, 'entity', 'entities')} in ${plural(files.length, 'file')} are valid${kindText ? ` (${kindText})` : ''}${skipped}; nothing sent (--dry-run)`);
      return 0;
    }

    const form = new FormData();
    for (const f of catalogFiles) form.append('file', new Blob([f.text], { type: 'application/yaml' }), f.name);
    const target = new URL('/ingest/catalog', hub);
    target.searchParams.set('location', location);
    target.searchParams.set('source', 'cli');
    let res: Response;
    try {
      res = await fetch(target, { method: 'POST', body: form, headers: authHeaders() });
    } catch (e) {
      throw unreachable(hub, e);
    }
    const text = await res.text();
    if (res.status !== 200) throw new CliExit(EXIT_FAILED, `the hub refused the import (${res.status}): ${errorMessage(text)}`);
    const answer = JSON.parse(text) as CatalogUploadAnswer;
    out(`imported ${plural(answer.entities, 'entity', 'entities')} from ${plural(answer.files, 'file')} into location "${answer.location}" at ${hub.origin}${kindText ? ` (${kindText})` : ''}${skipped}`);

    // The reconciliation as the hub sees it now; the import stands even if this read fails.
    const catalog = await fetch(new URL('/api/v1/catalog', hub), { headers: authHeaders() })
      .then((r) => (r.status === 200 ? (r.json() as Promise<CatalogResult>) : undefined))
      .catch(() => undefined);
    if (catalog) {
      const teams = new Map<string, number>();
      let services = 0;
      let teamless = 0;
      for (const e of catalog.entities) {
        if (e.kind !== 'Component' || !e.service) continue;
        services++;
        if (e.team) teams.set(e.team, (teams.get(e.team) ?? 0) + 1);
        else teamless++;
      }
      const teamText = [...teams].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([t, n]) => `${t} ${n}`).join(', ');
      out(`catalog: ${plural(services, 'service')} owned by ${plural(teams.size, 'team')}${teamText ? ` (${teamText})` : ''}${teamless ? `, ${teamless} without a team` : ''}`);
      const list = (names: string[]) => (names.length > 0 ? ` (${names.slice(0, 10).join(', ')}${names.length > 10 ? ', …' : ''})` : '');
      out(`unowned: ${plural(catalog.unowned.length, 'service')} sending data without a catalog entry${list(catalog.unowned.map((u) => u.service))}`);
      out(`dark: ${plural(catalog.dark.length, 'catalog service')} that sent nothing in the last 7 days${list(catalog.dark.map((d) => d.service))}`);
    }
    return 0;
  } catch (e) {
    if (!(e instanceof CliExit)) throw e;
    err(`octolens: ${e.message}`);
    return e.code;
  }
}

export function registerImportCommands(program: Command): void {
  const importCommand = program
    .command('import')
    .description('send data to a running hub (catalog)')
    .exitOverride(exitUsage);
  importCommand
    .command('catalog')
    .description('import the Backstage catalog-info.yaml files under <path> as one snapshot; prints file:line:column per error (exit 1) and a summary')
    .argument('<path>', 'a directory (a repository checkout) or one catalog file')
    .option(...hubOption)
    .option('--location <name>', 'the snapshot this import replaces (default: the directory name); other locations keep their entities')
    .option('--name <names>', 'file names to look for, comma-separated', 'catalog-info.yaml,catalog-info.yml')
    .option('--dry-run', 'check the files, send nothing', false)
    .exitOverride(exitUsage)
    .action(async (path: string, opts: { hub: string; location?: string; name: string; dryRun: boolean }) => {
      const names = opts.name.split(',').map((n) => n.trim()).filter(Boolean);
      process.exitCode = await importCatalog(path, { hub: opts.hub, location: opts.location, names, dryRun: opts.dryRun }, console.log, console.error);
    });
}
