import { z } from 'zod';
import { durationHint, parseDuration } from './duration.js';
import { describe } from './issues.js';

/** Building blocks the format schemas share. Messages name what was expected and what came. */

/** A label or annotation value: YAML may read `tier: 2` as a number; Prometheus wants text. */
export const scalarText = z
  .union([z.string(), z.number(), z.boolean()], { error: (iss) => `expected a string, got ${describe(iss.input)}` })
  .transform(String);

export const stringMap = z.record(z.string(), scalarText);

/** A required duration (`5m`, `1h30m`, `300ms`, or `0`), in seconds. Add `.optional()` when it may be left out. */
export const duration = z.unknown().transform((value, ctx): number => {
  if (value === 0) return 0;
  if (typeof value === 'string') {
    const seconds = parseDuration(value.trim());
    if (seconds !== undefined) return seconds;
  }
  ctx.addIssue({ code: 'custom', message: value === undefined ? 'is required' : `expected ${durationHint}, got ${describe(value)}` });
  return z.NEVER;
});

/** A string enum that forgives case: `Server` and `server` both read as `server`. */
export function looseEnum<const T extends readonly [string, ...string[]]>(values: T) {
  return z.preprocess((v) => (typeof v === 'string' ? v.toLowerCase() : v), z.enum(values));
}

/**
 * One value or a non-empty list of them, always read as a list. (A single value is wrapped
 * before parsing rather than offered as a union branch, so its errors stay specific.)
 */
export function oneOrMany<S extends z.ZodType>(item: S) {
  return z.preprocess((v) => (Array.isArray(v) || v === undefined ? v : [v]), z.array(item).min(1));
}

/**
 * An objective written as a percentage (`99.9`), read as a ratio (0.999). Values up to 1 are
 * refused with a hint: `0.999` is almost surely a ratio meant as 99.9%.
 */
export const percent = z.number().transform((value, ctx): number => {
  if (!(value > 0 && value < 100)) {
    ctx.addIssue({ code: 'custom', message: `must be a percentage above 0 and below 100, got ${value}` });
    return z.NEVER;
  }
  if (value <= 1) {
    const meant = Math.round(value * 1e8) / 1e6;
    ctx.addIssue({ code: 'custom', message: value < 1 ? `is a percentage: write ${meant} for ${meant}%, got ${value}` : `is a percentage, e.g. 99.9, got ${value}` });
    return z.NEVER;
  }
  return percentToRatio(value);
});

/** 99.9 → 0.999 without float noise (99.9 / 100 is 0.9990000000000001). */
export function percentToRatio(value: number): number {
  return Math.round(value * 1e10) / 1e12;
}

/** A ratio, rounded to 12 digits so sums like 1 − 0.999 stay readable in snapshots. */
export function roundRatio(value: number): number {
  return Math.round(value * 1e12) / 1e12;
}

/** An IANA timezone the runtime knows. */
export const timezone = z.string().refine(isTimezone, { error: (iss) => `unknown timezone ${describe(iss.input)} (expected an IANA name such as Europe/Paris or UTC)` });

export function isTimezone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** Lowercase letters, digits and single dashes: ids, tier names. */
export const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * Text → an id: lowercase, runs of anything else become one dash.
 * @example slugify('My Service/Checkout API') // "my-service-checkout-api"
 */
export function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * A name for alerts: words capitalised and joined.
 * @example pascalCase('checkout-availability') // "CheckoutAvailability"
 */
export function pascalCase(text: string): string {
  return slugify(text)
    .split('-')
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}
