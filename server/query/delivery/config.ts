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

/** DORA metric settings (docs/dora.md). */
export const doraConfigSchema = z
  .object({
    /** how long before an incident opens a deployment of its service may be its heuristic cause */
    incidentLinkWindowMs: duration.default(86_400_000),
    /** how often the worker brings the DORA facts up to the stored events (reads also do, when behind) */
    factsIntervalMs: duration.pipe(z.number().min(1000)).default(30_000),
  })
  .strict();

export type DoraConfig = z.infer<typeof doraConfigSchema>;

export const defaultDoraConfig = (): DoraConfig => doraConfigSchema.parse({});
