import type { AlertCondition, AlertInfo, AlertKind, AlertValueUnit } from '$shared/api';
import { formatBurn, formatWindow, sortAlerts } from '../../lib/format/slo';
import { formatValue } from '../../lib/format/units';

const longUnits: Array<[string, number]> = [
  ['d', 86400],
  ['h', 3600],
  ['m', 60],
  ['s', 1],
];

/**
 * A duration as people read a deadline: its two largest units from a minute up (a zero
 * second unit left out), seconds and milliseconds below (latency quantiles); Infinity is a
 * disk that is not filling.
 * @example formatSeconds(9400) // '2h 36m'; formatSeconds(0.3) // '300 ms'
 */
export function formatSeconds(seconds: number): string {
  if (seconds === Number.POSITIVE_INFINITY) return 'never (not filling)';
  if (Math.abs(seconds) < 60) return formatValue(seconds, 's');
  const parts: string[] = [];
  let rest = Math.round(Math.abs(seconds));
  for (const [unit, size] of longUnits) {
    if (rest >= size || parts.length > 0) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
    if (parts.length === 2) break;
  }
  return `${seconds < 0 ? '-' : ''}${parts.filter((p, i) => i === 0 || !p.startsWith('0')).join(' ')}`;
}

/**
 * An alert's figure in its own unit: a burn rate as `14.4×`, the budget left or an error
 * ratio as `-67.9%`, durations as `2h 36m`, rates per second, counts as they are.
 * @example formatAlertValue(-0.679, 'ratio') // '-67.9%'
 */
export function formatAlertValue(value: number | null | undefined, unit: AlertValueUnit | undefined, infinite = false): string {
  if (infinite) return unit === 'seconds' ? formatSeconds(Number.POSITIVE_INFINITY) : '∞';
  if (value === null || value === undefined) return 'no data';
  if (value === Number.POSITIVE_INFINITY && unit === 'seconds') return formatSeconds(value);
  if (!Number.isFinite(value)) return '–';
  switch (unit) {
    case 'burn_rate':
      return formatBurn(value);
    case 'ratio':
      return formatValue(value, 'percentunit', Math.abs(value) < 0.001 && value !== 0 ? 3 : 1);
    case 'seconds':
      return formatSeconds(value);
    case 'per_second':
      return `${formatValue(value, 'none')}/s`;
    case 'count':
      return value.toLocaleString('en-US');
    default:
      return String(Number(value.toPrecision(4)));
  }
}

const kindLabels: Record<AlertKind, string> = { burn_rate: 'SLO burn rate', budget_exhausted: 'SLO budget exhausted', no_data: 'SLO no data', rule: 'alert rule' };
export const alertKindLabel = (kind: AlertKind | undefined) => (kind ? kindLabels[kind] : 'alert');

/**
 * When the alert fires, in its unit: `> 14.4× over 1h and 5m`, `budget ≤ 0% of 30d`,
 * `no events for 30m`, `< 1d over 6h, for 10m`.
 */
export function formatCondition(condition: AlertCondition | null | undefined, unit: AlertValueUnit | undefined, kind: AlertKind | undefined): string {
  if (!condition) return '–';
  const windows = condition.windows.map(formatWindow);
  const held = condition.forSeconds > 0 ? `, for ${formatWindow(condition.forSeconds)}` : '';
  if (kind === 'no_data') return `no events for ${windows[0]}${held}`;
  if (kind === 'budget_exhausted') return `budget ${condition.op} ${formatAlertValue(condition.threshold, unit)} of ${windows[0]}${held}`;
  if (condition.op === 'absent') return `no data over ${windows.join(' and ')}${held}`;
  return `${condition.op} ${formatAlertValue(condition.threshold, unit)} over ${windows.join(' and ')}${held}`;
}

export interface AlertGroup {
  key: string;
  /** `checkout · availability` for an SLO, the service for rules */
  title: string;
  /** the SLO instance the group links to */
  sloId?: string;
  alerts: AlertInfo[];
}

/**
 * One group per SLO instance (its tiers and other alerts together), and per service for
 * alert rules; groups in the order of their most urgent alert, alerts sorted within.
 */
export function groupAlerts(alerts: readonly AlertInfo[]): AlertGroup[] {
  const groups = new Map<string, AlertGroup>();
  for (const alert of sortAlerts(alerts)) {
    const key = alert.sloId ? `slo:${alert.sloId}` : `rule:${alert.labels.service ?? ''}`;
    let group = groups.get(key);
    if (!group) {
      const title = alert.sloId ? [alert.labels.service, alert.labels.slo].filter(Boolean).join(' · ') || alert.sloId : `${alert.labels.service ?? 'no service'} · alert rules`;
      group = { key, title, ...(alert.sloId ? { sloId: alert.sloId } : {}), alerts: [] };
      groups.set(key, group);
    }
    group.alerts.push(alert);
  }
  return [...groups.values()];
}
