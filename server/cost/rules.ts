/**
 * Cost allocation rules (OCTOLENS_COST_RULES, a YAML file): which tag keys give a cost row its
 * team, service and environment, explicit rules for rows tags leave unallocated, and shared
 * costs split among teams at read time. The collector applies `allocate` to every row it
 * imports; the cost API reads `shared` to split those rows (server/cost/showback.ts).
 *
 * Tag keys match after trimming and ignoring case: `team`, `Team`, ` team` and `TEAM` are one
 * key. What no tag or rule allocates keeps '' on that dimension and is reported as
 * `unallocated`: spend is never dropped. Format and examples: docs/cost.md.
 */
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, type Node } from 'yaml';
import { z } from 'zod';

export const dimensions = ['team', 'service', 'environment'] as const;
export type Dimension = (typeof dimensions)[number];

/** Row fields a `match` may test (FOCUS columns, camelCase), besides `tag:<key>`. */
export const matchFields = {
  provider: 'provider',
  billingAccountId: 'BillingAccountId',
  subAccountId: 'SubAccountId',
  subAccountName: 'SubAccountName',
  serviceName: 'ServiceName',
  serviceCategory: 'ServiceCategory',
  chargeCategory: 'ChargeCategory',
  regionId: 'RegionId',
  resourceType: 'ResourceType',
  resourceId: 'ResourceId',
} as const;
type MatchField = keyof typeof matchFields;

const text = z.string().trim().min(1);
const values = z.union([text, z.array(text).min(1)]).transform((v) => (Array.isArray(v) ? v : [v]));
const matchSchema = z
  .record(z.string(), values)
  .superRefine((m, ctx) => {
    for (const key of Object.keys(m)) {
      if (key in matchFields || /^tag:.+/.test(key)) continue;
      ctx.addIssue({ code: 'custom', path: [key], message: `unknown match field "${key}" (expected: ${Object.keys(matchFields).join(', ')}, or tag:<key>)` });
    }
    if (Object.keys(m).length === 0) ctx.addIssue({ code: 'custom', message: 'match needs at least one field' });
  });

const rulesSchema = z
  .object({
    /** tag keys per dimension, in order: the first one a row has (non-empty) wins */
    keys: z.object({ team: z.array(text).min(1), service: z.array(text).min(1), environment: z.array(text).min(1) }).partial().strict().default({}),
    /** value rewrites per dimension (case-insensitive): a cost centre code → a team */
    values: z.object({ team: z.record(z.string(), text), service: z.record(z.string(), text), environment: z.record(z.string(), text) }).partial().strict().default({}),
    /** explicit allocation for what tags leave empty; the first matching rule per dimension wins */
    rules: z
      .array(z.object({ match: matchSchema, team: text.optional(), service: text.optional(), environment: text.optional() }).strict())
      .default([]),
    /** shared costs: matching rows are split among teams when reading by team */
    shared: z
      .array(
        z
          .object({
            name: z.string().regex(/^[\w.-]{1,100}$/, 'must be 1-100 letters, digits or ._-'),
            match: matchSchema,
            split: z.enum(['even', 'proportional']),
            /** the teams it is split among; default every team with direct cost in the same billing period */
            among: z.array(text).min(1).optional(),
            /** for proportional: each team's direct effective cost, or its consumed quantity (of rows matching `usage`) */
            measure: z.enum(['effectiveCost', 'consumedQuantity']).default('effectiveCost'),
            /** which rows' ConsumedQuantity is the measure (fields only, no tag:), e.g. { serviceName: Amazon EKS } */
            usage: matchSchema.optional(),
          })
          .strict(),
      )
      .default([])
      .superRefine((list, ctx) => {
        const seen = new Set<string>();
        list.forEach((s, i) => {
          if (seen.has(s.name)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `shared rule "${s.name}" is declared twice` });
          seen.add(s.name);
          if (s.split === 'even' && s.usage) ctx.addIssue({ code: 'custom', path: [i, 'usage'], message: 'usage applies to split: proportional only' });
          if (s.measure !== 'consumedQuantity' && s.usage) ctx.addIssue({ code: 'custom', path: [i, 'usage'], message: 'usage applies to measure: consumedQuantity only' });
          for (const key of Object.keys(s.usage ?? {})) {
            if (key.startsWith('tag:')) ctx.addIssue({ code: 'custom', path: [i, 'usage', key], message: 'usage matches row fields only, not tags' });
          }
        });
      }),
    /** monthly budgets per team, in one currency each: the forecast is checked against them (server/cost/budgets.ts) */
    budgets: z
      .array(
        z
          .object({
            team: text,
            monthly: z.union([z.number(), z.string()]).transform((v) => String(v).trim()).pipe(z.string().regex(/^\d{1,28}(\.\d{1,10})?$/, 'expected an amount such as 5000 or 1250.50')),
            currency: z.string().regex(/^[A-Za-z0-9]{2,10}$/, 'expected a currency code such as USD').transform((c) => c.toUpperCase()).default('USD'),
          })
          .strict(),
      )
      .default([])
      .superRefine((list, ctx) => {
        const seen = new Set<string>();
        list.forEach((b, i) => {
          const key = `${b.team.toLowerCase()} ${b.currency}`;
          if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [i, 'team'], message: `team "${b.team}" has two ${b.currency} budgets` });
          seen.add(key);
        });
      }),
  })
  .strict();

