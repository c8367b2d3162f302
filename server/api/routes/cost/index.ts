/**
 * GET /api/v1/cost: showback (EffectiveCost, amortised) and invoice (BilledCost) figures of
 * the imported FOCUS rows whose charge period starts in from/to, grouped by team, service,
 * environment, provider, serviceCategory or month, in one currency (docs/cost.md).
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { CostAmounts, CostAnomaliesResult, CostBudgetsResult, CostGroup, CostGroupBy, CostResult } from '../../../../shared/api.js';
import { serverSpansSql, serviceCostSql, unitCosts, type CostUnitResult } from '../../../cost/unit-cost.js';
import { dailyCostSql, findAnomalies, type DailyCostRow } from '../../../cost/anomalies.js';
import { currentImportsCte, isCurrentRow } from '../../../cost/current.js';
import { getBudgets, monthOf } from '../../../cost/budgets.js';
import { cents, Money } from '../../../cost/decimal.js';
import { defaultCostRules, type CostRules } from '../../../cost/rules.js';
import { costSumsSql, groupRows, splitShared, usageRules, type CostSumRow, type GroupSums } from '../../../cost/showback.js';
import { listServices } from '../../../meta/services.js';
import type { ApiDeps } from '../../app.js';
import { checkRange, timeParam } from '../../time.js';
import { validate } from '../../validate.js';

const groupBys = ['team', 'service', 'environment', 'provider', 'serviceCategory', 'month'] as const satisfies readonly CostGroupBy[];

const amounts = (s: { billed: Money; effective: Money }): CostAmounts => ({ billedCost: cents(s.billed), effectiveCost: cents(s.effective) });

export function costRoutes({ store, meta, limits, costRules = defaultCostRules() }: ApiDeps & { costRules?: CostRules }): Hono {
  const app = new Hono();
  /** the currency with the largest effective cost among the current rows charged in the range, null when none */
  const largestCurrency = async (range: { fromSeconds: number; toSeconds: number }): Promise<string | null> => {
    const [top] = await store.query<{ currency: string }>(
      `WITH ${currentImportsCte} SELECT BillingCurrency AS currency FROM cost_items FINAL
       WHERE ${isCurrentRow} AND ChargePeriodStart >= toDateTime({from:UInt32}, 'UTC') AND ChargePeriodStart < toDateTime({to:UInt32}, 'UTC')
       GROUP BY currency ORDER BY abs(sum(EffectiveCost)) DESC, currency LIMIT 1`,
      { from: range.fromSeconds, to: range.toSeconds },
    );
    return top?.currency ?? null;
  };
  const query = checkRange(
    z
      .object({
        from: timeParam('now-90d', false),
        to: timeParam('now', true),
        groupBy: z.enum(groupBys).default('team'),
        currency: z
          .string()
          .regex(/^[A-Za-z0-9]{2,10}$/, 'expected a currency code such as USD')
          .transform((c) => c.toUpperCase())
          .optional(),
        team: z.string().min(1).optional(),
      })
      .strict(),
    limits.longRange,
  );
  app.get('/', validate('query', query), async (c) => {
    const { from, to, groupBy, currency: wanted, team } = c.req.valid('query');
    const serviceTeams = Object.fromEntries((await listServices({ db: meta })).filter((s) => s.team).map((s) => [s.name, s.team!]));
    const base = { fromSeconds: Math.floor(from / 1000), toSeconds: Math.ceil(to / 1000), serviceTeams, usageRules: usageRules(costRules) };
    const byTeam = () => store.query<CostSumRow>(costSumsSql({ ...base, groupBy: 'team' }).sql, costSumsSql({ ...base, groupBy: 'team' }).params);

    let groups: GroupSums;
    // totals per currency are every current row once, whatever the grouping
    let totals: GroupSums;
    if (groupBy === 'team') {
      const rows = await byTeam();
      groups = splitShared(rows, costRules);
      totals = groupRows(rows.map((r) => ({ ...r, key: 'total' })));
      if (team !== undefined) {
        for (const [cur, byKey] of groups) groups.set(cur, new Map([...byKey].filter(([k]) => k === team)));
        totals = sumGroups(groups);
      }
    } else if (team === undefined) {
      const q = costSumsSql({ ...base, groupBy });
      const rows = await store.query<CostSumRow>(q.sql, q.params);
      groups = groupRows(rows);
      totals = groupRows(rows.map((r) => ({ ...r, key: 'total' })));
    } else {
      // the team's own rows by the dimension, and its shares of shared costs as shared:<rule>
      const q = costSumsSql({ ...base, groupBy, team });
      const [rows, teamRows] = await Promise.all([store.query<CostSumRow>(q.sql, q.params), byTeam()]);
      groups = groupRows(rows);
      for (const [cur, byKey] of splitShared(teamRows, costRules, { sharedKeys: true })) {
        for (const [k, s] of byKey) {
          const [t, shared] = k.split('\u0000');
          if (t !== team || shared === undefined) continue;
          let target = groups.get(cur);
          if (!target) groups.set(cur, (target = new Map()));
          target.set(shared, s);
        }
      }
      totals = sumGroups(groups);
    }

    const currencies = [...(totals.entries())]
      .map(([currency, byKey]) => ({ currency, ...(byKey.get('total') ?? { billed: new Money(0), effective: new Money(0) }) }))
      .sort((a, b) => (a.currency < b.currency ? -1 : 1));
    const currency = wanted ?? [...currencies].sort((a, b) => b.effective.abs().comparedTo(a.effective.abs()) || (a.currency < b.currency ? -1 : 1))[0]?.currency ?? null;
    const chosen = currencies.find((x) => x.currency === currency);
    const list: CostGroup[] = [...(currency ? (groups.get(currency) ?? new Map()) : new Map<string, { billed: Money; effective: Money }>())]
      .map(([key, s]) => ({ key, ...amounts(s) }))
      .sort((a, b) => (groupBy === 'month' ? (a.key < b.key ? -1 : 1) : new Money(b.effectiveCost).comparedTo(a.effectiveCost) || (a.key < b.key ? -1 : 1)));
    return c.json({
      range: { from, to },
      groupBy,
      currency,
      total: chosen ? amounts(chosen) : { billedCost: '0.00', effectiveCost: '0.00' },
      groups: list,
      currencies: currencies.map((x) => ({ currency: x.currency, ...amounts(x) })),
      ...(team !== undefined ? { team } : {}),
    } satisfies CostResult);
  });

  /** GET /api/v1/cost/anomalies: days whose usage-based cost grew past the trailing 14-day baseline (server/cost/anomalies.ts) */
  const anomaliesQuery = checkRange(
    z
      .object({
        from: timeParam('now-30d', false),
        to: timeParam('now', true),
        groupBy: z.enum(['team', 'service', 'environment', 'provider', 'serviceCategory']).default('service'),
        currency: z.string().regex(/^[A-Za-z0-9]{2,10}$/, 'expected a currency code such as USD').transform((c) => c.toUpperCase()).optional(),
        minIncrease: z.string().regex(/^\d{1,28}(\.\d{1,10})?$/, 'expected an amount such as 1.00').default('1.00'),
      })
      .strict(),
    limits.longRange,
  );
  app.get('/anomalies', validate('query', anomaliesQuery), async (c) => {
    const { from, to, groupBy, currency: wanted, minIncrease } = c.req.valid('query');
    const range = { fromSeconds: Math.floor(from / 1000), toSeconds: Math.ceil(to / 1000) };
    const currency = wanted ?? (await largestCurrency(range));
    if (!currency) return c.json({ range: { from, to }, groupBy, currency, anomalies: [] } satisfies CostAnomaliesResult);
    const serviceTeams = Object.fromEntries((await listServices({ db: meta })).filter((s) => s.team).map((s) => [s.name, s.team!]));
    const q = dailyCostSql({ ...range, groupBy, currency, serviceTeams });
    const rows = await store.query<DailyCostRow>(q.sql, q.params);
    return c.json({ range: { from, to }, groupBy, currency, anomalies: findAnomalies(rows, range, new Money(minIncrease)) } satisfies CostAnomaliesResult);
  });

  /** GET /api/v1/cost/unit: each service's effective cost per 1,000 server spans of the same range */
  const unitQuery = checkRange(
    z
      .object({
        from: timeParam('now-7d', false),
        to: timeParam('now', true),
        currency: z.string().regex(/^[A-Za-z0-9]{2,10}$/, 'expected a currency code such as USD').transform((c) => c.toUpperCase()).optional(),
      })
      .strict(),
    limits.longRange,
  );
  app.get('/unit', validate('query', unitQuery), async (c) => {
    const { from, to, currency: wanted } = c.req.valid('query');
    const range = { fromSeconds: Math.floor(from / 1000), toSeconds: Math.ceil(to / 1000) };
    const currency = wanted ?? (await largestCurrency(range));
    if (!currency) return c.json({ range: { from, to }, currency, services: [] } satisfies CostUnitResult);
    const cq = serviceCostSql({ ...range, currency });
    const costs = await store.query<{ service: string; effective: string }>(cq.sql, cq.params);
    const sq = serverSpansSql({ ...range, services: costs.map((r) => r.service) });
    const requests = costs.length === 0 ? [] : await store.query<{ service: string; requests: number }>(sq.sql, sq.params);
    return c.json({ range: { from, to }, currency, services: unitCosts(costs, requests) } satisfies CostUnitResult);
  });

  /** GET /api/v1/cost/budgets?month=YYYY-MM (default this month): each team budget's month to date and forecast */
  const budgetsQuery = z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a month as YYYY-MM').optional() }).strict();
  app.get('/budgets', validate('query', budgetsQuery), async (c) => {
    const nowMs = Date.now();
    const month = c.req.valid('query').month ?? monthOf(nowMs);
    return c.json({ month, budgets: await getBudgets({ store, meta, rules: costRules, input: { month, nowMs } }) } satisfies CostBudgetsResult);
  });
  return app;
}

/** One 'total' per currency: the sum of its groups. */
function sumGroups(groups: GroupSums): GroupSums {
  const out: GroupSums = new Map();
  for (const [cur, byKey] of groups) {
    const t = { billed: new Money(0), effective: new Money(0) };
    for (const s of byKey.values()) {
      t.billed = t.billed.plus(s.billed);
      t.effective = t.effective.plus(s.effective);
    }
    out.set(cur, new Map([['total', t]]));
  }
  return out;
}
