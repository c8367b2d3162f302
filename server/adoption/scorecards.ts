/**
 * Scorecards (OCTOLENS_SCORECARDS, a YAML file; the default is scorecards/default.yaml):
 * checks over the adoption facts, each at a level, in the spirit of Backstage Tech Insights
 * (facts → checks) and Port's scorecard levels (bronze, silver, gold). A service reaches the
 * highest level whose checks, and those of every lower level, all pass. A check over a fact
 * that reads `unknown` is `unknown`, which is not a pass: missing data stays visible instead
 * of counting for or against nobody knows what. Format and errors: scorecards/README.md.
 */
import { readFileSync } from 'node:fs';
import { isMap, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import { adoptionFactNames, type AdoptionFactName, type AdoptionFacts, type CheckResult, type ScorecardInfo, type ServiceScore, type TeamScore } from '../../shared/adoption.js';

/** the scorecard file the repository ships (relative to the working directory, like ./slo-specs) */
export const DEFAULT_SCORECARDS_FILE = './scorecards/default.yaml';

export interface ScorecardCheck {
  id: string;
  title: string;
  level: string;
  facts: AdoptionFactName[];
  match: 'all' | 'any';
}

export interface Scorecard {
  name: string;
  title: string;
  levels: string[];
  checks: ScorecardCheck[];
  /** file:line of its definition */
  source: string;
}

export interface ScorecardProblem {
  file: string;
  line: number;
  column: number;
  /** the field, as a dotted path (scorecards[0].checks[2].fact) */
  path: string;
  message: string;
}

export class ScorecardError extends Error {
  override name = 'ScorecardError';
  constructor(readonly problems: ScorecardProblem[]) {
    super(problems.map(formatProblem).join('\n'));
  }
}

export const formatProblem = (p: ScorecardProblem) => `${p.file}:${p.line}:${p.column}: ${p.path ? `${p.path}: ` : ''}${p.message}`;

const name = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lowercase letters, digits and dashes, starting with a letter or digit');
const fact = z.enum(adoptionFactNames, { error: (i) => `unknown fact ${JSON.stringify(i.input)} (expected one of: ${adoptionFactNames.join(', ')})` });

const checkSchema = z
  .object({
    id: name,
    title: z.string().min(1).optional(),
    level: z.string().min(1),
    fact: fact.optional(),
    allOf: z.array(fact).min(1).optional(),
    anyOf: z.array(fact).min(1).optional(),
  })
  .strict();

const fileSchema = z
  .object({
    apiVersion: z.literal('octolens/v1'),
    kind: z.literal('Scorecards'),
    scorecards: z
      .array(
        z
          .object({
            name,
            title: z.string().min(1).optional(),
            levels: z.array(name).min(1),
            checks: z.array(checkSchema).min(1),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();

type Path = (string | number)[];

function position(doc: Document.Parsed, lines: LineCounter, path: Path): { line: number; column: number } {
  // The field's own node, else its nearest parent's (a missing field points at its object).
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (range) {
      const { line, col } = lines.linePos(range[0]);
      return { line, column: col };
    }
  }
  return { line: 1, column: 1 };
}

const dotted = (path: Path) => path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');

/**
 * Parses and checks a scorecard file; every problem at its file:line:column.
 * @example parseScorecards('apiVersion: octolens/v1\nkind: Scorecards\nscorecards: []', 'sc.yaml').problems[0]?.path // 'scorecards'
 */
export function parseScorecards(text: string, file: string): { scorecards: Scorecard[]; problems: ScorecardProblem[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const problems: ScorecardProblem[] = [];
  const at = (path: Path, message: string) => problems.push({ file, ...position(doc, lines, path), path: dotted(path), message });
  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      const { line, col } = lines.linePos(e.pos[0]);
      problems.push({ file, line, column: col, path: '', message: `invalid YAML: ${e.message.split('\n')[0]}` });
    }
    return { scorecards: [], problems };
  }
  const parsed = fileSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
      // An unknown key is reported on its object: point at the key itself.
      if (issue.code === 'unrecognized_keys') for (const key of issue.keys) at([...path, key], `unknown key ${JSON.stringify(key)}`);
      else at(path, issue.message);
    }
    return { scorecards: [], problems };
  }

  const scorecards: Scorecard[] = [];
  const names = new Set<string>();
  parsed.data.scorecards.forEach((sc, i) => {
    const base: Path = ['scorecards', i];
    if (names.has(sc.name)) at([...base, 'name'], `scorecard "${sc.name}" is defined twice`);
    names.add(sc.name);
    sc.levels.forEach((level, j) => {
      if (sc.levels.indexOf(level) !== j) at([...base, 'levels', j], `level "${level}" is listed twice`);
    });
    const ids = new Set<string>();
    const checks: ScorecardCheck[] = [];
    sc.checks.forEach((c, j) => {
      const path: Path = [...base, 'checks', j];
      if (ids.has(c.id)) at([...path, 'id'], `check "${c.id}" is defined twice in scorecard "${sc.name}"`);
      ids.add(c.id);
      if (!sc.levels.includes(c.level)) at([...path, 'level'], `unknown level "${c.level}" (expected one of: ${sc.levels.join(', ')})`);
      const given = (['fact', 'allOf', 'anyOf'] as const).filter((k) => c[k] !== undefined);
      if (given.length !== 1) at(path, `a check needs exactly one of fact, allOf, anyOf (got ${given.length === 0 ? 'none' : given.join(', ')})`);
      const facts = c.fact ? [c.fact] : (c.allOf ?? c.anyOf ?? []);
      checks.push({ id: c.id, title: c.title ?? c.id, level: c.level, facts, match: c.anyOf ? 'any' : 'all' });
    });
    sc.levels.forEach((level, j) => {
      if (!checks.some((c) => c.level === level)) at([...base, 'levels', j], `level "${level}" has no check`);
    });
    const node = doc.getIn(base, true);
    const { line } = position(doc, lines, base);
    scorecards.push({ name: sc.name, title: sc.title ?? sc.name, levels: sc.levels, checks, source: `${file}:${isMap(node) || isSeq(node) ? line : 1}` });
  });
  return problems.length > 0 ? { scorecards: [], problems } : { scorecards, problems };
}

/** Reads and checks the file; throws a ScorecardError naming every problem. */
export function loadScorecards(path: string, displayName = path): Scorecard[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ScorecardError([{ file: displayName, line: 0, column: 0, path: '', message: `cannot read the scorecard file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` }]);
  }
  const { scorecards, problems } = parseScorecards(text, displayName);
  if (problems.length > 0) throw new ScorecardError(problems);
  return scorecards;
}

export function checkResult(check: Pick<ScorecardCheck, 'facts' | 'match'>, facts: AdoptionFacts): CheckResult {
  const values = check.facts.map((f) => facts[f]);
  if (check.match === 'all') {
    if (values.some((v) => v === false)) return 'fail';
    return values.every((v) => v === true) ? 'pass' : 'unknown';
  }
  if (values.some((v) => v === true)) return 'pass';
  return values.every((v) => v === false) ? 'fail' : 'unknown';
}

const percent = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10);