type RulesInput = z.infer<typeof rulesSchema>;
export type Match = Record<string, string[]>;

export interface SharedRule {
  name: string;
  match: Match;
  split: 'even' | 'proportional';
  among?: string[];
  measure: 'effectiveCost' | 'consumedQuantity';
  usage?: Match;
}

/** A team's monthly budget: `monthly` a decimal string in `currency`. */
export interface Budget {
  team: string;
  monthly: string;
  currency: string;
}

/** Rules ready to apply: lowercase keys and values, defaults filled in. */
export interface CostRules {
  keys: Record<Dimension, string[]>;
  values: Record<Dimension, Map<string, string>>;
  rules: Array<{ match: Match } & Partial<Record<Dimension, string>>>;
  shared: SharedRule[];
  budgets: Budget[];
  /** the file they came from, for messages; undefined for the defaults */
  file?: string;
}

/** Without a file: `team`, `service`, `environment`/`env` tags, nothing shared. */
export const defaultKeys: Record<Dimension, string[]> = { team: ['team'], service: ['service'], environment: ['environment', 'env'] };

export class CostRulesError extends Error {
  override name = 'CostRulesError';
}

const norm = (s: string) => s.trim().toLowerCase();
const normMatch = (m: Record<string, string[]>): Match =>
  Object.fromEntries(Object.entries(m).map(([k, v]) => [k.startsWith('tag:') ? `tag:${norm(k.slice(4))}` : k, v.map(norm)]));

function compile(input: RulesInput, file?: string): CostRules {
  return {
    keys: {
      team: (input.keys.team ?? defaultKeys.team).map(norm),
      service: (input.keys.service ?? defaultKeys.service).map(norm),
      environment: (input.keys.environment ?? defaultKeys.environment).map(norm),
    },
    values: {
      team: new Map(Object.entries(input.values.team ?? {}).map(([k, v]) => [norm(k), v])),
      service: new Map(Object.entries(input.values.service ?? {}).map(([k, v]) => [norm(k), v])),
      environment: new Map(Object.entries(input.values.environment ?? {}).map(([k, v]) => [norm(k), v])),
    },
    rules: input.rules.map((r) => ({ ...r, match: normMatch(r.match) })),
    shared: input.shared.map((s) => ({ ...s, match: normMatch(s.match), usage: s.usage && normMatch(s.usage) })),
    budgets: input.budgets,
    file,
  };
}

