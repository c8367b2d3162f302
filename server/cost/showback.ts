/**
 * GET /api/v1/cost's figures: sums of the current cost rows by a dimension, in one currency,
 * with shared costs split among teams by their rule (server/cost/rules.ts). ClickHouse adds
 * the rows (Decimal(38, 10)); JS only splits shared sums, with decimal.js, and rounds the
 * answer to cents. Nothing is dropped: a row no tag or rule allocated is `unallocated`, a
 * shared cost with no team to go to stays `unallocated` too.
 */
import type { CostGroupBy } from '../../shared/api.js';
import { Money, type Money as MoneyT } from './decimal.js';
import { currentImportsCte, isCurrentRow } from './current.js';
import { matchFields, type CostRules, type Match, type SharedRule } from './rules.js';

export const UNALLOCATED = 'unallocated';

/** The team of a row: its own (tags, rules), else its service's team in the catalog. */
const teamExpr = `if(Team != '', Team, {serviceTeams:Map(String, String)}[Service])`;

export const keyExprs: Record<CostGroupBy, string> = {
  team: teamExpr,
  service: 'Service',
  environment: 'Environment',
  provider: `if(ServiceProviderName != '', ServiceProviderName, ProviderName)`,
  serviceCategory: 'ServiceCategory',
  month: `formatDateTime(ChargePeriodStart, '%Y-%m')`,
};

const fieldColumns: Record<string, string> = { ...matchFields, provider: keyExprs.provider };

/** A usage match as SQL (fields only: rules.ts refuses tag: there). */
function matchSql(match: Match, params: Record<string, unknown>, prefix: string): string {
  return Object.entries(match)
    .map(([field, values], i) => {
      params[`${prefix}_${i}`] = values;
      return `lower(trim(${fieldColumns[field]})) IN {${prefix}_${i}:Array(String)}`;
    })
    .join(' AND ');
}

export interface CostSumsQuery {
  fromSeconds: number;
  toSeconds: number;
  groupBy: CostGroupBy;
  serviceTeams: Record<string, string>;
  /** rows of this team only (resolved as teamExpr), direct rows only */
  team?: string;
  /** proportional rules measured by consumed quantity: one usage column each */
  usageRules: SharedRule[];
  /** only usage-based charges (ChargeFrequency 'Usage-Based') that no shared rule splits: what a forecast extrapolates */
  usageBasedOnly?: boolean;
}

export interface CostSumRow {
  key: string;
  shared: string;
  period: number;
  currency: string;
  billed: string;
  effective: string;
  /** the latest ChargePeriodEnd of the group, epoch seconds */
  lastEnd: number;
  /** usage_0 … per usageRules */
  [usage: `usage_${number}`]: string;
}

/**
 * Sums per (key, shared rule, billing period, currency) of the current rows whose charge
 * period starts in [from, to).
 */
export function costSumsSql(q: CostSumsQuery): { sql: string; params: Record<string, unknown> } {
  const params: Record<string, unknown> = { from: q.fromSeconds, to: q.toSeconds, serviceTeams: q.serviceTeams };
  const usage = q.usageRules.map((r, i) => `toString(sumIf(ConsumedQuantity, ${r.usage ? matchSql(r.usage, params, `u${i}`) : '1'})) AS usage_${i}`);
  let where = `${isCurrentRow} AND ChargePeriodStart >= toDateTime({from:UInt32}, 'UTC') AND ChargePeriodStart < toDateTime({to:UInt32}, 'UTC')`;
  if (q.usageBasedOnly) where += ` AND ChargeFrequency = 'Usage-Based' AND SharedRule = ''`;
  if (q.team !== undefined) {
    params.team = q.team;
    where += ` AND ${teamExpr} = {team:String} AND SharedRule = ''`;
  }
  const sql = `WITH ${currentImportsCte}
SELECT ${keyExprs[q.groupBy]} AS key, SharedRule AS shared, toUnixTimestamp(BillingPeriodStart) AS period, BillingCurrency AS currency,
       toString(sum(BilledCost)) AS billed, toString(sum(EffectiveCost)) AS effective, toUnixTimestamp(max(ChargePeriodEnd)) AS lastEnd${usage.map((u) => `,\n       ${u}`).join('')}
FROM cost_items FINAL
WHERE ${where}
GROUP BY key, shared, period, currency
ORDER BY key, shared, period, currency`;
  return { sql, params };
}

interface Sums {
  billed: MoneyT;
  effective: MoneyT;
}

const zero = (): Sums => ({ billed: new Money(0), effective: new Money(0) });
const add = (into: Sums, billed: MoneyT | string, effective: MoneyT | string) => {
  into.billed = into.billed.plus(billed);
  into.effective = into.effective.plus(effective);
};

/** key → sums, per currency. */
export type GroupSums = Map<string, Map<string, Sums>>;

