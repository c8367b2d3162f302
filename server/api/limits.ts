import { defaultQueryConfig, querySettingNames, type QueryConfig } from '../query/config.js';

/** How long a request's from/to may be, and the setting that raises it (named in the 400). */
export interface RangeBound {
  maxDays: number;
  setting: string;
  /** what the cap is for, in the message: "a telemetry search" */
  what: string;
}

/** The bounds the routes apply themselves (the store applies time, memory and rows). */
export interface ApiLimits {
  /** traces, logs, metrics, services */
  searchRange: RangeBound;
  /** long-horizon figures (DORA, cost) */
  longRange: RangeBound;
  trace: { maxSpans: number; setting: string };
  series: { max: number; setting: string };
}

export const apiLimits = (q: QueryConfig): ApiLimits => ({
  searchRange: { maxDays: q.maxRangeDays, setting: querySettingNames.maxRangeDays, what: 'a telemetry search' },
  longRange: { maxDays: q.maxLongRangeDays, setting: querySettingNames.maxLongRangeDays, what: 'a long-horizon figure' },
  trace: { maxSpans: q.traceMaxSpans, setting: querySettingNames.traceMaxSpans },
  series: { max: q.maxSeries, setting: querySettingNames.maxSeries },
});

export const defaultApiLimits = (): ApiLimits => apiLimits(defaultQueryConfig());
