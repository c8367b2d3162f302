import { z } from 'zod';
import { didYouMean } from '../did-you-mean.js';
import { durationHint, parseDuration } from '../duration.js';
import { describe } from '../issues.js';
import { duration, looseEnum, percent, slugPattern, stringMap, timezone } from '../schema-kit.js';
import { eventFilter, logFilter, matcherMap, metricSelector, spanFilter } from './filters.js';

/** The octolens/v1 format: kinds SLO and AlertRule. Documented field by field in slo-specs/README.md. */

const id = z.string().regex(slugPattern, { error: (iss) => `must be lowercase letters, digits and single dashes, got ${describe(iss.input)}` });

/** Exactly one of `keys` must be set on the object. */
function exactlyOne(keys: readonly string[], what: string) {
  return (value: Record<string, unknown>, ctx: z.core.$RefinementCtx) => {
    const given = keys.filter((k) => value[k] !== undefined);
    if (given.length === 0) ctx.addIssue({ code: 'custom', message: `needs one ${what}: ${keys.join(', ')}` });
    else if (given.length > 1) ctx.addIssue({ code: 'custom', path: [given[1]!], message: `give one ${what}, got both "${given[0]}" and "${given[1]}"` });
  };
}

/** `{total, good}` or `{total, bad}`: good and bad narrow total. */
function ratio<T extends z.ZodType, N extends z.ZodType>(total: T, narrow: N) {
  return z.strictObject({ total, good: narrow.optional(), bad: narrow.optional() }).superRefine(exactlyOne(['good', 'bad'], 'of good or bad next to total'));
}

const window = '{{.window}}';
const promqlQuery = z
  .string()
  .min(1)
  .refine((q) => q.includes(window), { error: `must use ${window} for the range, e.g. rate(http_requests_total[${window}])` })
  .transform((q) => q.trim());

const promql = z
  .strictObject({ errorQuery: promqlQuery.optional(), totalQuery: promqlQuery.optional(), errorRatioQuery: promqlQuery.optional() })
  .superRefine((q, ctx) => {
    if (q.errorRatioQuery !== undefined && (q.errorQuery !== undefined || q.totalQuery !== undefined)) {
      ctx.addIssue({ code: 'custom', path: ['errorRatioQuery'], message: 'give errorQuery and totalQuery, or errorRatioQuery alone' });
    } else if (q.errorRatioQuery === undefined) {
      if (q.errorQuery === undefined) ctx.addIssue({ code: 'custom', path: ['errorQuery'], message: 'is required with totalQuery (or give errorRatioQuery alone)' });
      if (q.totalQuery === undefined) ctx.addIssue({ code: 'custom', path: ['totalQuery'], message: 'is required with errorQuery (or give errorRatioQuery alone)' });
    }
  });

export const sliKinds = ['spans', 'latency', 'metrics', 'histogram', 'logs', 'events', 'promql'] as const;

const sli = z
  .strictObject(
    {
      spans: ratio(spanFilter, spanFilter).optional(),
      latency: z.strictObject({ spans: spanFilter, threshold: duration }).optional(),
      metrics: ratio(metricSelector, metricSelector).optional(),
      histogram: z.strictObject({ metric: metricSelector, matchers: matcherMap.optional(), threshold: z.number().positive() }).optional(),
      logs: ratio(logFilter, logFilter).optional(),
      events: ratio(eventFilter.required({ name: true }), eventFilter).optional(),
      promql: promql.optional(),
    },
    { error: (iss) => (iss.code === 'invalid_type' && iss.input === undefined ? `is required: one of ${sliKinds.join(', ')}` : undefined) },
  )
  .superRefine(exactlyOne(sliKinds, 'SLI kind'));

const periodText = z.string().transform((text, ctx): { rolling: number } => {
  const seconds = parseDuration(text.trim());
  if (seconds === undefined) {
    ctx.addIssue({ code: 'custom', message: `expected ${durationHint} (e.g. 30d), or {calendar: month}, got ${describe(text)}` });
    return z.NEVER;
  }
  return { rolling: seconds };
});

const period = z
  .union(
    [
      periodText,
      z.strictObject({ rolling: duration.optional(), calendar: looseEnum(['week', 'month']).optional(), timezone: timezone.optional() }).superRefine((p, ctx) => {
        exactlyOne(['rolling', 'calendar'], 'of rolling or calendar')(p, ctx);
        if (p.rolling !== undefined && p.timezone !== undefined) ctx.addIssue({ code: 'custom', path: ['timezone'], message: 'only applies to calendar periods' });
      }),
    ],
    { error: (iss) => `expected a duration such as 30d, or {calendar: month, timezone: Europe/Paris}, got ${describe(iss.input)}` },
  )
  .superRefine((p, ctx) => {
    if (p.rolling !== undefined && (p.rolling < 3600 || p.rolling > 366 * 86400)) {
      ctx.addIssue({ code: 'custom', message: `a rolling period must be between 1h and 366d, got ${describe(p.rolling)} seconds` });
    }
  });

const budgeting = z.union(
  [
    z.string().transform((text, ctx): 'occurrences' => {
      if (text.toLowerCase() === 'occurrences') return 'occurrences';
      const hint = text.toLowerCase() === 'timeslices' ? ': timeslices need a slice and an objective, {timeslices: {slice: 1m, objective: 95}}' : didYouMean(text, ['occurrences']);
      ctx.addIssue({ code: 'custom', message: `expected "occurrences" or {timeslices: {slice, objective}}, got ${describe(text)}${hint}` });
      return z.NEVER;
    }),
    z.strictObject({
      timeslices: z.strictObject({
        slice: duration.refine((s) => s >= 60 && s % 60 === 0, { error: (iss) => `must be whole minutes (the hub counts per minute), got ${describe(iss.input)} seconds` }),
        objective: percent,
      }),
    }),
  ],
  { error: (iss) => `expected "occurrences" or {timeslices: {slice: 1m, objective: 95}}, got ${describe(iss.input)}` },
);

