import { z } from 'zod';
import type { Matcher, MetricSelector } from '../../model.js';
import { describe } from '../issues.js';
import { escapeRegex, parseSelector } from '../promql-selector.js';
import { looseEnum, oneOrMany, scalarText } from '../schema-kit.js';

/**
 * The filters SLIs and alert rules select data with, in octolens/v1 spelling.
 *
 * Attribute matchers are a map; each value is
 *   `value`                exact match
 *   `[a, b]`               any of
 *   `{not: value | [..]}`  none of
 *   `{matches: regex}`     `{notMatches: regex}`  (fully anchored RE2, as in Prometheus)
 */

const regex = z.string().superRefine((text, ctx) => {
  try {
    new RegExp(text);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: `invalid regular expression ${describe(text)}: ${(err as Error).message}` });
  }
});

const matcherOps = z
  .strictObject({ not: oneOrMany(scalarText).optional(), matches: regex.optional(), notMatches: regex.optional() })
  .superRefine((ops, ctx) => {
    const given = Object.keys(ops).filter((k) => ops[k as keyof typeof ops] !== undefined);
    if (given.length !== 1) ctx.addIssue({ code: 'custom', message: `give exactly one of not, matches, notMatches${given.length ? `, got ${given.join(' and ')}` : ''}` });
  });

const matcherValue = z.union([scalarText, z.array(scalarText).min(1), matcherOps], {
  error: (iss) => `expected a value, a list of values, or {not | matches | notMatches: ...}, got ${describe(iss.input)}`,
});

/** `{http.route: /checkout, http.response.status_code: {matches: "5.."}}` → matchers. */
export const matcherMap = z.record(z.string(), matcherValue).transform((map) => Object.entries(map).map(([key, v]) => toMatcher(key, v)));

function toMatcher(key: string, v: z.output<typeof matcherValue>): Matcher {
  if (typeof v === 'string') return { key, op: '=', value: v };
  if (Array.isArray(v)) return v.length === 1 ? { key, op: '=', value: v[0]! } : { key, op: '=~', value: v.map(escapeRegex).join('|') };
  if (v.not) return v.not.length === 1 ? { key, op: '!=', value: v.not[0]! } : { key, op: '!~', value: v.not.map(escapeRegex).join('|') };
  if (v.matches !== undefined) return { key, op: '=~', value: v.matches };
  return { key, op: '!~', value: v.notMatches! };
}

export const spanKinds = ['server', 'client', 'internal', 'producer', 'consumer', 'unspecified'] as const;
export const spanStatuses = ['unset', 'ok', 'error'] as const;

export const spanFilter = z.strictObject({
  service: z.string().min(1).optional(),
  /** span names, any of */
  name: oneOrMany(z.string().min(1)).optional(),
  kind: oneOrMany(looseEnum(spanKinds)).optional(),
  status: oneOrMany(looseEnum(spanStatuses)).optional(),
  attributes: matcherMap.optional(),
  resource: matcherMap.optional(),
});

/** OTLP severity names → the lowest SeverityNumber of their range. */
export const severityNumbers = { trace: 1, debug: 5, info: 9, warn: 13, error: 17, fatal: 21 } as const;

const severity = z.union(
  [
    z.number().int().min(1).max(24),
    looseEnum(Object.keys(severityNumbers) as [keyof typeof severityNumbers, ...(keyof typeof severityNumbers)[]]).transform((name) => severityNumbers[name]),
  ],
  { error: (iss) => `expected a severity name (trace, debug, info, warn, error, fatal) or number 1-24, got ${describe(iss.input)}` },
);

export const logFilter = z.strictObject({
  service: z.string().min(1).optional(),
  minSeverity: severity.optional(),
  /** case-insensitive substring of the body */
  bodyContains: z.string().min(1).optional(),
  attributes: matcherMap.optional(),
});

export const eventFilter = z.strictObject({
  name: z.string().min(1).optional(),
  attributes: matcherMap.optional(),
});

const selectorText = z.string().transform((text, ctx): MetricSelector => {
  const parsed = parseSelector(text);
  if ('error' in parsed) {
    ctx.addIssue({ code: 'custom', message: parsed.error });
    return z.NEVER;
  }
  return parsed;
});

/** `http_requests_total{job="api"}`, or `{metric: http_requests_total, matchers: {job: api}}`. */
export const metricSelector = z.union(
  [
    selectorText,
    z.strictObject({ metric: selectorText, matchers: matcherMap.optional() }).transform(({ metric, matchers }) => ({
      metric: metric.metric,
      matchers: [...metric.matchers, ...(matchers ?? [])],
    })),
  ],
  { error: (iss) => `expected a metric selector such as http_requests_total{job="api"}, got ${describe(iss.input)}` },
);

export type SpanFilter = z.output<typeof spanFilter>;
export type LogFilter = z.output<typeof logFilter>;
export type EventFilter = z.output<typeof eventFilter>;
