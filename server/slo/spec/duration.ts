/** Durations as Prometheus writes them: `300ms`, `30s`, `5m`, `1h30m`, `7d`, `2w`. */

const unitSeconds: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
const whole = /^(?:\d+(?:ms|s|m|h|d|w))+$/;
const part = /(\d+)(ms|s|m|h|d|w)/g;

/**
 * Seconds, or undefined when the text is not a duration. `0` alone is accepted (no unit needed).
 * @example parseDuration('1h30m') // 5400
 */
export function parseDuration(text: string): number | undefined {
  if (text === '0') return 0;
  if (!whole.test(text)) return undefined;
  let seconds = 0;
  for (const [, n, unit] of text.matchAll(part)) seconds += Number(n) * unitSeconds[unit!]!;
  // 0.001 steps add float noise (e.g. 0.30000000000000004); durations are whole milliseconds
  return Math.round(seconds * 1000) / 1000;
}

/**
 * The shortest spelling of a duration.
 * @example formatDuration(5400) // "1h30m"
 */
export function formatDuration(seconds: number): string {
  if (seconds === 0) return '0s';
  let ms = Math.round(seconds * 1000);
  let out = '';
  for (const [unit, size] of [['w', 604800000], ['d', 86400000], ['h', 3600000], ['m', 60000], ['s', 1000], ['ms', 1]] as const) {
    if (ms >= size) {
      out += `${Math.floor(ms / size)}${unit}`;
      ms %= size;
    }
  }
  return out;
}

export const durationHint = 'a duration such as 300ms, 30s, 5m, 1h or 7d';
