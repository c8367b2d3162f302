import { resolveMetricSql, type MetricTypeRow } from '../query/metrics/catalog-query.js';
import { readQuantiles } from '../query/sql.js';
import type { Logger } from '../lib/log.js';
import { nextAlertState } from '../slo/evaluate/alert-state.js';
import type { AlertMemory } from '../slo/evaluate/types.js';
import type { AlertRuleDefinition } from '../slo/model.js';
import type { TelemetryStore } from '../storage/index.js';
import { secondsToFull } from './disk-rule.js';
import { logCountSql, metricRateSql, metricValueSql, spanFiguresSql, type CountRow, type MetricFigureRow, type SpanFiguresRow } from './rule-query.js';
import type { AlertTransition, Notifier } from './types.js';

/** A rule that cannot be evaluated as written (e.g. `rate` of a gauge); the message says why. */
export class RuleError extends Error {
  override name = 'RuleError';
}

const quantileIndex = { p50: 0, p95: 1, p99: 2 } as const;

/**
 * Runs a rule's query over [now − windowSeconds, now) and returns its figure, or null when
 * nothing matched (no data): no spans or log records, no metric points. A count of nothing
 * is no data too, as in Prometheus, where `count_over_time` of nothing is an empty result;
 * rules that must fire on silence use the `absent` condition.
 *
 * Units: rates per second, span quantiles and time_to_full in seconds, error_ratio 0..1.
 */
export async function evaluateRule(rule: AlertRuleDefinition, store: TelemetryStore, now: number): Promise<number | null> {
  const window = { fromMs: (now - rule.windowSeconds) * 1000, toMs: now * 1000 };
  const q = rule.query;
  switch (q.signal) {
    case 'spans': {
      const { sql, params } = spanFiguresSql(q.selector, q.measure, window);
      const [row] = await store.query<SpanFiguresRow>(sql, params);
      if (!row || row.total === 0) return null;
      switch (q.measure) {
        case 'count':
          return row.total;
        case 'rate':
          return row.total / rule.windowSeconds;
        case 'error_ratio':
          return row.errors / row.total;
        default: {
          const ns = readQuantiles(row.quantiles)[quantileIndex[q.measure]];
          return ns === null ? null : ns / 1e9;
        }
      }
    }
    case 'logs': {
      const { sql, params } = logCountSql(q.selector, window);
      const [row] = await store.query<CountRow>(sql, params);
      if (!row || row.total === 0) return null;
      return q.measure === 'count' ? row.total : row.total / rule.windowSeconds;
    }
    case 'metrics': {
      const name = q.selector.metric;
      const resolve = resolveMetricSql(name);
      const types = await store.query<MetricTypeRow>(resolve.sql, resolve.params);
      if (types.length === 0) return null;
      const usable = types.filter((t) => t.type === 'gauge' || t.type === 'sum');
      if (usable.length !== 1) {
        throw new RuleError(
          usable.length === 0
            ? `metric "${name}" is a ${types.map((t) => t.type).join(' and ')}; rules measure gauges and sums`
            : `metric "${name}" is stored as both a gauge and a sum; rules need one type`,
        );
      }
      const { type, monotonic } = usable[0] as MetricTypeRow & { type: 'gauge' | 'sum' };
      if (q.measure === 'rate' && !(type === 'sum' && monotonic)) {
        throw new RuleError(`rate needs a monotonic sum (a counter); "${name}" is a ${type === 'sum' ? 'non-monotonic sum' : 'gauge'} (use avg, min, max, sum or last)`);
      }
      const { sql, params } = q.measure === 'rate' ? metricRateSql(q.selector, window) : metricValueSql(q.selector, type, q.measure, window);
      const [row] = await store.query<MetricFigureRow>(sql, params);
      if (!row || row.pointCount === 0 || row.value === null || !Number.isFinite(row.value)) return null;
      return row.value;
    }
    case 'disk':
      return secondsToFull(q.selector, store, window);
  }
}

/** Whether the rule's condition holds for a figure: a threshold needs data; `absent` holds without it. */
export function ruleCondition(rule: AlertRuleDefinition, value: number | null): boolean {
  const c = rule.condition;
  if ('absent' in c) return value === null;
  if (value === null) return false;
  switch (c.op) {
    case '>':
      return value > c.threshold;
    case '>=':
      return value >= c.threshold;
    case '<':
      return value < c.threshold;
    case '<=':
      return value <= c.threshold;
  }
}

/** The alert id of a rule: unique beside SLO alert ids (`<slo>:<tier>`). */
export const ruleAlertId = (rule: AlertRuleDefinition) => `rule:${rule.id}`;

