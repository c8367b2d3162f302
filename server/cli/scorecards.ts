import type { Command } from 'commander';
import { formatProblem, parseScorecards } from '../adoption/scorecards.js';
import { readFileSync } from 'node:fs';

/**
 * `octolens scorecards validate <file>`: the check the hub runs at start, for a CI pipeline
 * that changes the scorecard file. Exit codes: 0 valid, 1 invalid, 2 bad usage or unreadable.
 */
export function registerScorecardCommands(program: Command): void {
  const scorecards = program
    .command('scorecards')
    .description('check scorecard files (checks over the adoption facts, with levels)')
    .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2));
  scorecards
    .command('validate')
    .description('check a scorecard file: one line per problem (file:line:column: field: message); exit 1 if any')
    .argument('<file>', 'scorecard YAML file, e.g. scorecards/default.yaml')
    .action((file: string) => {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (e) {
        console.error(`octolens: ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
        process.exit(2);
      }
      const { scorecards: read, problems } = parseScorecards(text, file);
      for (const p of problems) console.log(formatProblem(p));
      const checks = read.reduce((n, s) => n + s.checks.length, 0);
      console.log(problems.length > 0 ? `${problems.length} ${problems.length === 1 ? 'error' : 'errors'}` : `${read.length} ${read.length === 1 ? 'scorecard' : 'scorecards'}, ${checks} checks; 0 errors`);
      process.exitCode = problems.length > 0 ? 1 : 0;
    });
}
