import type { IncidentCause, IncidentStatus } from '$shared/api';
import type { Tone } from '../../lib/format/slo';

const tones: Record<IncidentStatus, Tone> = { open: 'bad', acknowledged: 'warn', resolved: 'ok' };
export const incidentTone = (status: IncidentStatus): Tone => tones[status] ?? 'none';

/**
 * Minutes as people say them: "42 s", "6 min", "3 h 5 min", "2 d 4 h"; "–" when absent.
 * @example formatMinutes(185) // "3 h 5 min"
 */
export function formatMinutes(minutes: number | null | undefined): string {
  if (minutes === null || minutes === undefined || !Number.isFinite(minutes)) return '–';
  if (minutes < 1) return `${Math.round(minutes * 60)} s`;
  if (minutes < 60) return `${Math.round(minutes * 10) / 10} min`;
  const m = Math.round(minutes);
  if (m < 24 * 60) return `${Math.floor(m / 60)} h${m % 60 ? ` ${m % 60} min` : ''}`;
  const h = Math.round(m / 60);
  return `${Math.floor(h / 24)} d${h % 24 ? ` ${h % 24} h` : ''}`;
}

/** What the cause column and the incident header say about how the cause was found. */
export const causeMethodText: Record<IncidentCause['method'], string> = {
  explicit: 'named by the incident (its deployment or root-cause commit)',
  heuristic: "the service's latest production deployment within the link window before it opened",
};

/** The definitions the tiles show on hover (docs/incidents.md). */
export const figureHelp = {
  mtta: 'Mean time to acknowledge, as a median: opened → first acknowledgement, over the listed incidents acknowledged.',
  mttr: 'Mean time to resolve, as a median: opened → resolved (the last resolution, unless reopened since), over the listed incidents resolved.',
  mttd: "Mean time to detect, as a median: the service's earliest SLO alert that fired within the link window before the incident opened → opened, over the listed incidents with such an alert.",
};
