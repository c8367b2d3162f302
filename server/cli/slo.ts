import { stat } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { formatSpecError, loadSpecDirectory, type SpecLoadResult } from '../slo/spec/index.js';
import { addCompileCommand } from './slo-compile.js';

/** `octolens slo …`: SLO specs from the command line. Exit codes: 0 ok, 1 invalid specs, 2 bad usage. */

const EXIT_INVALID = 1;
const EXIT_USAGE = 2;

export function registerSloCommands(program: Command): void {
  const slo = program
    .command('slo')
    .description('validate and compile SLO specs (octolens/v1, Sloth, OpenSLO)')
    // Usage errors (a missing <dir>, an unknown option) exit 2 like every usage error of
    // the CLI; commander alone would exit 1, which here means "the specs are invalid".
    .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : EXIT_USAGE));

  addValidateCommand(slo);
  addCompileCommand(slo, loadSpecsOrExit);
}

function addValidateCommand(slo: Command): void {
  slo
    .command('validate')
    .description('check every spec under <dir>: one line per problem (file:line:column: field: message); exit 1 if any')
    .argument('<dir>', 'directory of SLO specs, e.g. slo-specs')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (dir: string, opts: { format: 'text' | 'json' }) => {
      const result = await loadSpecsOrExit(dir);
      if (opts.format === 'json') {
        console.log(JSON.stringify({ valid: result.errors.length === 0, ...result }, null, 2));
      } else {
        for (const e of result.errors) console.log(formatSpecError(e));
        for (const w of result.warnings) console.error(formatSpecError(w, 'warning'));
        console.log(summary(result));
      }
      process.exitCode = result.errors.length > 0 ? EXIT_INVALID : 0;
    });
}

/** Loads `dir`, or exits 2 when it is not a readable directory. */
export async function loadSpecsOrExit(dir: string): Promise<SpecLoadResult> {
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) {
    console.error(`octolens: ${dir}: ${info ? 'not a directory' : 'no such directory'}`);
    process.exit(EXIT_USAGE);
  }
  return loadSpecDirectory(dir);
}

/**
 * The closing line of `validate`.
 * @example summary(result) // "3 SLOs, 1 alert rule in 2 files; 0 errors"
 */
export function summary(r: SpecLoadResult): string {
  const n = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;
  const warnings = r.warnings.length > 0 ? `, ${n(r.warnings.length, 'warning')}` : '';
  return `${n(r.slos.length, 'SLO')}, ${n(r.rules.length, 'alert rule')} in ${n(r.files.length, 'file')}; ${n(r.errors.length, 'error')}${warnings}`;
}
