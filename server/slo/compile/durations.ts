/**
 * Durations the way Prometheus prints them (`model.Duration.String()`), which is also how
 * Sloth names its windows: years and weeks only when exact, then days, hours, minutes,
 * seconds. So 30 days is `30d`, 28 days `4w`, 7 days `1w`, 90 minutes `1h30m`.
 * Matching this keeps `slo:sli_error:ratio_rate4w` the name Sloth gives a 28-day period.
 *
 * @example promDuration(86400 * 28) // '4w'
 */
export function promDuration(seconds: number): string {
  let ms = Math.round(seconds * 1000);
  if (ms <= 0) return '0s';
  let out = '';
  const take = (unit: string, size: number, exactOnly: boolean) => {
    if (exactOnly && ms % size !== 0) return;
    const n = Math.floor(ms / size);
    if (n > 0) {
      out += `${n}${unit}`;
      ms -= n * size;
    }
  };
  take('y', 365 * 86_400_000, true);
  take('w', 7 * 86_400_000, true);
  take('d', 86_400_000, false);
  take('h', 3_600_000, false);
  take('m', 60_000, false);
  take('s', 1000, false);
  take('ms', 1, false);
  return out;
}
