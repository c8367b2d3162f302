import type { AlertTransition } from '../../alerting/types.js';
import type { AlertEvaluation, AlertMemory, AlertState, Evaluation } from '../evaluate/types.js';
import type { SloDefinition } from '../model.js';
import type { AlertStateRow, TransitionRow } from './persist.js';

export interface InstanceRef {
  instanceId: string;
  slo: SloDefinition;
  group: Record<string, string>;
}

/**
 * What identifies an SLO alert at a notification target (server/alerting/types.ts): the
 * SLO's labels, its alerting labels and the tier's, the group's values (two routes of one
 * SLO are two alerts), `service`, and `slo` (the SLO's name).
 */
export function alertLabels(ref: InstanceRef, alertName: string): Record<string, string> {
  const tier = ref.slo.alerting.tiers.find((t) => t.name === alertName);
  return { ...ref.slo.labels, ...ref.slo.alerting.labels, ...(tier?.labels ?? {}), ...ref.group, service: ref.slo.service, slo: ref.slo.name };
}

export function alertAnnotations(ref: InstanceRef, alertName: string): Record<string, string> {
  const tier = ref.slo.alerting.tiers.find((t) => t.name === alertName);
  return { ...ref.slo.alerting.annotations, ...(tier?.annotations ?? {}) };
}

/** The value an alert reports: a tier's long-window burn rate, the budget left for budget-exhausted, nothing for no-data. */
export function alertValue(a: AlertEvaluation, evaluation: Evaluation): number | null {
  const v = a.longBurn !== undefined ? a.longBurn : a.name === 'budget-exhausted' ? evaluation.period.remaining : null;
  return v === null || v === undefined || !Number.isFinite(v) ? null : v;
}

/** An alert as the engine remembers it between evaluations (alert_state). */
export interface StoredAlert extends AlertMemory {
  sloId: string;
  name: string;
  severity: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

/** instance id → alert name → stored alert */
export type StoredAlerts = Map<string, Map<string, StoredAlert>>;

export interface AlertChanges {
  /** for the next evaluation */
  memory: Map<string, StoredAlert>;
  /** state changes plus alerts still firing (Alertmanager wants those re-sent) */
  notify: AlertTransition[];
  history: TransitionRow[];
  upserts: AlertStateRow[];
  /** alert names whose state rows go (a tier disabled or removed) */
  deletes: string[];
}

const transition = (ref: InstanceRef, alertName: string, severity: string, from: AlertState, to: AlertState, at: number, value: number | null): AlertTransition => ({
  id: `${ref.instanceId}:${alertName}`,
  name: ref.slo.alerting.name,
  kind: 'slo',
  severity,
  from,
  to,
  at,
  labels: alertLabels(ref, alertName),
  annotations: alertAnnotations(ref, alertName),
  value,
  sloId: ref.instanceId,
});

const historyRow = (instanceId: string, sloId: string, alertName: string, t: AlertTransition): TransitionRow => ({
  instance_id: instanceId,
  alert_name: alertName,
  slo_id: sloId,
  name: t.name,
  severity: t.severity,
  from_state: t.from,
  to_state: t.to,
  at: new Date(t.at * 1000),
  value: t.value,
  labels: JSON.stringify(t.labels),
  annotations: JSON.stringify(t.annotations),
});

/** The evaluator's view of stored alerts. */
export function memoriesOf(stored: Map<string, StoredAlert> | undefined): Record<string, AlertMemory> | undefined {
  if (!stored) return undefined;
  const out: Record<string, AlertMemory> = {};
  for (const [name, a] of stored) out[name] = { state: a.state, since: a.since };
  return out;
}

/**
 * Compares an evaluation's alerts with what the instance remembered. An alert that was
 * pending or firing and is gone (its tier disabled; with `ref` or `evaluation` null, the
 * instance is gone: SLO removed, group aged out) resolves.
 */
export function alertChanges(ref: InstanceRef | null, instanceId: string, previous: Map<string, StoredAlert> | undefined, evaluation: Evaluation | null, now: number): AlertChanges {
  const out: AlertChanges = { memory: new Map(), notify: [], history: [], upserts: [], deletes: [] };
  const seen = new Set<string>();
  for (const a of ref && evaluation ? evaluation.alerts : []) {
    seen.add(a.name);
    const before = previous?.get(a.name);
    const from: AlertState = before?.state ?? 'inactive';
    const value = alertValue(a, evaluation!);
    const t = transition(ref!, a.name, a.severity, from, a.state, a.since, value);
    out.memory.set(a.name, { state: a.state, since: a.since, sloId: ref!.slo.id, name: t.name, severity: a.severity, labels: t.labels, annotations: t.annotations });
    if (from !== a.state) {
      out.history.push(historyRow(instanceId, ref!.slo.id, a.name, t));
      out.notify.push(t);
    } else if (a.state === 'firing') out.notify.push(t);
    if (from !== a.state || a.state === 'pending' || a.state === 'firing' || before?.since !== a.since) {
      out.upserts.push({
        instance_id: instanceId,
        alert_name: a.name,
        slo_id: ref!.slo.id,
        name: t.name,
        severity: a.severity,
        state: a.state,
        since: new Date(a.since * 1000),
        value,
        labels: JSON.stringify(t.labels),
        annotations: JSON.stringify(t.annotations),
      });
    }
  }
  for (const [name, stored] of previous ?? []) {
    if (seen.has(name)) continue;
    out.deletes.push(name);
    if (stored.state === 'pending' || stored.state === 'firing') {
      const t: AlertTransition = {
        id: `${instanceId}:${name}`,
        name: stored.name,
        kind: 'slo',
        severity: stored.severity,
        from: stored.state,
        to: 'resolved',
        at: now,
        labels: stored.labels,
        annotations: stored.annotations,
        value: null,
        sloId: instanceId,
      };
      out.history.push(historyRow(instanceId, stored.sloId, name, t));
      out.notify.push(t);
    }
  }
  return out;
}