export function scoreService(scorecard: Scorecard, facts: AdoptionFacts): ServiceScore {
  const results = scorecard.checks.map((c) => ({ check: c.id, level: c.level, result: checkResult(c, facts) }));
  let level: string | null = null;
  for (const l of scorecard.levels) {
    if (!results.filter((r) => r.level === l).every((r) => r.result === 'pass')) break;
    level = l;
  }
  const passed = results.filter((r) => r.result === 'pass').length;
  return { scorecard: scorecard.name, level, passed, checks: results.length, score: percent(passed, results.length), results };
}

/** Services per level and their mean score, for a team, the organisation or one day. */
export function rollUpScores(scorecard: Scorecard, scores: ServiceScore[]): TeamScore {
  const levels: Record<string, number> = { none: 0, ...Object.fromEntries(scorecard.levels.map((l) => [l, 0])) };
  for (const s of scores) levels[s.level ?? 'none']!++;
  const mean = scores.length === 0 ? 0 : scores.reduce((sum, s) => sum + s.passed / s.checks, 0) / scores.length;
  return { scorecard: scorecard.name, averageScore: Math.round(mean * 1000) / 10, levels };
}

export const toInfo = (s: Scorecard): ScorecardInfo => ({ name: s.name, title: s.title, levels: s.levels, checks: s.checks, source: s.source });
export { percent };