export function defaultCostRules(): CostRules {
  return compile(rulesSchema.parse({}));
}

/**
 * Parses rules YAML; every problem is reported as `file:line:column: path: message`.
 * @example parseCostRules('keys:\n  team: [team, owner]\n', 'cost-rules.yaml')
 */
export function parseCostRules(source: string, file = 'cost-rules.yaml'): CostRules {
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines, prettyErrors: false });
  const at = (offset: number) => {
    const { line, col } = lines.linePos(offset);
    return `${file}:${line}:${col}`;
  };
  if (doc.errors.length > 0) throw new CostRulesError(doc.errors.map((e) => `${at(e.pos[0])}: ${e.message.split('\n')[0]}`).join('\n'));
  const result = rulesSchema.safeParse(doc.toJS() ?? {});
  if (result.success) return compile(result.data, file);
  const problems = result.error.issues.map((issue) => {
    const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    // the deepest node of the path that exists: a missing key is reported at its parent
    let node: unknown;
    for (let n = path.length; n >= 0 && !node; n--) node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    const range = (node as Node | undefined)?.range;
    const where = range ? at(range[0]) : `${file}:1:1`;
    const shown = path.length > 0 ? path.join('.') : '(top level)';
    return `${where}: ${shown}: ${issue.message}`;
  });
  throw new CostRulesError(problems.join('\n'));
}

/** Reads OCTOLENS_COST_RULES; no file → the defaults. Throws CostRulesError naming file:line. */
export function loadCostRules(file: string | undefined): CostRules {
  if (!file) return defaultCostRules();
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (err) {
    throw new CostRulesError(`OCTOLENS_COST_RULES: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return parseCostRules(source, file);
}

/** What allocation looks at in a row: its fields, and its tags with trimmed lowercase keys. */
export interface AllocationInput {
  fields: Record<MatchField, string>;
  /** lowercase trimmed key → trimmed value */
  tags: Map<string, string>;
}

function matches(match: Match, row: AllocationInput): boolean {
  for (const [key, wanted] of Object.entries(match)) {
    const value = key.startsWith('tag:') ? row.tags.get(key.slice(4)) : row.fields[key as MatchField];
    if (value === undefined || !wanted.includes(norm(value))) return false;
  }
  return true;
}

/** Tag keys normalised (trimmed, lowercased); the first non-empty value of a key wins. */
export function normaliseTags(tags: Record<string, string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tags)) {
    const key = norm(k);
    const value = v.trim();
    if (value !== '' && !out.has(key)) out.set(key, value);
  }
  return out;
}

export interface Allocation {
  team: string;
  service: string;
  environment: string;
  /** the shared rule the row matched, '' when none */
  shared: string;
}

/**
 * A row's team, service and environment: tags first (the dimension's keys in order, then the
 * value rewrites), then the first rule that sets the dimension; '' when neither does.
 */
export function allocate(rules: CostRules, row: AllocationInput): Allocation {
  const out: Allocation = { team: '', service: '', environment: '', shared: '' };
  for (const dim of dimensions) {
    for (const key of rules.keys[dim]) {
      const v = row.tags.get(key);
      if (v) {
        out[dim] = rules.values[dim].get(norm(v)) ?? v;
        break;
      }
    }
  }
  for (const rule of rules.rules) {
    if (dimensions.every((d) => out[d] !== '' || rule[d] === undefined)) continue;
    if (!matches(rule.match, row)) continue;
    for (const d of dimensions) if (out[d] === '' && rule[d] !== undefined) out[d] = rule[d]!;
  }
  for (const s of rules.shared) {
    if (matches(s.match, row)) {
      out.shared = s.name;
      break;
    }
  }
  return out;
}

/** Whether a row counts towards a proportional rule's usage measure. */
export function matchesUsage(rule: SharedRule, row: AllocationInput): boolean {
  return rule.usage === undefined || matches(rule.usage, row);
}
