import type { DiskForecast, SaturationMark } from '../../../../shared/api.js';
import { SATURATION, type SustainedRow } from '../../../query/hosts/saturation.js';

const percent = (share: number) => `${Math.round(share * 100)} %`;

function hours(seconds: number): string {
  return seconds < 3600 ? `${Math.max(1, Math.round(seconds / 60))} min` : `${Math.round(seconds / 3600)} h`;
}

/**
 * A host's saturation marks from its sustained CPU and memory use and its filesystems'
 * forecasts (thresholds: SATURATION, docs/infrastructure.md "Saturation"); the disk mark names
 * the filesystem that fills first, or the fullest.
 * @example saturationMarks([{ host: 'a', resource: 'cpu', low: 0.95, minutes: 5 }], []) // [{ resource: 'cpu', label: 'CPU ≥ 90 % for 5 min' }]
 */
export function saturationMarks(sustained: SustainedRow[], filesystems: DiskForecast[]): SaturationMark[] {
  const marks: SaturationMark[] = [];
  const minutes = SATURATION.sustainedMs / 60_000;
  for (const resource of ['cpu', 'memory'] as const) {
    const row = sustained.find((r) => r.resource === resource);
    if (row && Number(row.minutes) > 0 && Number(row.low) >= SATURATION.utilization) {
      marks.push({ resource, label: `${resource === 'cpu' ? 'CPU' : 'memory'} ≥ ${percent(SATURATION.utilization)} for ${minutes} min` });
    }
  }
  const filling = filesystems.filter((f) => f.secondsToFull !== null && f.secondsToFull <= SATURATION.diskFullWithinSeconds).sort((a, b) => a.secondsToFull! - b.secondsToFull!);
  const full = filesystems.filter((f) => f.utilization !== null && f.utilization >= SATURATION.diskUtilization).sort((a, b) => b.utilization! - a.utilization!);
  if (filling[0]) marks.push({ resource: 'disk', label: `disk ${filling[0].mountpoint} full in ${hours(filling[0].secondsToFull!)}` });
  else if (full[0]) marks.push({ resource: 'disk', label: `disk ${full[0].mountpoint} ${percent(full[0].utilization!)} used` });
  return marks;
}
