import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { renderPrometheusRules } from '../slo/compile/operator.js';
import { compilePrometheusRules, compileSloRules, renderRuleFile } from '../slo/compile/prometheus.js';
import { compilePromtoolTests, renderPromtoolTests } from '../slo/compile/promtool-tests.js';
import { compileSql } from '../slo/compile/sql.js';
import type { SloDefinition } from '../slo/model.js';
import { formatSpecError, type SpecLoadResult } from '../slo/spec/index.js';

/**
 * `octolens slo compile <dir> --target prometheus|prometheus-operator|sql`: the rules (or the
 * ClickHouse plan) on stdout or in --out; with --tests-dir, a `promtool test rules` file and
 * the rules it tests per SLO. Spec errors are printed as `validate` prints them (on stderr:
 * stdout is the compiled output) and exit 1; nothing is written then.
 */

const EXIT_INVALID = 1;
const EXIT_USAGE = 2;

type Target = 'prometheus' | 'prometheus-operator' | 'sql';

interface CompileOptions {
  target: Target;
  out?: string;
  testsDir?: string;
  namespace: string;
  name: string;
  label?: Record<string, string>;
}

const labelArg = (value: string, previous: Record<string, string> = {}) => {
  const at = value.indexOf('=');
  if (at <= 0) throw new InvalidArgumentError(`expected key=value, got "${value}"`);
  return { ...previous, [value.slice(0, at)]: value.slice(at + 1) };
};

export function addCompileCommand(slo: Command, load: (dir: string) => Promise<SpecLoadResult>): void {
  slo
    .command('compile')
    .description('compile the specs under <dir>: Prometheus rules (Sloth-compatible), a PrometheusRule, or the ClickHouse plan')
    .argument('<dir>', 'directory of SLO specs, e.g. slo-specs')
    .addOption(new Option('--target <target>', 'what to emit').choices(['prometheus', 'prometheus-operator', 'sql']).default('prometheus'))
    .option('--out <file>', 'write to this file instead of stdout')
    .option('--tests-dir <dir>', 'also write <id>.rules.yaml and <id>.test.yaml per SLO for `promtool test rules` (prometheus targets)')
    .option('--namespace <namespace>', 'prometheus-operator: the PrometheusRule namespace', 'monitoring')
    .option('--name <name>', 'prometheus-operator: the PrometheusRule name', 'octolens-slos')
    .option('--label <key=value>', 'prometheus-operator: a metadata label for the ruleSelector (repeatable; replaces the default app.kubernetes.io labels)', labelArg)
    .action(async (dir: string, opts: CompileOptions) => {
      if (opts.testsDir && opts.target === 'sql') {
        console.error('octolens: --tests-dir writes promtool tests: use it with --target prometheus or prometheus-operator');
        process.exit(EXIT_USAGE);
      }
      const result = await load(dir);
      for (const e of result.errors) console.error(formatSpecError(e));
      for (const w of result.warnings) console.error(formatSpecError(w, 'warning'));
      if (result.errors.length > 0) {
        console.error(`${result.errors.length} error${result.errors.length === 1 ? '' : 's'}: nothing compiled`);
        process.exitCode = EXIT_INVALID;
        return;
      }
      const output = await render(result.slos, opts);
      if (opts.out) {
        await mkdir(dirname(opts.out), { recursive: true });
        await writeFile(opts.out, output);
      } else {
        process.stdout.write(output);
      }
      const notes = [`${result.slos.length} SLO${result.slos.length === 1 ? '' : 's'} compiled (${opts.target})${opts.out ? ` to ${opts.out}` : ''}`];
      if (opts.target !== 'sql') {
        for (const s of result.slos) {
          const c = compileSloRules(s);
          if ('skipped' in c) notes.push(`${s.id}: not compiled, ${c.skipped}`);
        }
      }
      if (result.rules.length > 0) notes.push(`${result.rules.length} alert rule(s) are evaluated by the hub, not compiled`);
      if (opts.testsDir) notes.push(...(await writeTests(result.slos, opts.testsDir)));
      for (const n of notes) console.error(n);
    });
}

async function render(slos: SloDefinition[], opts: CompileOptions): Promise<string> {
  switch (opts.target) {
    case 'prometheus':
      return renderRuleFile(compilePrometheusRules(slos));
    case 'prometheus-operator':
      return renderPrometheusRules(compilePrometheusRules(slos), {
        namespace: opts.namespace,
        name: opts.name,
        ...(opts.label ? { labels: opts.label } : {}),
      });
    case 'sql':
      return compileSql(slos);
  }
}

/** Per SLO: its own rule file (so a test evaluates only that SLO's rules) and the test file. */
async function writeTests(slos: SloDefinition[], dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const notes: string[] = [];
  let written = 0;
  for (const slo of slos) {
    const tests = compilePromtoolTests(slo, `${slo.id}.rules.yaml`);
    if ('skipped' in tests) {
      notes.push(`${slo.id}: no promtool test, ${tests.skipped}`);
      continue;
    }
    await writeFile(join(dir, `${slo.id}.rules.yaml`), renderRuleFile(compilePrometheusRules([slo])));
    await writeFile(join(dir, `${slo.id}.test.yaml`), renderPromtoolTests(tests));
    written++;
  }
  notes.unshift(`${written} promtool test file${written === 1 ? '' : 's'} in ${dir} (run: promtool test rules ${join(dir, '*.test.yaml')})`);
  return notes;
}
