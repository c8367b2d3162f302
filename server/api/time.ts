import { z } from 'zod';
import { dateMath } from '../lib/grafana.js';
import type { RangeBound } from './limits.js';

/**
 * A time parameter: epoch milliseconds, RFC 3339, or Grafana date math (`now-1h`, `now/d`).
 * `roundUp` makes `now/d` mean the end of the day, as in Grafana's `to` field.
 * @example parseTime('now-15m', false) // epoch ms fifteen minutes ago
 */
export function parseTime(text: string, roundUp: boolean): number | undefined {
  if (/^\d{10,16}$/.test(text)) return Number(text);
  if (!text.startsWith('now') && !/^\d{4}-\d{2}-\d{2}/.test(text)) return undefined;
  const parsed = dateMath.toDateTime(text, { roundUp });
  const ms = parsed?.isValid() ? parsed.valueOf() : NaN;
  return Number.isFinite(ms) ? ms : undefined;
}

/**
 * A `from` or `to` parameter with its default, parsed to epoch ms; a 400 names what it got.
 * @example z.object({ from: timeParam('now-30d', false), to: timeParam('now', true) })
 */
export const timeParam = (fallback: string, roundUp: boolean) =>
  z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      const ms = parseTime(text, roundUp);
      if (ms === undefined) {
        ctx.addIssue({ code: 'custom', message: `expected epoch milliseconds, RFC 3339 or an expression like now-1h, got "${text}"` });
        return z.NEVER;
      }
      return ms;
    });

/** `from`/`to` query parameters, defaulting to the last hour; `from` must be before `to`. */
export const timeRangeQuery = z.object({ from: timeParam('now-1h', false), to: timeParam('now', true) });

const DAY_MS = 86_400_000;

/**
 * Adds the from < to check and the range cap: a range longer than `bound.maxDays` is a 400
 * naming from, to, the cap and the setting that raises it.
 * @example checkRange(timeRangeQuery.strict(), limits.searchRange)
 */
export const checkRange = <T extends { from: number; to: number }>(schema: z.ZodType<T>, bound: RangeBound) =>
  schema
    .refine((q) => q.from < q.to, { message: '"from" must be before "to"', path: ['from'] })
    .superRefine((q, ctx) => {
      if (q.to - q.from <= bound.maxDays * DAY_MS) return;
      const days = Math.round(((q.to - q.from) / DAY_MS) * 100) / 100;
      ctx.addIssue({
        code: 'custom',
        path: ['from'],
        message: `from ${new Date(q.from).toISOString()} to ${new Date(q.to).toISOString()} is ${days} days, more than the ${bound.maxDays} days ${bound.what} may span (${bound.setting}); narrow from/to`,
      });
    });

/** A step of about `points` buckets over the range, in whole seconds (≥ 1). */
export function autoStepSeconds(fromMs: number, toMs: number, points = 120): number {
  const nice = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];
  const raw = (toMs - fromMs) / 1000 / points;
  return nice.find((s) => s >= raw) ?? Math.ceil(raw / 86400) * 86400;
}
