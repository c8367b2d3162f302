import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { formatSpecError, loadSpecDirectory, type SpecLoadResult } from './index.js';

/** Test helpers: spec files from strings, loaded from a temporary directory. */

/**
 * A YAML block written indented inside a test: drops the first newline and the common indent,
 * so line 1 of the file is the first line of the block.
 */
export function dedent(strings: TemplateStringsArray, ...values: unknown[]): string {
  const text = String.raw({ raw: strings }, ...values).replace(/^\n/, '');
  const indent = Math.min(...text.split('\n').filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
  return text
    .split('\n')
    .map((l) => l.slice(indent))
    .join('\n')
    .replace(/[ \t]+$/, '');
}

/** Writes `files` (relative path → content) to a fresh directory and loads it without git. */
export async function loadFiles(files: Record<string, string>): Promise<SpecLoadResult> {
  const dir = await mkdtemp(join(tmpdir(), 'octolens-spec-'));
  try {
    for (const [file, text] of Object.entries(files)) {
      await mkdir(dirname(join(dir, file)), { recursive: true });
      await writeFile(join(dir, file), text);
    }
    return await loadSpecDirectory(dir, { git: false });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Errors as `validate` prints them. */
export function errorLines(result: SpecLoadResult): string[] {
  return result.errors.map((e) => formatSpecError(e));
}

export function warningLines(result: SpecLoadResult): string[] {
  return result.warnings.map((e) => formatSpecError(e, 'warning'));
}

/** One SLO document (octolens/v1) with the given body lines after the header. */
export const sloHeader = 'apiVersion: octolens/v1\nkind: SLO\nname: availability\nservice: checkout\n';
