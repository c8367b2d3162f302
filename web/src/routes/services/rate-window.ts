import type { ServiceSummary, TimeRange } from '$shared/api';
import { formatValue } from '../../lib/format/units';

/**
 * What the rate column adds when a service's rate is over less than the range: it started
 * sending inside it (or the range reaches past now), so its rate is over `rateSeconds`
 * (docs/services.md). Null when the window is (nearly) the whole range.
 * @example rateWindowNote({ rateSeconds: 300, … }, { from: 0, to: 3_600_000 }) // 'over 5 mins'
 */
export function rateWindowNote(service: Pick<ServiceSummary, 'rateSeconds'>, range: TimeRange): string | null {
  const rangeSeconds = (range.to - range.from) / 1000;
  return service.rateSeconds < rangeSeconds * 0.95 ? `over ${formatValue(service.rateSeconds, 's')}` : null;
}
