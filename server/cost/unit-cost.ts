/**
 * Unit cost: each service's effective cost per 1,000 requests, requests being its server spans
 * (SpanKind Server) in the same range. Cost rows are placed by ChargePeriodStart, spans by
 * Timestamp; both in [from, to). The per-1,000 figure keeps four fraction digits, since a
 * request often costs less than a cent per thousand.
 */
import type { CostUnitResult, CostUnitService } from '../../shared/api.js';
import { cents, Money } from './decimal.js';
import { currentImportsCte, isCurrentRow } from './current.js';

export type { CostUnitResult, CostUnitService };

export function serviceCostSql(q: { fromSeconds: number; toSeconds: number; currency: string }): { sql: string; params: Record<string, unknown> } {
  return {
    sql: `WITH ${currentImportsCte}
SELECT Service AS service, toString(sum(EffectiveCost)) AS effective
FROM cost_items FINAL
WHERE ${isCurrentRow} AND Service != '' AND BillingCurrency = {currency:String}
  AND ChargePeriodStart >= toDateTime({from:UInt32}, 'UTC') AND ChargePeriodStart < toDateTime({to:UInt32}, 'UTC')
GROUP BY service`,
    params: { from: q.fromSeconds, to: q.toSeconds, currency: q.currency },
  };
}

export function serverSpansSql(q: { fromSeconds: number; toSeconds: number; services: string[] }): { sql: string; params: Record<string, unknown> } {
  return {
    sql: `SELECT ServiceName AS service, count() AS requests
FROM otel_traces
WHERE ServiceName IN {services:Array(String)} AND SpanKind = 'Server'
  AND Timestamp >= fromUnixTimestamp64Milli({fromMs:Int64}) AND Timestamp < fromUnixTimestamp64Milli({toMs:Int64})
GROUP BY service`,
    params: { services: q.services, fromMs: q.fromSeconds * 1000, toMs: q.toSeconds * 1000 },
  };
}

/** Cost and requests → the answer's rows, most expensive per request first (no requests: last, null). */
export function unitCosts(costs: Array<{ service: string; effective: string }>, requests: Array<{ service: string; requests: number | string }>): CostUnitService[] {
  const count = new Map(requests.map((r) => [r.service, Number(r.requests)]));
  return costs
    .map((c) => {
      const n = count.get(c.service) ?? 0;
      const per1k = n > 0 ? new Money(c.effective).times(1000).div(n) : null;
      return { service: c.service, effectiveCost: cents(c.effective), requests: n, costPer1kRequests: per1k ? per1k.toFixed(4) : null, per1k };
    })
    .sort((a, b) => (a.per1k && b.per1k ? b.per1k.comparedTo(a.per1k) : a.per1k ? -1 : b.per1k ? 1 : 0) || (a.service < b.service ? -1 : 1))
    .map(({ per1k: _drop, ...row }) => row);
}
