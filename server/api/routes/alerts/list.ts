import type { AlertInfo } from '../../../../shared/api.js';
import { currentAcks } from '../../../alerting/acks.js';
import { ruleAlertDetails, runbookLink, sloAlertDetails } from '../../../alerting/alert-details.js';
import { alertLabels } from '../../../alerting/labels.js';
import { ruleTransition, type RuleStatus } from '../../../alerting/rules.js';
import { matchesAll } from '../../../alerting/silence-match.js';
import { activeSilences } from '../../../alerting/silences.js';
import type { MetaDb } from '../../../meta/index.js';
import { listAlerts } from '../../../slo/engine/index.js';
import type { SloDefinition } from '../../../slo/model.js';

/**
 * The rule evaluator's alerts that are pending, firing or just resolved. Its memory lives in
 * its process (server/alerting/rules.ts), so an API-only process lists SLO alerts only.
 */
export function ruleAlerts(status: RuleStatus[]): AlertInfo[] {
  const out: AlertInfo[] = [];
  for (const s of status) {
    const m = s.memory;
    if (!m || m.state === 'inactive') continue;
    const t = ruleTransition(s.rule, m.state, m, s.value ?? null);
    out.push({
      id: t.id,
      name: t.name,
      kind: 'rule',
      severity: t.severity,
      state: m.state,
      since: new Date(m.since * 1000).toISOString(),
      labels: t.labels,
      annotations: t.annotations,
      // JSON has no Infinity: a disk rule's "not filling" travels as a flag
      ...(t.value === Number.POSITIVE_INFINITY ? { value: null, infinite: true } : { value: t.value }),
      ...ruleAlertDetails(s.rule),
    });
  }
  return out;
}

async function sloDefinitions(meta: MetaDb, instanceIds: string[]): Promise<Map<string, SloDefinition>> {
  if (instanceIds.length === 0) return new Map();
  const rows = await meta.selectFrom('slo_status').select(['instance_id', 'definition']).where('instance_id', 'in', instanceIds).execute();
  return new Map(rows.map((r) => [r.instance_id, r.definition as SloDefinition]));
}

/**
 * Every listed alert with what the alert list shows beside its state: what raised it, its
 * unit and condition (from the SLO definition the engine last persisted, or the rule), its
 * runbook, the silences holding it back, and its acknowledgement.
 */
export async function alertList({ meta, rules, nowMs }: { meta: MetaDb; rules?: Pick<{ status(): RuleStatus[] }, 'status'>; nowMs: number }): Promise<AlertInfo[]> {
  const { alerts } = await listAlerts({ db: meta, input: { now: nowMs, extra: rules ? ruleAlerts(rules.status()) : [] } });
  const sloIds = [...new Set(alerts.flatMap((a) => (a.kind === 'slo' && a.sloId ? [a.sloId] : [])))];
  const [defs, silences] = await Promise.all([sloDefinitions(meta, sloIds), activeSilences(meta, nowMs)]);
  const open = new Map(alerts.filter((a) => a.state !== 'resolved').map((a) => [a.id, Date.parse(a.since)]));
  const acks = await currentAcks(meta, open);
  return alerts.map((a) => {
    const details = a.kind === 'slo' ? sloAlertDetails(a.sloId ? defs.get(a.sloId) : undefined, a.alert ?? '') : {};
    const labels = alertLabels(a);
    return {
      ...a,
      ...details,
      runbook: runbookLink(a.annotations),
      silencedBy: silences.filter((s) => matchesAll(s.matchers, labels)).map((s) => s.id),
      ack: acks.get(a.id) ?? null,
    };
  });
}
