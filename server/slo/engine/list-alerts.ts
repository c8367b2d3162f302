import type { AlertInfo, AlertsResult } from '../../../shared/api.js';
import type { MetaDb } from '../../meta/index.js';

export interface ListAlertsParams {
  /** epoch ms */
  now: number;
  /** resolved alerts stay listed this long after they resolved; default one day */
  resolvedWithinSeconds?: number;
  /** alerts kept elsewhere (the rule evaluator's), sorted in with these */
  extra?: AlertInfo[];
}

const rank: Record<string, number> = { firing: 0, pending: 1, resolved: 2 };

/**
 * Alerts pending or firing now (alert_state), and those that resolved within the last day
 * (alert_transitions: the evaluator keeps `resolved` for one evaluation only). Firing first,
 * then pending, then resolved; newest first within each.
 */
export async function listAlerts({ db, input }: { db: MetaDb; input: ListAlertsParams }): Promise<AlertsResult> {
  const active = await db.selectFrom('alert_state').selectAll().where('state', 'in', ['pending', 'firing']).execute();
  const alerts: AlertInfo[] = active.map((r) => ({
    id: `${r.instance_id}:${r.alert_name}`,
    name: r.name,
    alert: r.alert_name,
    kind: 'slo',
    sloId: r.instance_id,
    severity: r.severity,
    state: r.state as 'pending' | 'firing',
    since: new Date(r.since).toISOString(),
    labels: r.labels,
    annotations: r.annotations,
    value: r.value,
  }));
  const seen = new Set(alerts.map((a) => a.id));
  const since = new Date(input.now - (input.resolvedWithinSeconds ?? 86_400) * 1000);
  const resolved = await db
    .selectFrom('alert_transitions')
    .selectAll()
    .where('at', '>=', since)
    .where((eb) => eb.or([eb('to_state', '=', 'resolved'), eb.and([eb('from_state', '=', 'firing'), eb('to_state', '!=', 'firing')])]))
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  for (const r of resolved) {
    const id = `${r.instance_id}:${r.alert_name}`;
    if (seen.has(id)) continue;
    seen.add(id);
    alerts.push({
      id,
      name: r.name,
      alert: r.alert_name,
      kind: 'slo',
      sloId: r.instance_id,
      severity: r.severity,
      state: 'resolved',
      since: new Date(r.at).toISOString(),
      labels: r.labels,
      annotations: r.annotations,
      value: r.value,
    });
  }
  alerts.push(...(input.extra ?? []));
  alerts.sort((a, b) => rank[a.state]! - rank[b.state]! || Date.parse(b.since) - Date.parse(a.since) || (a.id < b.id ? -1 : 1));
  return { alerts };
}
