import { describe, expect, it } from 'vitest';
import { logCountSql, metricRateSql, metricValueSql, spanFiguresSql } from './rule-query.js';

const w = { fromMs: 1_800_000_000_000, toMs: 1_800_000_600_000 };

describe('rule queries', () => {
  it('spans: counts, errors and quantiles only when the measure needs them; values bound', () => {
    const selector = { service: 'cart', spanKinds: ['Server' as const], attributes: [{ key: 'http.route', op: '=~' as const, value: '/cart.*' }] };
    expect(spanFiguresSql(selector, 'error_ratio', w)).toMatchSnapshot();
    expect(spanFiguresSql(selector, 'p95', w).sql).toContain('quantilesExactInclusive(0.5, 0.95, 0.99)(Duration) AS quantiles');
  });

  it('logs: the partition key bounds the window too', () => {
    expect(logCountSql({ service: 'cart', minSeverity: 17, bodyContains: 'timeout' }, w)).toMatchSnapshot();
  });

  it('metrics: one bucket of the metrics API aggregations; counter rate over the window with a lookback', () => {
    const selector = { metric: 'queue_depth', matchers: [{ key: 'queue', op: '!=' as const, value: 'b' }] };
    expect(metricValueSql(selector, 'gauge', 'avg', w)).toMatchSnapshot();
    expect(metricRateSql({ metric: 'requests_total', matchers: [] }, w)).toMatchSnapshot();
  });
});
