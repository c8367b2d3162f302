import { z } from 'zod';

const UNITS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/**
 * A duration: `24h`, `90m`, `2d`, `30s`, `500ms`, or plain milliseconds.
 * @example duration.parse('24h') // → 86400000
 */
export const duration = z.union([z.number(), z.string()]).transform((v, ctx) => {
  if (typeof v === 'number') return v;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(v);
  if (!m) {
    ctx.addIssue({ code: 'custom', message: `expected a duration such as 24h, 90m or 2d, got "${v}"` });
    return z.NEVER;
  }
  return Math.round(Number(m[1]) * UNITS[(m[2] ?? 'ms') as keyof typeof UNITS]);
}).pipe(z.number().int().min(0));

const DAYS_PER = { day: 1, week: 7, month: 30 } as const;

/** Deployments per day from `1/day`, `5/week`, `2/month` or a plain number (per day). */
const perDay = z.union([z.number(), z.string()]).transform((v, ctx) => {
  if (typeof v === 'number') return v;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(?:\/\s*(day|week|month))?\s*$/.exec(v);
  if (!m) {
    ctx.addIssue({ code: 'custom', message: `expected a deployment frequency such as 1/day, 5/week or 2/month, got "${v}"` });
    return z.NEVER;
  }
  return Number(m[1]) / DAYS_PER[(m[2] ?? 'day') as keyof typeof DAYS_PER];
}).pipe(z.number().positive());

/** A rate from `15%` or `0.15`. */
const fraction = z.union([z.number(), z.string()]).transform((v, ctx) => {
  if (typeof v === 'number') return v;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(%)?\s*$/.exec(v);
  if (!m) {
    ctx.addIssue({ code: 'custom', message: `expected a rate such as 15% or 0.15, got "${v}"` });
    return z.NEVER;
  }
  return Number(m[1]) / (m[2] ? 100 : 1);
}).pipe(z.number().min(0).max(1));

const targetFields = z
  .object({
    /** at least this many successful production deployments a day */
    deploymentFrequency: perDay,
    /** median lead time at most this long */
    leadTime: duration,
    /** change failure rate at most this */
    changeFailureRate: fraction,
    /** median failed deployment recovery time at most this long */
    recovery: duration,
    /** rework rate at most this */
    reworkRate: fraction,
  })
  .partial()
  .strict();

/**
 * The organisation's own targets, shown beside DORA's published clusters: an object, or
 * `key=value` pairs separated by commas.
 * @example doraTargets.parse('leadTime=2d,changeFailureRate=15%') // → { leadTime: 172800000, changeFailureRate: 0.15 }
 */
export const doraTargets = z
  .union([z.string(), z.record(z.string(), z.unknown())])
  .transform((v, ctx) => {
    if (typeof v !== 'string') return v;
    const pairs: Array<[string, string]> = [];
    for (const pair of v.split(',').map((p) => p.trim()).filter(Boolean)) {
      const at = pair.indexOf('=');
      if (at <= 0) {
        ctx.addIssue({ code: 'custom', message: `expected metric=target pairs separated by commas, got "${pair}"` });
        return z.NEVER;
      }
      pairs.push([pair.slice(0, at).trim(), pair.slice(at + 1).trim()]);
    }
    // own properties only: a "__proto__" key is a key the schema refuses, not a prototype
    return Object.fromEntries(pairs);
  })
  .pipe(targetFields);

export type DoraTargets = z.infer<typeof doraTargets>;

/** DORA metric settings (docs/dora.md). */
export const doraConfigSchema = z
  .object({
    /** how long before an incident opens a deployment of its service may be its heuristic cause */
    incidentLinkWindowMs: duration.default(86_400_000),
    /** how often the worker brings the DORA facts up to the stored events (reads also do, when behind) */
    factsIntervalMs: duration.pipe(z.number().min(1000)).default(30_000),
    /** the organisation's own targets per metric; none by default */
    targets: doraTargets.default({}),
  })
  .strict();

export type DoraConfig = z.infer<typeof doraConfigSchema>;

export const defaultDoraConfig = (): DoraConfig => doraConfigSchema.parse({});
