import type { SloAlertTier, SloDetail, SloWindow } from '../../../shared/api.js';
import type { MetaDb } from '../../meta/index.js';
import type { TelemetryStore } from '../../storage/index.js';
import { tierSecondsToExhaustion } from '../evaluate/exhaustion.js';
import { periodBounds } from '../evaluate/period.js';
import type { Evaluation, MinuteCounts } from '../evaluate/types.js';
import { minuteEnd } from '../evaluate/windows.js';
import type { SloDefinition } from '../model.js';
import { describeBudgeting, formatWindow } from './describe.js';
import { historyFrames, historyStepSeconds } from './history.js';
import { summaryOf, teamsOf } from './list-slos.js';

const iso = (epochSeconds: number | null | undefined) => (epochSeconds === null || epochSeconds === undefined ? null : new Date(epochSeconds * 1000).toISOString());

/**
 * A window's label: its length as Sloth writes it, except the calendar period so far, which
 * is "month to date" / "week to date" (its length changes every minute).
 */
function windowLabel(def: SloDefinition, ev: Evaluation, seconds: number): string {
  const elapsed = minuteEnd(ev.at) - ev.period.periodStart;
  const named = new Set<number>([...def.alerting.tiers.flatMap((t) => [t.longWindowSeconds, t.shortWindowSeconds]), 300, 1800, 3600, 7200, 21600, 86400, 259200]);
  if (def.period.kind === 'calendar' && seconds === elapsed && !named.has(seconds)) return `${def.period.unit} to date`;
  return formatWindow(seconds);
}

async function instanceMinutes(store: TelemetryStore, q: { sloId: string; hash: string; groupKey: string; from: number; to: number }): Promise<MinuteCounts[]> {
  return store.query<MinuteCounts>(
    `SELECT toUInt32(Minute) AS minute, Good AS good, Total AS total
     FROM slo_sli_minutes FINAL
     WHERE SloId = {sloId:String} AND DefinitionHash = {hash:String} AND GroupKey = {groupKey:String}
       AND Minute >= toDateTime({from:Int64}) AND Minute < toDateTime({to:Int64})
     ORDER BY Minute`,
    q,
  );
}

export interface GetSloParams {
  /** instance id */
  id: string;
  /** history step; default: about 720 points over the period */
  stepSeconds?: number;
}

/** One SLO instance in full: its summary, windows, tiers, other alerts and history frames; null when unknown. */
export async function getSlo({ db, store, input }: { db: MetaDb; store: TelemetryStore; input: GetSloParams }): Promise<SloDetail | null> {
  const row = await db.selectFrom('slo_status').selectAll().where('instance_id', '=', input.id).executeTakeFirst();
  if (!row) return null;
  const def = row.definition as SloDefinition;
  const ev = row.evaluation as Evaluation | null;
  const teams = await teamsOf(db, [def.service]);
  const summary = summaryOf(row, teams.get(def.service) ?? null);

  const bounds = ev ? { start: ev.period.periodStart, end: ev.period.periodEnd } : periodBounds(def.period, Math.floor(Date.now() / 1000));
  const windows: SloWindow[] = (ev?.windows ?? []).map((w) => ({
    window: windowLabel(def, ev!, w.windowSeconds),
    windowSeconds: w.windowSeconds,
    good: w.good,
    total: w.total,
    errorRatio: w.errorRatio,
    burnRate: w.burnRate,
  }));

  const tiers: SloAlertTier[] = def.alerting.tiers.map((tier) => {
    const alert = ev?.alerts.find((a) => a.name === tier.name);
    const burnOf = (seconds: number) => ev?.windows.find((w) => w.windowSeconds === seconds)?.burnRate ?? null;
    return {
      name: tier.name,
      severity: tier.severity,
      longWindow: formatWindow(tier.longWindowSeconds),
      shortWindow: formatWindow(tier.shortWindowSeconds),
      threshold: tier.burnRate,
      longBurn: alert?.longBurn ?? burnOf(tier.longWindowSeconds),
      shortBurn: alert?.shortBurn ?? burnOf(tier.shortWindowSeconds),
      state: alert?.state ?? 'inactive',
      since: iso(alert?.since),
      enabled: tier.enabled,
      timeToExhaustionSeconds: ev ? tierSecondsToExhaustion(ev, tier) : null,
    };
  });
  const tierNames = new Set(def.alerting.tiers.map((t) => t.name));
  const otherAlerts = (ev?.alerts ?? []).filter((a) => !tierNames.has(a.name)).map((a) => ({ name: a.name, severity: a.severity, state: a.state, since: iso(a.since) }));

  let history: SloDetail['history'] = [];
  if (ev && row.definition_hash) {
    const end = minuteEnd(ev.at);
    const longest = Math.max(0, ...def.alerting.tiers.map((t) => t.longWindowSeconds));
    const stepSeconds = input.stepSeconds ?? historyStepSeconds(bounds.end - bounds.start);
    const minutes = await instanceMinutes(store, { sloId: row.slo_id, hash: row.definition_hash, groupKey: row.group_key, from: bounds.start - Math.max(longest, stepSeconds), to: end });
    history = historyFrames({ slo: def, periodStart: bounds.start, periodEnd: bounds.end, end, stepSeconds, minutes });
  }

  return {
    ...summary,
    description: def.description,
    budgeting: describeBudgeting(def.budgeting),
    periodStart: iso(bounds.start)!,
    periodEnd: iso(bounds.end)!,
    good: ev?.period.good ?? 0,
    total: ev?.period.total ?? 0,
    exhaustionAt: iso(ev?.period.exhaustionAt),
    windows,
    tiers,
    otherAlerts,
    history,
  };
}
