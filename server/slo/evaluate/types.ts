import type { SloDefinition } from '../model.js';

/**
 * The contract between the data plane (which reads per-minute counts from
 * slo_sli_minutes) and the pure evaluator (which turns them into SLIs, burn rates,
 * budgets and alert states). Times are epoch seconds.
 */

/** Good and total events in one minute [minute, minute + 60). A minute absent from the list had no events. */
export interface MinuteCounts {
  minute: number;
  good: number;
  total: number;
}

export type AlertState = 'inactive' | 'pending' | 'firing' | 'resolved';

/** What the evaluator remembers of an alert between evaluations. */
export interface AlertMemory {
  state: AlertState;
  /** when the current state began */
  since: number;
}

export interface EvaluationInput {
  slo: SloDefinition;
  /** the evaluation time; windows end here (exclusive of the current, unfinished minute) */
  now: number;
  /**
   * Sorted by minute, covering at least the longer of the period and the longest tier
   * window before `now`.
   */
  minutes: MinuteCounts[];
  /** keyed by tier name, plus 'no-data' and 'budget-exhausted'; absent on the first evaluation */
  previous?: Record<string, AlertMemory>;
}

export interface WindowResult {
  windowSeconds: number;
  good: number;
  total: number;
  /** (total − good) / total; null without events */
  errorRatio: number | null;
  /** errorRatio / (1 − objective); null without events */
  burnRate: number | null;
}

export interface BudgetResult {
  periodStart: number;
  periodEnd: number;
  good: number;
  total: number;
  /** good / total (occurrences) or good slices / slices with data (timeslices); null without data */
  sli: number | null;
  /** share of the error budget left, 1 − consumed; negative once overspent; null without data */
  remaining: number | null;
  /** when the remaining budget reaches zero at the current (1 h) burn rate; null if not burning or already spent */
  exhaustionAt: number | null;
}

export interface AlertEvaluation {
  /** tier name, 'no-data' or 'budget-exhausted' */
  name: string;
  severity: 'page' | 'ticket';
  condition: boolean;
  state: AlertState;
  since: number;
  /** for tiers: the burn rates compared with the threshold */
  longBurn?: number | null;
  shortBurn?: number | null;
  threshold?: number;
  /** true when the low-traffic guard (minEvents) held the tier back */
  guarded?: boolean;
}

export interface Evaluation {
  at: number;
  windows: WindowResult[];
  period: BudgetResult;
  alerts: AlertEvaluation[];
}
