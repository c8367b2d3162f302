/** Incident rows → API shapes, and the MTTx figures (docs/incidents.md). Pure. */
import type { IncidentMedians, IncidentSignal, IncidentSummary } from '../../../../shared/api.js';
import type { IncidentRowOut } from '../../../query/incidents/incidents-query.js';

const MINUTE_MS = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();
const num = (v: number | string | null | undefined) => (v === null || v === undefined ? null : Number(v));

/** Minutes from `from` to `to`, to two decimals; null when either is missing. */
export const minutesBetween = (from: number | null, to: number | null) => (from === null || to === null ? null : Math.round(((to - from) / MINUTE_MS) * 100) / 100);

/** A firing SLO alert, as read from alert_transitions. */
export interface FiredAlert {
  sloId: string;
  name: string;
  severity: string;
  service: string;
  atMs: number;
}

/**
 * The first signal of an incident: the earliest alert of its service that started firing in
 * [opened − lookback, opened]. Alerts are sorted by time.
 * @example firstSignal(alerts, 'checkout', opened, 86_400_000)
 */
export function firstSignal(alerts: FiredAlert[], service: string, openedMs: number, lookbackMs: number): FiredAlert | undefined {
  return alerts.find((a) => a.service === service && a.atMs >= openedMs - lookbackMs && a.atMs <= openedMs);
}

export const signalOf = (a: FiredAlert): IncidentSignal => ({ sloId: a.sloId, name: a.name, severity: a.severity, at: iso(a.atMs) });

export function incidentSummary(row: IncidentRowOut, signal: FiredAlert | undefined): IncidentSummary {
  const opened = Number(row.openedMs);
  const acknowledged = num(row.acknowledgedMs);
  const resolved = num(row.resolvedMs);
  const method = row.causeMethod;
  return {
    id: row.id,
    provider: row.provider,
    service: row.service,
    title: row.title,
    severity: row.severity,
    status: row.status,
    openedAt: iso(opened),
    acknowledgedAt: acknowledged === null ? null : iso(acknowledged),
    resolvedAt: resolved === null ? null : iso(resolved),
    url: row.url || null,
    cause: row.causeDeploymentId && method ? { deploymentId: row.causeDeploymentId, method, finishedAt: iso(Number(row.causeFinishedMs)) } : null,
    mttaMinutes: minutesBetween(opened, acknowledged),
    mttrMinutes: minutesBetween(opened, resolved),
    mttdMinutes: signal ? minutesBetween(signal.atMs, opened) : null,
  };
}

/**
 * The median of the values present (the mean of the middle two for an even count).
 * @example median([3, null, 1, 10]) // { median: 3, samples: 3 }
 */
export function median(values: Array<number | null>): IncidentMedians {
  const xs = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  if (xs.length === 0) return { median: null, samples: 0 };
  const mid = Math.floor(xs.length / 2);
  const m = xs.length % 2 === 1 ? xs[mid]! : (xs[mid - 1]! + xs[mid]!) / 2;
  return { median: Math.round(m * 100) / 100, samples: xs.length };
}
