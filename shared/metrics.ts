/** The metrics explorer's API shapes (GET /api/v1/metrics/:name/attributes, GET /api/v1/metrics/buckets). */
import type { TimeRange } from './api.js';

export interface MetricAttribute {
  /** as filter= and groupBy= take it: service.name, resource.<key>, or a point attribute */
  key: string;
  /** the most frequent values in the range, at most `limit` */
  values: string[];
  /** distinct values the key has in the range (more than `values` when the list is cut) */
  distinct: number;
}

export interface MetricAttributesResult {
  range: TimeRange;
  name: string;
  type: string;
  attributes: MetricAttribute[];
}

/** A histogram's bucket counts over time: the heatmap of GET /api/v1/metrics/buckets. */
export interface MetricBucketsResult {
  range: TimeRange;
  step: number;
  name: string;
  /** upper bounds, ascending; null is +Inf */
  bounds: Array<number | null>;
  /** bucket start times (epoch ms), ascending; only buckets with observations */
  times: number[];
  /** counts[t][b]: observations in time bucket t at or below bounds[b] and above bounds[b-1] */
  counts: number[][];
}