function addTo(groups: GroupSums, currency: string, key: string, billed: MoneyT | string, effective: MoneyT | string) {
  let byKey = groups.get(currency);
  if (!byKey) groups.set(currency, (byKey = new Map()));
  let s = byKey.get(key);
  if (!s) byKey.set(key, (s = zero()));
  add(s, billed, effective);
}

/**
 * Splits `amount` by `weights` exactly: each share is rounded down to 10 fraction digits
 * (the column's scale), and what rounding left goes to the last target, so the shares add up
 * to the amount. @example splitExact(new Money(10), [1, 1, 1]) → 3.3333333333, 3.3333333333, 3.3333333334
 */
export function splitExact(amount: MoneyT, weights: MoneyT[]): MoneyT[] {
  const total = weights.reduce((a, w) => a.plus(w), new Money(0));
  const shares = weights.map((w) => amount.times(w).div(total).toDecimalPlaces(10, Money.ROUND_DOWN));
  const given = shares.reduce((a, s) => a.plus(s), new Money(0));
  shares[shares.length - 1] = shares[shares.length - 1]!.plus(amount.minus(given));
  return shares;
}

/**
 * Rows grouped by team (costSumsSql with groupBy team) → each team's figures, shared rows
 * split by their rule within their billing period and currency:
 * - even: equal shares among `among`, else among every team with direct cost in that period;
 * - proportional: in proportion to each target team's direct effective cost in that period,
 *   or its consumed quantity of the rows the rule's `usage` matches.
 * A shared row whose rule is no longer declared counts as a direct row of its own team.
 * @returns per currency, team → sums; with `sharedKeys`, a team's shares are kept apart as `shared:<rule>`
 */
export function splitShared(rows: CostSumRow[], rules: CostRules, options: { sharedKeys?: boolean } = {}): GroupSums {
  const ruleByName = new Map(rules.shared.map((r) => [r.name, r]));
  const usageIndex = new Map(rules.shared.filter(isUsageRule).map((r, i) => [r.name, i]));
  const out: GroupSums = new Map();
  // direct effective cost and usage per (period, currency) → team
  const weights = new Map<string, Map<string, { effective: MoneyT; usage: MoneyT[] }>>();
  const sharedRows: CostSumRow[] = [];
  for (const row of rows) {
    const rule = row.shared === '' ? undefined : ruleByName.get(row.shared);
    if (rule) {
      sharedRows.push(row);
      continue;
    }
    const key = row.key === '' ? UNALLOCATED : row.key;
    addTo(out, row.currency, key, row.billed, row.effective);
    if (key === UNALLOCATED) continue;
    const pk = `${row.period}\u0000${row.currency}`;
    let teams = weights.get(pk);
    if (!teams) weights.set(pk, (teams = new Map()));
    let w = teams.get(key);
    if (!w) teams.set(key, (w = { effective: new Money(0), usage: [...usageIndex.keys()].map(() => new Money(0)) }));
    w.effective = w.effective.plus(row.effective);
    for (const i of usageIndex.values()) w.usage[i] = w.usage[i]!.plus(row[`usage_${i}`] ?? '0');
  }
  for (const row of sharedRows) {
    const rule = ruleByName.get(row.shared)!;
    const teams = weights.get(`${row.period}\u0000${row.currency}`) ?? new Map<string, { effective: MoneyT; usage: MoneyT[] }>();
    const candidates = (rule.among ?? [...teams.keys()]).slice().sort();
    const weighed = candidates.map((t) => {
      if (rule.split === 'even') return { t, w: new Money(1) };
      const w = teams.get(t);
      if (!w) return { t, w: new Money(0) };
      return { t, w: rule.measure === 'consumedQuantity' ? w.usage[usageIndex.get(rule.name)!]! : w.effective };
    });
    // a team with no (or a net negative) measure takes no share
    const targets = weighed.filter((x) => x.w.gt(0));
    if (targets.length === 0) {
      addTo(out, row.currency, UNALLOCATED, row.billed, row.effective);
      continue;
    }
    const ws = targets.map((x) => x.w);
    const billed = splitExact(new Money(row.billed), ws);
    const effective = splitExact(new Money(row.effective), ws);
    targets.forEach(({ t }, i) => addTo(out, row.currency, options.sharedKeys ? `${t}\u0000shared:${rule.name}` : t, billed[i]!, effective[i]!));
  }
  return out;
}

const isUsageRule = (r: SharedRule) => r.split === 'proportional' && r.measure === 'consumedQuantity';

/** The rules whose weights need a usage column, in the order costSumsSql numbers them. */
export const usageRules = (rules: CostRules): SharedRule[] => rules.shared.filter(isUsageRule);

/** Plain grouping: every row under its own key (groupBy other than team). */
export function groupRows(rows: CostSumRow[]): GroupSums {
  const out: GroupSums = new Map();
  for (const row of rows) addTo(out, row.currency, row.key === '' ? UNALLOCATED : row.key, row.billed, row.effective);
  return out;
}

export { Money };
export type { Sums };
