import type { BurnRateTier, SloDefinition } from '../model.js';
import { nextAlertState } from './alert-state.js';
import type { AlertEvaluation, AlertMemory, WindowResult } from './types.js';

export const noDataAlertName = 'no-data';
export const budgetExhaustedAlertName = 'budget-exhausted';

export interface TierCondition {
  condition: boolean;
  /** the burn rates alone would fire the tier, but the long window holds fewer than minEvents events */
  guarded: boolean;
}

/**
 * A multi-window burn-rate tier holds when both windows burn faster than the tier's factor,
 * strictly, as Prometheus's `>` in the compiled rules (SRE workbook ch. 5: the long window
 * says the burn is significant, the short one that it is still going on).
 *
 * The low-traffic guard (minEvents > 0) also asks for minEvents events in the long window: at
 * 4 requests an hour, 3 errors are a 75 % error ratio but not an outage worth a page.
 *
 * @example tierCondition(pageFast, long, short, 100) // 4 events burning at 750×: { condition: false, guarded: true }
 */
export function tierCondition(tier: BurnRateTier, long: WindowResult, short: WindowResult, minEvents: number): TierCondition {
  const burning = long.burnRate !== null && long.burnRate > tier.burnRate && short.burnRate !== null && short.burnRate > tier.burnRate;
  if (!burning) return { condition: false, guarded: false };
  const enoughEvents = minEvents <= 0 || long.total >= minEvents;
  return { condition: enoughEvents, guarded: !enoughEvents };
}

export interface AlertInputs {
  slo: SloDefinition;
  now: number;
  /** every window of the evaluation, by length; holds each tier's long and short window */
  windows: ReadonlyMap<number, WindowResult>;
  /** total events in the last `noDataSeconds`, when the no-data alert is on */
  recentTotal: number;
  /** the period's budget remaining */
  remaining: number | null;
  previous: Record<string, AlertMemory> | undefined;
}

/**
 * Every alert of an SLO, in a fixed order: its enabled tiers as the definition lists them,
 * then `no-data` (when noDataSeconds > 0) and `budget-exhausted` (when enabled). A disabled
 * tier has no alert and its memory is dropped; the API shows its burn rates from `windows`.
 */
export function evaluateAlerts(inputs: AlertInputs): AlertEvaluation[] {
  const { slo, now, windows, previous } = inputs;
  const memoryOf = (name: string): AlertMemory | undefined =>
    // hasOwn: a tier named "constructor" must not find Object.prototype's.
    previous !== undefined && Object.hasOwn(previous, name) ? previous[name] : undefined;
  const alerts: AlertEvaluation[] = [];

  for (const tier of slo.alerting.tiers) {
    if (!tier.enabled) continue;
    const long = windowOf(windows, tier.longWindowSeconds);
    const short = windowOf(windows, tier.shortWindowSeconds);
    const { condition, guarded } = tierCondition(tier, long, short, slo.alerting.minEvents);
    const next = nextAlertState(memoryOf(tier.name), condition, now, tier.forSeconds);
    alerts.push({
      name: tier.name,
      severity: tier.severity,
      condition,
      state: next.state,
      since: next.since,
      longBurn: long.burnRate,
      shortBurn: short.burnRate,
      threshold: tier.burnRate,
      guarded,
    });
  }

  if (slo.alerting.noDataSeconds > 0) {
    // No events at all in the last noDataSeconds; fires at once (for = 0): the wait is noDataSeconds.
    const condition = inputs.recentTotal === 0;
    const next = nextAlertState(memoryOf(noDataAlertName), condition, now, 0);
    alerts.push({ name: noDataAlertName, severity: 'ticket', condition, state: next.state, since: next.since });
  }

  if (slo.alerting.budgetExhausted) {
    const condition = inputs.remaining !== null && inputs.remaining <= 0;
    const next = nextAlertState(memoryOf(budgetExhaustedAlertName), condition, now, 0);
    alerts.push({ name: budgetExhaustedAlertName, severity: 'page', condition, state: next.state, since: next.since });
  }
  return alerts;
}

/**
 * What to keep until the next evaluation (EvaluationInput.previous): each alert's state and
 * since, by name.
 *
 * @example evaluate({ ...input, previous: alertMemories(evaluate(input).alerts) })
 */
export function alertMemories(alerts: readonly AlertEvaluation[]): Record<string, AlertMemory> {
  const memories: Record<string, AlertMemory> = {};
  for (const alert of alerts) memories[alert.name] = { state: alert.state, since: alert.since };
  return memories;
}

function windowOf(windows: ReadonlyMap<number, WindowResult>, seconds: number): WindowResult {
  const window = windows.get(seconds);
  // evaluate() computes every tier window; reaching this is a bug in the caller.
  if (!window) throw new Error(`no ${seconds}s window was computed for a tier`);
  return window;
}
