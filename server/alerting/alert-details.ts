import type { AlertCondition, AlertKind, AlertValueUnit } from '../../shared/api.js';
import { budgetExhaustedAlertName, noDataAlertName } from '../slo/evaluate/alerts.js';
import { nominalPeriodSeconds, type AlertQuery, type AlertRuleDefinition, type SloDefinition } from '../slo/model.js';

/** What the alert list says about an alert besides its state: what raised it, its unit, its condition. */
export interface AlertDetails {
  alertKind: AlertKind;
  unit: AlertValueUnit;
  condition: AlertCondition | null;
}

/**
 * An SLO alert's details from its definition: a tier fires when both windows burn faster
 * than its factor (server/slo/evaluate/alerts.ts's tierCondition); budget-exhausted while the
 * budget left (a ratio, the value it reports) is at or below 0 over the period; no-data when
 * nothing arrived for its quiet time. A tier no longer in the definition has no condition.
 */
export function sloAlertDetails(def: SloDefinition | undefined, alertName: string): AlertDetails {
  if (alertName === budgetExhaustedAlertName) {
    return { alertKind: 'budget_exhausted', unit: 'ratio', condition: def ? { op: '<=', threshold: 0, windows: [nominalPeriodSeconds(def.period)], forSeconds: 0 } : null };
  }
  if (alertName === noDataAlertName) {
    return { alertKind: 'no_data', unit: 'count', condition: def ? { op: 'absent', threshold: null, windows: [def.alerting.noDataSeconds], forSeconds: 0 } : null };
  }
  const tier = def?.alerting.tiers.find((t) => t.name === alertName);
  return {
    alertKind: 'burn_rate',
    unit: 'burn_rate',
    condition: tier ? { op: '>', threshold: tier.burnRate, windows: [tier.longWindowSeconds, tier.shortWindowSeconds], forSeconds: tier.forSeconds } : null,
  };
}

/**
 * The unit of a rule's figure (server/alerting/rules.ts's evaluateRule): span quantiles and
 * disk time to full in seconds, error ratios 0..1, rates per second; a metric's own
 * aggregate is in the metric's unit, which the rule does not know.
 */
export function ruleValueUnit(query: AlertQuery): AlertValueUnit {
  switch (query.measure) {
    case 'p50':
    case 'p95':
    case 'p99':
    case 'time_to_full':
      return 'seconds';
    case 'error_ratio':
      return 'ratio';
    case 'rate':
      return 'per_second';
    case 'count':
      return 'count';
    default:
      return 'number';
  }
}

export function ruleAlertDetails(rule: AlertRuleDefinition): AlertDetails {
  const c = rule.condition;
  return {
    alertKind: 'rule',
    unit: ruleValueUnit(rule.query),
    condition: { op: 'absent' in c ? 'absent' : c.op, threshold: 'absent' in c ? null : c.threshold, windows: [rule.windowSeconds], forSeconds: rule.forSeconds },
  };
}

/**
 * The runbook an alert links to: the `runbook_url` annotation (Prometheus' convention) or
 * `runbook`; only http(s), so an annotation cannot make the UI run a `javascript:` link.
 * @example runbookLink({ runbook_url: 'https://runbooks.example.com/checkout' }) === 'https://runbooks.example.com/checkout'
 */
export function runbookLink(annotations: Record<string, string>): string | null {
  const text = annotations.runbook_url ?? annotations.runbook;
  if (!text) return null;
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? text : null;
  } catch {
    return null;
  }
}
