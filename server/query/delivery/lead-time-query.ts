import type { SqlQuery } from '../sql.js';
import { factsWith } from './facts.js';
import { deliveryParams, groupedSelect, inRangeMs, type DeliveryQuery } from './scope.js';

export interface LeadTimeRow {
  isTotal: boolean | number;
  bucket: number;
  /** [median, p90] minutes */
  quantiles: Array<number | null>;
  samples: number;
  droppedNegative: number;
}

/**
 * Lead time for changes: each sample commit's time → the finish of the first successful target
 * deployment of its service containing it (`cfact`, derive/commits.ts), for commits whose
 * first such deployment finished in [from, to); bucketed by that finish. Negative spans (a
 * commit time after the deployment) are dropped and counted.
 */
export function leadTimeSql(q: DeliveryQuery): SqlQuery {
  const sql = `${factsWith(q)}
${groupedSelect(q, 'first', [
  'quantilesExactInclusiveIf(0.5, 0.9)(minutes, minutes >= 0) AS quantiles',
  'countIf(minutes >= 0) AS samples',
  'countIf(minutes < 0) AS droppedNegative',
], `FROM (SELECT Service, first, minutes FROM cfact WHERE sample AND ${inRangeMs('first')})`)}`;
  return { sql, params: deliveryParams(q) };
}
