/**
 * Team budgets (the `budgets` of OCTOLENS_COST_RULES): each team's effective cost so far this
 * month, with its shares of shared costs, and a month-end forecast; an alert through the
 * alerting fanout while the forecast overruns the budget.
 *
 * Forecast: what was charged so far, plus the team's direct usage-based charges
 * (ChargeFrequency 'Usage-Based') extrapolated at their run rate over the rest of the month.
 * The run rate is measured up to the latest usage charge the imports hold (bills lag a day or
 * two), not up to now; recurring and one-time charges (support, purchases, tax) are counted as
 * charged, never extrapolated. A month that has ended forecasts what it cost.
 */
import type { CostBudgetStatus } from '../../shared/api.js';
import type { Notifier, AlertTransition } from '../alerting/types.js';
import type { Logger } from '../lib/log.js';
import type { MetaDb } from '../meta/index.js';
import { listServices } from '../meta/services.js';
import type { TelemetryStore } from '../storage/index.js';
import { cents, Money, type Money as MoneyT } from './decimal.js';
import type { CostRules } from './rules.js';
import { costSumsSql, splitShared, usageRules, type CostSumRow } from './showback.js';

/** [start, end) of the UTC month `YYYY-MM`, epoch seconds. */
export function monthBounds(month: string): { start: number; end: number } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return { start: Date.UTC(y, m - 1, 1) / 1000, end: Date.UTC(y, m, 1) / 1000 };
}

export const monthOf = (ms: number) => new Date(ms).toISOString().slice(0, 7);

/**
 * @param usage the direct usage-based part of `charged`
 * @param dataEnd the latest usage ChargePeriodEnd in the month (null: none yet)
 * @example forecastMonth(new Money(100), new Money(100), { start: 0, end: 30 * 86400 }, 10 * 86400, 12 * 86400) // → 300
 */
export function forecastMonth(charged: MoneyT, usage: MoneyT, month: { start: number; end: number }, dataEnd: number | null, nowSeconds: number): MoneyT {
  if (nowSeconds >= month.end || dataEnd === null) return charged;
  const through = Math.min(dataEnd, month.end);
  const covered = through - month.start;
  if (covered <= 0) return charged;
  return charged.plus(usage.times(month.end - through).div(covered));
}

export interface BudgetsInput {
  month: string;
  nowMs: number;
}

/** Every budget's month-to-date, forecast and whether it overruns. */
export async function getBudgets({ store, meta, rules, input }: { store: TelemetryStore; meta: MetaDb; rules: CostRules; input: BudgetsInput }): Promise<CostBudgetStatus[]> {
  if (rules.budgets.length === 0) return [];
  const month = monthBounds(input.month);
  const serviceTeams = Object.fromEntries((await listServices({ db: meta })).filter((s) => s.team).map((s) => [s.name, s.team!]));
  const base = { fromSeconds: month.start, toSeconds: month.end, groupBy: 'team' as const, serviceTeams, usageRules: usageRules(rules) };
  const all = costSumsSql(base);
  const usage = costSumsSql({ ...base, usageBasedOnly: true });
  const [allRows, usageRows] = await Promise.all([store.query<CostSumRow>(all.sql, all.params), store.query<CostSumRow>(usage.sql, usage.params)]);
  const charged = splitShared(allRows, rules);
  const out: CostBudgetStatus[] = [];
  for (const b of rules.budgets) {
    const mine = usageRows.filter((r) => r.currency === b.currency && r.key === b.team);
    const usageSum = mine.reduce((a, r) => a.plus(r.effective), new Money(0));
    // the run rate is the whole account's data horizon, so a team idle since the 10th is not extrapolated from the 10th
    const horizon = usageRows.filter((r) => r.currency === b.currency).reduce<number | null>((a, r) => Math.max(a ?? 0, Number(r.lastEnd)), null);
    const mtd = charged.get(b.currency)?.get(b.team)?.effective ?? new Money(0);
    const forecast = forecastMonth(mtd, usageSum, month, horizon, input.nowMs / 1000);
    const budget = new Money(b.monthly);
    out.push({
      team: b.team,
      currency: b.currency,
      month: input.month,
      budget: cents(budget),
      monthToDate: cents(mtd),
      forecast: cents(forecast),
      forecastPercent: budget.gt(0) ? forecast.div(budget).times(100).toFixed(1) : null,
      overrun: forecast.gt(budget),
      dataThrough: horizon === null ? null : new Date(Math.min(horizon, month.end) * 1000).toISOString(),
    });
  }
  return out;
}

export interface BudgetAlertsDeps {
  store: TelemetryStore;
  meta: MetaDb;
  rules: CostRules;
  notifier: Notifier;
  intervalMs: number;
  log: Logger;
  now?: () => number;
}

const alertId = (b: { team: string; currency: string }) => `budget:${b.team}:${b.currency}`;

/**
 * Checks the current month's budgets every `intervalMs`: a budget whose forecast overruns
 * fires `CostBudgetForecastOverrun` (kind rule, severity ticket, labels team and currency),
 * re-sent while it lasts; it resolves when the forecast is back under (a new month starts over).
 */
export function createBudgetAlerts({ store, meta, rules, notifier, intervalMs, log, now = Date.now }: BudgetAlertsDeps) {
  const state = new Map<string, { firing: boolean; since: number }>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;

  async function check(): Promise<AlertTransition[]> {
    const at = now();
    const statuses = await getBudgets({ store, meta, rules, input: { month: monthOf(at), nowMs: at } });
    const transitions: AlertTransition[] = [];
    for (const s of statuses) {
      const id = alertId(s);
      const before = state.get(id);
      const was = before?.firing ?? false;
      if (!s.overrun && !was) continue;
      const since = s.overrun === was ? before!.since : Math.floor(at / 1000);
      state.set(id, { firing: s.overrun, since });
      transitions.push({
        id,
        name: 'CostBudgetForecastOverrun',
        kind: 'rule',
        severity: 'ticket',
        from: was ? 'firing' : 'inactive',
        to: s.overrun ? 'firing' : 'resolved',
        at: since,
        labels: { team: s.team, currency: s.currency },
        annotations: {
          summary: `${s.team}'s ${s.month} cost is forecast at ${s.forecast} ${s.currency}, ${s.forecastPercent ?? '—'}% of its ${s.budget} ${s.currency} budget`,
          description: `month to date ${s.monthToDate} ${s.currency} (data through ${s.dataThrough ?? 'nothing yet'}); forecast ${s.forecast} ${s.currency}`,
        },
        // the notification's number; the exact amounts are in the annotations
        value: Number(s.forecast),
      });
      if (!s.overrun) state.delete(id);
    }
    return transitions;
  }

  async function tick(): Promise<void> {
    try {
      const transitions = await check();
      if (transitions.length > 0) void notifier.notify(transitions);
    } catch (error) {
      log.warn('budget check failed; retrying at the next interval', { error });
    }
  }

  return {
    /** one check now (tests, and the first one at start) */
    check: tick,
    start(): void {
      if (rules.budgets.length === 0 || timer || stopped) return;
      running = tick();
      timer = setInterval(() => {
        running = (running ?? Promise.resolve()).then(tick);
      }, intervalMs);
      timer.unref();
    },
    async stop(): Promise<void> {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
