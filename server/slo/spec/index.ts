import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AlertRuleDefinition, SloDefinition } from '../model.js';
import { importDocuments } from './documents.js';
import { compareSpecErrors, type SpecError } from './errors.js';
import { listSpecFiles } from './files.js';
import { lastCommits } from './git.js';
import { SpecSink } from './sink.js';
import { parseYamlFile, type SourceDoc } from './yaml-source.js';

export { formatSpecError, type SpecError } from './errors.js';

export interface SpecLoadResult {
  slos: SloDefinition[];
  rules: AlertRuleDefinition[];
  /** a non-empty list means the directory is not valid; the good documents are still loaded */
  errors: SpecError[];
  /** things that load but are probably not what was meant (a tier that can never fire, an ignored Sloth plugin) */
  warnings: SpecError[];
  /** the YAML files read, relative to the directory */
  files: string[];
}

export interface SpecLoadOptions {
  /** record each file's last git commit (default true) */
  git?: boolean;
}

/**
 * Loads every SLO and alert rule under `dir`: `*.yaml`/`*.yml` files, recursively, any number
 * of documents each, in any supported format (octolens/v1, Sloth prometheus/v1 and its
 * Kubernetes CRD, OpenSLO v1 and v1alpha). Throws only when `dir` cannot be read.
 * @example const { slos, errors } = await loadSpecDirectory('slo-specs');
 */
export async function loadSpecDirectory(dir: string, options: SpecLoadOptions = {}): Promise<SpecLoadResult> {
  const [files, commits] = await Promise.all([listSpecFiles(dir), options.git === false ? new Map<string, string>() : lastCommits(dir)]);
  const sink = new SpecSink();
  const docs: SourceDoc[] = [];
  for (const file of files) {
    const text = await readFile(join(dir, file), 'utf8').catch((err: NodeJS.ErrnoException) => {
      sink.errors.push({ file, line: 1, column: 1, path: '', message: `cannot read the file: ${err.code ?? err.message}` });
      return undefined;
    });
    if (text === undefined) continue;
    const parsed = parseYamlFile(file, text);
    docs.push(...parsed.docs);
    sink.errors.push(...parsed.errors);
  }
  importDocuments(docs, sink);

  const bySource = (a: { source: { file: string; line: number; column: number } }, b: typeof a) => compareSpecErrors({ ...a.source, path: '', message: '' }, { ...b.source, path: '', message: '' });
  const slos = uniqueIds(sink.slos.sort(bySource), 'SLO', sink.errors);
  const rules = uniqueIds(sink.rules.sort(bySource), 'alert rule', sink.errors);
  for (const def of [...slos, ...rules]) {
    const commit = commits.get(def.source.file);
    if (commit) def.source.commit = commit;
  }
  return { slos, rules, errors: distinct(sink.errors), warnings: distinct(sink.warnings), files };
}

/** Sorted, each problem once: an SLI shared by several SLOs reports its problems once. */
function distinct(errors: SpecError[]): SpecError[] {
  const seen = new Set<string>();
  return errors.sort(compareSpecErrors).filter((e) => {
    const key = `${e.file}:${e.line}:${e.column}:${e.path}:${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Keeps the first definition of each id; a later one is an error naming both places. */
function uniqueIds<T extends SloDefinition | AlertRuleDefinition>(defs: T[], what: string, errors: SpecError[]): T[] {
  const first = new Map<string, T>();
  return defs.filter((def) => {
    const earlier = first.get(def.id);
    if (!earlier) {
      first.set(def.id, def);
      return true;
    }
    const { file, line, column } = def.source;
    const at = `${earlier.source.file}:${earlier.source.line}:${earlier.source.column}`;
    errors.push({ file, line, column, path: 'id', message: `duplicate ${what} id "${def.id}", also defined at ${at}: rename one of them` });
    return false;
  });
}
