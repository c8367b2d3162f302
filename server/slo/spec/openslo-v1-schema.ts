import { z } from 'zod';
import { metadata, shorthand } from './openslo.js';

/**
 * OpenSLO v1 objects, as the spec and its Go SDK define them.
 * https://github.com/OpenSLO/OpenSLO/blob/main/README.md, https://github.com/OpenSLO/go-sdk/tree/main/pkg/openslo/v1
 * References (`indicatorRef`, `alertPolicyRef`, `conditionRef`, `metricSourceRef`) are
 * resolved by the importer; inline objects and references are told apart by their keys.
 */

const apiVersion = z.literal('openslo/v1');
const operator = z.enum(['lt', 'lte', 'gt', 'gte']);

export const metricSource = z.strictObject({
  metricSourceRef: z.string().optional(),
  type: z.string().optional(),
  spec: z.record(z.string(), z.unknown()).optional(),
});

const metric = z.strictObject({ metricSource });

export const sliSpec = z
  .strictObject({
    description: z.string().optional(),
    thresholdMetric: metric.optional(),
    ratioMetric: z
      .strictObject({
        counter: z.boolean().optional(),
        good: metric.optional(),
        bad: metric.optional(),
        total: metric.optional(),
        rawType: z.enum(['success', 'failure']).optional(),
        raw: metric.optional(),
      })
      .superRefine((r, ctx) => {
        if (r.raw) {
          if (r.good || r.bad || r.total) ctx.addIssue({ code: 'custom', path: ['raw'], message: 'raw cannot be combined with good, bad or total' });
          if (!r.rawType) ctx.addIssue({ code: 'custom', path: ['rawType'], message: 'is required with raw (success or failure)' });
        } else {
          if (!r.total) ctx.addIssue({ code: 'custom', path: ['total'], message: 'is required (or give raw)' });
          if (!r.good === !r.bad) ctx.addIssue({ code: 'custom', path: r.good ? ['bad'] : [], message: r.good ? 'give good or bad, not both' : 'needs good or bad next to total' });
        }
      })
      .optional(),
  })
  .superRefine((s, ctx) => {
    if (!s.thresholdMetric === !s.ratioMetric) ctx.addIssue({ code: 'custom', message: 'needs exactly one of ratioMetric or thresholdMetric' });
  });

export type SliSpec = z.output<typeof sliSpec>;

export const inlineIndicator = z.strictObject({ metadata, spec: sliSpec });

export const objective = z.strictObject({
  name: z.string().optional(),
  displayName: z.string().optional(),
  op: operator.optional(),
  value: z.number().optional(),
  target: z.number().gt(0).lt(1).optional(),
  targetPercent: z.number().gt(0).lt(100).optional(),
  timeSliceTarget: z.number().gt(0).max(1).optional(),
  /** a number means minutes */
  timeSliceWindow: z.union([z.number().positive().transform((minutes) => minutes * 60), shorthand]).optional(),
  indicator: z.unknown().optional(),
  indicatorRef: z.string().optional(),
  compositeWeight: z.number().optional(),
});

export type Objective = z.output<typeof objective>;

export const timeWindow = z.strictObject({
  duration: z.string(),
  isRolling: z.boolean().optional(),
  calendar: z.strictObject({ startTime: z.union([z.string(), z.date()]).optional(), timeZone: z.string() }).optional(),
});

export const sloSpec = z.strictObject({
  description: z.string().optional(),
  service: z.string().min(1),
  indicator: inlineIndicator.optional(),
  indicatorRef: z.string().optional(),
  timeWindow: z.array(timeWindow).length(1, { error: 'must hold exactly one time window' }).optional(),
  budgetingMethod: z.enum(['Occurrences', 'Timeslices', 'RatioTimeslices']).optional(),
  objectives: z.array(objective).min(1),
  /** `alertPolicyRef` entries or inline AlertPolicy objects; `alertPolicies:` left empty is allowed */
  alertPolicies: z.array(z.unknown()).nullable().optional(),
});

export type SloSpec = z.output<typeof sloSpec>;

export const conditionSpec = z.strictObject({
  description: z.string().optional(),
  severity: z.string().min(1),
  condition: z.strictObject({
    kind: z.literal('burnrate').optional(),
    op: operator,
    threshold: z.number().positive(),
    lookbackWindow: shorthand,
    alertAfter: shorthand.optional(),
  }),
});

export type ConditionSpec = z.output<typeof conditionSpec>;

export const policySpec = z.strictObject({
  description: z.string().optional(),
  alertWhenNoData: z.boolean().optional(),
  alertWhenResolved: z.boolean().optional(),
  alertWhenBreaching: z.boolean().optional(),
  /** `conditionRef` entries or inline AlertCondition objects */
  conditions: z.array(z.unknown()).min(1),
  notificationTargets: z.array(z.unknown()).optional(),
});

export type PolicySpec = z.output<typeof policySpec>;

export const inlinePolicy = z.strictObject({ kind: z.literal('AlertPolicy'), metadata, spec: policySpec });
export const inlineCondition = z.strictObject({ kind: z.literal('AlertCondition'), metadata, spec: conditionSpec });
export const policyRef = z.strictObject({ alertPolicyRef: z.string().min(1) });
export const conditionRef = z.strictObject({ conditionRef: z.string().min(1) });

const doc = <K extends string, S extends z.ZodType>(kind: K, spec: S) => z.strictObject({ apiVersion, kind: z.literal(kind), metadata, spec });

/** Every v1 kind, by name. AlertNotificationTarget is read and otherwise ignored: Octolens routes notifications by its own config. */
export const v1Documents = {
  SLO: doc('SLO', sloSpec),
  SLI: doc('SLI', sliSpec),
  AlertPolicy: doc('AlertPolicy', policySpec),
  AlertCondition: doc('AlertCondition', conditionSpec),
  AlertNotificationTarget: doc('AlertNotificationTarget', z.strictObject({ description: z.string().optional(), target: z.string().min(1) })),
  Service: doc('Service', z.strictObject({ description: z.string().optional() })),
  DataSource: doc('DataSource', z.strictObject({ description: z.string().optional(), type: z.string().min(1), connectionDetails: z.unknown().optional() })),
};

export type V1Kind = keyof typeof v1Documents;