const severity = looseEnum(['page', 'ticket']);
const burnShare = z.number().gt(0).max(100);

const tierFields = {
  severity: severity.optional(),
  longWindow: duration.optional(),
  shortWindow: duration.optional(),
  /** the threshold as a factor of the budget's even spend */
  burnRate: z.number().positive().optional(),
  /** or as the share of the period's budget the long window may burn; scales with the period */
  budgetPercent: burnShare.optional(),
  for: duration.optional(),
  enabled: z.boolean().optional(),
  labels: stringMap.optional(),
  annotations: stringMap.optional(),
};

const oneThreshold = (t: { burnRate?: number; budgetPercent?: number }, ctx: z.core.$RefinementCtx) => {
  if (t.burnRate !== undefined && t.budgetPercent !== undefined) ctx.addIssue({ code: 'custom', path: ['budgetPercent'], message: 'give burnRate or budgetPercent, not both' });
};

/** `tiers: {page-fast: {enabled: false}}` adjusts the default tiers by name. */
export const tierOverride = z.strictObject(tierFields).superRefine(oneThreshold);

/** `tiers: [{name, severity, longWindow, burnRate | budgetPercent}]` replaces them. */
export const tierDefinition = z
  .strictObject({ ...tierFields, name: id, severity, longWindow: duration })
  .superRefine((t, ctx) => {
    oneThreshold(t, ctx);
    if (t.burnRate === undefined && t.budgetPercent === undefined) ctx.addIssue({ code: 'custom', message: 'needs burnRate or budgetPercent' });
  });

const noData = z.union([z.literal(false), duration], { error: (iss) => `expected ${durationHint}, or false, got ${describe(iss.input)}` });

const alerting = z.strictObject({
  name: z.string().min(1).optional(),
  labels: stringMap.optional(),
  annotations: stringMap.optional(),
  tiers: z.union([z.array(tierDefinition), z.record(z.string(), tierOverride)], {
    error: (iss) => `expected tier settings by name ({page-fast: {enabled: false}}) or a list of tiers, got ${describe(iss.input)}`,
  }).optional(),
  minEvents: z.number().int().min(0).optional(),
  noData: noData.optional(),
  budgetExhausted: z.boolean().optional(),
});

const header = {
  apiVersion: z.literal('octolens/v1'),
  id: id.optional(),
  name: z.string().min(1),
  service: z.string().min(1),
  description: z.string().optional(),
  labels: stringMap.optional(),
};

export const nativeSlo = z.strictObject({
  ...header,
  kind: z.literal('SLO'),
  objective: percent,
  period: period.optional(),
  budgeting: budgeting.optional(),
  sli,
  groupBy: z.array(z.string().min(1)).optional(),
  alerting: alerting.optional(),
});

export const measures = {
  spans: ['count', 'rate', 'error_ratio', 'p50', 'p95', 'p99'],
  logs: ['count', 'rate'],
  metrics: ['avg', 'min', 'max', 'sum', 'last', 'rate'],
  disk: ['time_to_full'],
} as const;

const diskFilter = z.strictObject({ host: z.string().min(1).optional(), mountpoint: z.string().min(1).optional() });
const signals = ['spans', 'logs', 'metrics', 'disk'] as const;

const query = z
  .strictObject({ spans: spanFilter.optional(), logs: logFilter.optional(), metrics: metricSelector.optional(), disk: diskFilter.optional(), measure: z.string() })
  .superRefine((q, ctx) => {
    exactlyOne([...signals], 'signal')(q, ctx);
    const signal = signals.find((s) => q[s] !== undefined);
    const allowed: readonly string[] = signal ? measures[signal] : [];
    if (signal && !allowed.includes(q.measure)) {
      ctx.addIssue({ code: 'custom', path: ['measure'], message: `expected one of ${allowed.join(', ')} for ${signal}, got ${describe(q.measure)}${didYouMean(q.measure, allowed)}` });
    }
  });

const conditionPattern = /^(>=|<=|>|<)\s*(\S+)$/;

/** `"> 0.05"`, `">= 300ms"`, `"> 5%"`, or `absent`. Units are checked against the measure later. */
const condition = z.string().transform((text, ctx) => {
  const t = text.trim();
  if (t === 'absent') return { absent: true as const };
  const m = conditionPattern.exec(t);
  if (m) return { op: m[1] as '>' | '>=' | '<' | '<=', value: m[2]! };
  ctx.addIssue({ code: 'custom', message: `expected a comparison such as "> 10", ">= 300ms", "> 5%", or "absent", got ${describe(text)}` });
  return z.NEVER;
});

export const nativeAlertRule = z.strictObject({
  ...header,
  kind: z.literal('AlertRule'),
  severity: looseEnum(['page', 'ticket', 'info']).optional(),
  annotations: stringMap.optional(),
  query,
  window: duration,
  condition,
  for: duration.optional(),
});

export type NativeSlo = z.output<typeof nativeSlo>;
export type NativeSli = NativeSlo['sli'];
export type NativeAlerting = NonNullable<NativeSlo['alerting']>;
export type NativeAlertRule = z.output<typeof nativeAlertRule>;
export type TierOverride = z.output<typeof tierOverride>;
export type TierDefinition = z.output<typeof tierDefinition>;
