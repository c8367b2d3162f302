import { z } from 'zod';
import type { RangeBound } from '../limits.js';
import { autoStepSeconds, checkRange } from '../time.js';

/** Most buckets one series may have; a finer step over a longer range is refused. */
export const MAX_POINTS = 11_000;

/**
 * An integer query parameter in [min, max].
 * @example z.object({ limit: intParam(1, 1000).default(20) })
 */
export const intParam = (min: number, max: number) =>
  z.string().transform((text, ctx) => {
    const n = /^-?\d+$/.test(text) ? Number(text) : NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      ctx.addIssue({ code: 'custom', message: `expected an integer from ${min} to ${max}, got "${text}"` });
      return z.NEVER;
    }
    return n;
  });

/** A non-negative decimal number, e.g. a duration in milliseconds (`12.5`). */
export const nonNegativeParam = z.string().transform((text, ctx) => {
  const n = /^\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
  if (!Number.isFinite(n)) {
    ctx.addIssue({ code: 'custom', message: `expected a non-negative number, got "${text}"` });
    return z.NEVER;
  }
  return n;
});

const unitSeconds: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** A bucket width: whole seconds (`30`) or with a unit (`30s`, `5m`, `1h`, `1d`); at least one second. */
export const stepParam = z.string().transform((text, ctx) => {
  const m = /^(\d+)([smhd]?)$/.exec(text);
  const seconds = m ? Number(m[1]) * unitSeconds[m[2] || 's']! : NaN;
  if (!Number.isSafeInteger(seconds) || seconds < 1) {
    ctx.addIssue({ code: 'custom', message: `expected a whole number of seconds ≥ 1, optionally with a unit (30s, 5m, 1h, 1d), got "${text}"` });
    return z.NEVER;
  }
  return seconds;
});

/** Lowercase hex id of `bytes` bytes (trace ids 16, span ids 8); uppercase is accepted. */
export const hexIdParam = (bytes: number) =>
  z
    .string()
    .regex(new RegExp(`^[0-9a-fA-F]{${bytes * 2}}$`), { message: `expected ${bytes * 2} hex characters` })
    .transform((s) => s.toLowerCase());

/** Number of `stepSeconds` buckets, aligned to the epoch, that [fromMs, toMs) touches. */
export function bucketCount(fromMs: number, toMs: number, stepSeconds: number): number {
  const stepMs = stepSeconds * 1000;
  return Math.floor((toMs - 1) / stepMs) - Math.floor(fromMs / stepMs) + 1;
}

/**
 * Adds the from < to check and the range cap (`checkRange`), and resolves `step`: the given one, else `autoStepSeconds`;
 * more than MAX_POINTS buckets is a 400 on `step`.
 */
export function withStep<T extends { from: number; to: number; step?: number | undefined }>(schema: z.ZodType<T>, range: RangeBound) {
  return checkRange(schema, range).transform((q, ctx) => {
    const step = q.step ?? autoStepSeconds(q.from, q.to);
    const points = bucketCount(q.from, q.to, step);
    if (points > MAX_POINTS) {
      ctx.addIssue({
        code: 'custom',
        path: ['step'],
        message: `${step}s over this range makes ${points} points, more than ${MAX_POINTS}; use a step of at least ${Math.ceil((q.to - q.from) / 1000 / MAX_POINTS)}s`,
      });
      return z.NEVER;
    }
    return { ...q, step };
  });
}
