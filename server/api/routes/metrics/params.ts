import { z } from 'zod';
import type { RangeBound } from '../../limits.js';
import { timeRangeQuery } from '../../time.js';
import { intParam, stepParam, withStep } from '../params.js';
import { parseLabelRef, type LabelFilter, type LabelRef } from '../../../query/metrics/selector.js';
import { allAggregations, metricTypes } from '../../../query/metrics/types.js';

const MAX_GROUP_BY = 10;

/** The most exemplars one metrics query returns (`exemplars=`): a chart's worth of trace links, not a dump. */
export const MAX_EXEMPLARS = 200;

/** `groupBy=a,b`: label names, comma separated, blanks and repeats dropped. */
const groupByParam = z.string().transform((text, ctx): LabelRef[] => {
  const keys = [...new Set(text.split(',').map((k) => k.trim()).filter(Boolean))];
  if (keys.length > MAX_GROUP_BY) {
    ctx.addIssue({ code: 'custom', message: `at most ${MAX_GROUP_BY} labels, got ${keys.length}` });
    return z.NEVER;
  }
  return keys.map(parseLabelRef);
});

/**
 * `filter=key=value`, repeatable. Values of the same key are alternatives (IN), different
 * keys must all match: `filter=route=/a&filter=route=/b&filter=service.name=checkout`.
 */
const filterParam = z
  .union([z.string(), z.array(z.string())])
  .transform((input, ctx): LabelFilter[] => {
    const byKey = new Map<string, LabelFilter>();
    for (const text of Array.isArray(input) ? input : [input]) {
      const eq = text.indexOf('=');
      if (eq <= 0) {
        ctx.addIssue({ code: 'custom', message: `expected key=value, got "${text}"` });
        return z.NEVER;
      }
      const key = text.slice(0, eq);
      const value = text.slice(eq + 1);
      if (!byKey.has(key)) byKey.set(key, { label: parseLabelRef(key), values: [] });
      byKey.get(key)!.values.push(value);
    }
    return [...byKey.values()];
  });

export const metricQuery = (range: RangeBound) =>
  withStep(
    timeRangeQuery
      .extend({
        name: z.string().min(1),
        type: z.enum(metricTypes).optional(),
        agg: z.enum(allAggregations).optional(),
        groupBy: groupByParam.default([]),
        filter: filterParam.default([]),
        step: stepParam.optional(),
        /** up to this many exemplars with a trace link come back beside the frames */
        exemplars: intParam(1, MAX_EXEMPLARS).optional(),
      })
      .strict(),
    range,
  );

/** GET /metrics/buckets: a histogram's name, its filters and the step; no aggregation or group-by. */
export const metricBucketsQuery = (range: RangeBound) =>
  withStep(
    timeRangeQuery
      .extend({
        name: z.string().min(1),
        filter: filterParam.default([]),
        step: stepParam.optional(),
      })
      .strict(),
    range,
  );