/** What the notifier is told about a rule's alert. */
export function ruleTransition(rule: AlertRuleDefinition, from: AlertMemory['state'], to: AlertMemory, value: number | null): AlertTransition {
  const labels: Record<string, string> = { ...rule.labels, octolens_rule: rule.id };
  if (rule.service && labels.service === undefined) labels.service = rule.service;
  const annotations = { ...rule.annotations };
  if (rule.description && annotations.description === undefined) annotations.description = rule.description;
  return { id: ruleAlertId(rule), name: rule.name, kind: 'rule', severity: rule.severity, from, to: to.state, at: to.since, labels, annotations, value };
}

export interface RuleEvaluatorDeps {
  store: TelemetryStore;
  notifier: Notifier;
  rules: AlertRuleDefinition[];
  intervalMs: number;
  log: Logger;
  /** epoch ms; tests set it */
  now?: () => number;
}

export interface RuleStatus {
  rule: AlertRuleDefinition;
  memory: AlertMemory | undefined;
  value: number | null | undefined;
  /** why the last evaluation failed, if it did */
  error?: string;
}

/**
 * Evaluates every rule every interval through the SLO alerts' state machine
 * (inactive → pending → firing → resolved, `for` between evaluations) and hands the
 * notifier the changes plus the alerts still firing, as the SLO engine does. Alert memory
 * lives in this process: after a restart a firing rule fires (and is announced) again.
 * A rule whose query fails keeps its state, and its error is logged when it first appears.
 */
export function createRuleEvaluator({ store, notifier, rules: initial, intervalMs, log, now = Date.now }: RuleEvaluatorDeps) {
  let rules = initial;
  const memory = new Map<string, AlertMemory>();
  const values = new Map<string, number | null>();
  const errors = new Map<string, string>();
  const sends = new Set<Promise<void>>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;

  function hand(transitions: AlertTransition[]): void {
    if (transitions.length === 0) return;
    // Not awaited: a target that is down must not delay the next evaluation.
    const send = notifier.notify(transitions).catch((error: unknown) => log.error('alert notifier failed', { error }));
    sends.add(send);
    void send.finally(() => sends.delete(send));
  }

  async function evaluateAll(): Promise<AlertTransition[]> {
    const at = Math.floor(now() / 1000);
    const transitions: AlertTransition[] = [];
    for (const rule of rules) {
      let value: number | null;
      try {
        value = await evaluateRule(rule, store, at);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (errors.get(rule.id) !== message) log.warn('alert rule evaluation failed', { rule: rule.id, file: `${rule.source.file}:${rule.source.line}`, error: message });
        errors.set(rule.id, message);
        continue;
      }
      errors.delete(rule.id);
      values.set(rule.id, value);
      const previous = memory.get(rule.id);
      const next = nextAlertState(previous, ruleCondition(rule, value), at, rule.forSeconds);
      memory.set(rule.id, next);
      const from = previous?.state ?? 'inactive';
      if (next.state !== from || next.state === 'firing') transitions.push(ruleTransition(rule, from, next, value));
    }
    return transitions;
  }

  async function tick(): Promise<void> {
    const started = now();
    try {
      hand(await evaluateAll());
    } catch (error) {
      log.error('alert rule evaluation failed', { error });
    }
    if (!stopped) timer = setTimeout(() => (running = tick()), Math.max(0, intervalMs - (now() - started)));
  }

  return {
    start(): void {
      if (running || stopped) return;
      running = tick();
    },
    /** Evaluates once now, outside the schedule (tests, `POST …/reload`); resolves after the notifier was handed the result. */
    async evaluateNow(): Promise<AlertTransition[]> {
      const transitions = await evaluateAll();
      hand(transitions);
      return transitions;
    },
    /**
     * Replaces the rules. A removed rule's firing alert is resolved now, so targets do not
     * keep it firing until Alertmanager's endsAt runs out.
     */
    setRules(next: AlertRuleDefinition[]): void {
      const keep = new Set(next.map((r) => r.id));
      const at = Math.floor(now() / 1000);
      const resolved: AlertTransition[] = [];
      for (const rule of rules) {
        if (keep.has(rule.id)) continue;
        const m = memory.get(rule.id);
        if (m?.state === 'firing') resolved.push(ruleTransition(rule, 'firing', { state: 'resolved', since: at }, values.get(rule.id) ?? null));
        memory.delete(rule.id);
        values.delete(rule.id);
        errors.delete(rule.id);
      }
      rules = next;
      hand(resolved);
    },
    status(): RuleStatus[] {
      return rules.map((rule) => ({ rule, memory: memory.get(rule.id), value: values.get(rule.id), ...(errors.has(rule.id) ? { error: errors.get(rule.id)! } : {}) }));
    },
    /** Stops the schedule, waits for an evaluation under way and for the notifier's sends; safe twice and before start. */
    async stop(): Promise<void> {
      stopped = true;
      clearTimeout(timer);
      await running;
      await Promise.all([...sends]);
    },
  };
}

export type RuleEvaluator = ReturnType<typeof createRuleEvaluator>;
