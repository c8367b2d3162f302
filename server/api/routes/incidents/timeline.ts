/** An incident's merged timeline and the window it spans (docs/incidents.md, "Incident page"). Pure. */
import type { IncidentSummary, IncidentTimelineEntry, IncidentTransition } from '../../../../shared/api.js';
import { deployLabel, type DeployMarkerRow } from '../../../query/delivery/markers.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/** Before the opening: an hour, or from 15 minutes before the cause or the first signal when earlier. */
export const WINDOW_BEFORE_MS = HOUR_MS;
/** After the end (the resolution, else the last transition or now): half an hour, but not past now. */
export const WINDOW_AFTER_MS = 30 * MINUTE_MS;
export const WINDOW_MARGIN_MS = 15 * MINUTE_MS;

/**
 * The window of an incident's page, never longer than `maxMs` (the telemetry search cap: the
 * error-rate series reads spans) and never reaching further back than `lookbackMs` (the link
 * window) before the cause or the signal.
 */
export function incidentWindow(input: {
  openedMs: number;
  resolvedMs: number | null;
  lastTransitionMs: number;
  nowMs: number;
  causeFinishedMs: number | null;
  signalMs: number | null;
  lookbackMs: number;
  maxMs: number;
}): { from: number; to: number } {
  const earliest = Math.min(...[input.causeFinishedMs, input.signalMs].filter((t): t is number => t !== null).map((t) => t - WINDOW_MARGIN_MS), input.openedMs - WINDOW_BEFORE_MS);
  const from = Math.max(earliest, input.openedMs - Math.max(input.lookbackMs, WINDOW_BEFORE_MS) - WINDOW_MARGIN_MS);
  const end = input.resolvedMs ?? Math.max(input.lastTransitionMs, Math.min(input.nowMs, input.openedMs + 24 * HOUR_MS));
  // never past now: the series would draw empty future buckets as zero errors
  const to = Math.min(end + WINDOW_AFTER_MS, from + input.maxMs, input.nowMs);
  return { from, to: Math.max(to, input.openedMs + 1) };
}

export interface AlertTransitionIn {
  sloId: string;
  name: string;
  severity: string;
  service: string;
  fromState: string;
  toState: string;
  atMs: number;
}

/**
 * One list, in time order: the incident's own transitions, the deploys of its service and of
 * the services it calls (its cause flagged), and the SLO alert transitions of those services.
 * Entries at the same millisecond keep that order (the sort is stable).
 */
export function mergeTimeline(input: {
  incident: IncidentSummary;
  transitions: IncidentTransition[];
  deploys: DeployMarkerRow[];
  alerts: AlertTransitionIn[];
}): IncidentTimelineEntry[] {
  const { incident } = input;
  const relation = (service: string) => (service === incident.service ? 'service' : 'downstream');
  const entries: IncidentTimelineEntry[] = [
    ...input.transitions.map(
      (t): IncidentTimelineEntry => ({
        kind: 'incident',
        id: incident.id,
        time: t.at,
        service: incident.service,
        label: `incident ${t.status}${incident.severity ? ` ${incident.severity}` : ''}: ${incident.title || incident.id}`,
        detail: { status: t.status, ...(incident.severity ? { severity: incident.severity } : {}) },
        relation: 'incident',
      }),
    ),
    ...input.deploys.map(
      (d): IncidentTimelineEntry => ({
        kind: 'deploy',
        id: d.id,
        time: new Date(Number(d.atMs)).toISOString(),
        service: d.service,
        label: `${d.service} ${deployLabel(d)}`,
        ...(d.url ? { url: d.url } : {}),
        detail: { environment: d.environment, status: d.status, kind: d.kind, commit: d.commit },
        relation: relation(d.service),
        ...(incident.cause?.deploymentId === d.id ? { cause: true } : {}),
      }),
    ),
    ...input.alerts.map(
      (a): IncidentTimelineEntry => ({
        kind: 'alert',
        id: a.sloId,
        time: new Date(a.atMs).toISOString(),
        service: a.service,
        label: `${a.name} ${a.toState}`,
        detail: { severity: a.severity, slo: a.sloId, from: a.fromState, to: a.toState },
        relation: relation(a.service),
      }),
    ),
  ];
  return entries.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
}
