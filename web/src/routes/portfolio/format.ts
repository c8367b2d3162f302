import type { DataFrameJSON, DoraLevel, DoraSeriesPoint } from '$shared/api';

/**
 * Minutes as a lead or recovery time reads: "45 min", "3 h 5 min", "2 d 4 h"; "–" when absent.
 * @example formatDuration(185) // "3 h 5 min"
 */
export function formatDuration(minutes: number | null | undefined): string {
  if (minutes === null || minutes === undefined || !Number.isFinite(minutes)) return '–';
  const sign = minutes < 0 ? '−' : '';
  const m = Math.round(Math.abs(minutes));
  if (m < 60) return `${sign}${m} min`;
  if (m < 24 * 60) return `${sign}${Math.floor(m / 60)} h${m % 60 ? ` ${m % 60} min` : ''}`;
  const h = Math.round(m / 60);
  return `${sign}${Math.floor(h / 24)} d${h % 24 ? ` ${h % 24} h` : ''}`;
}

/** @example formatRate(1 / 3) // "33.3 %" */
export const formatRate = (v: number | null | undefined) => (v === null || v === undefined ? '–' : `${Math.round(v * 1000) / 10} %`);

/** Deployments per day, or per week when fewer than one a day: "2.4 / day", "3 / week". */
export function formatFrequency(perDay: number | null | undefined): string {
  if (perDay === null || perDay === undefined) return '–';
  const round = (v: number) => (v >= 10 ? Math.round(v) : Math.round(v * 10) / 10);
  return perDay >= 1 ? `${round(perDay)} / day` : `${round(perDay * 7)} / week`;
}

export const formatTime = (ms: number | null | undefined) => (ms === null || ms === undefined ? '–' : new Date(ms).toISOString().slice(0, 16).replace('T', ' '));

export const levelLabel = (level: DoraLevel | null | undefined) => (level ? level[0]!.toUpperCase() + level.slice(1) : '–');

/** The definitions the tiles show on hover, in docs/dora.md's words. */
export const definitions = {
  deploymentFrequency:
    'Deployment frequency: successful deployments to production finished in the range, per day (per week below one a day); a failed or cancelled deployment never changed production.',
  leadTime:
    "Lead time for changes (median): each commit's time → the finish of the first successful production deployment of its service that contains it (its commit list, else the commits since the previous deployment; a squash merge stands for its pull request's commits). Commits never deployed do not count; negative spans are dropped and counted.",
  changeFailureRate:
    'Change failure rate: production deployments that caused at least one incident (linked explicitly or by time) or were rolled back ÷ production deployments. Each deployment counts once, so it never exceeds 100 %.',
  recovery:
    "Failed deployment recovery time (median): the causing deployment's finish → the incident's resolution, for incidents linked to the range's deployments. Unresolved incidents are counted, not sampled.",
  rework:
    'Rework rate: unplanned deployments (hotfix, rollback, fix-forward, or the deployment that resolved an incident) ÷ production deployments. No DORA report publishes clusters for it.',
} as const;

/** The series as a data frame for Chart.svelte: one number field per metric, null where a bucket has none. */
export function seriesFrame(series: DoraSeriesPoint[], field: Exclude<keyof DoraSeriesPoint, 'time'>): DataFrameJSON {
  return {
    schema: { fields: [{ name: 'time', type: 'time' }, { name: field, type: 'number' }] },
    data: { values: [series.map((p) => p.time), series.map((p) => p[field])] },
  };
}
