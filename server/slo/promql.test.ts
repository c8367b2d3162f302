import { describe, expect, it } from 'vitest';
import { planPromql } from './promql.js';

const total = { metric: 'http_requests_total', matchers: [{ key: 'job', op: '=', value: 'api' }] };

describe('planPromql', () => {
  it('translates Sloth events queries (error and total) into a metric_ratio with a bad selector', () => {
    expect(
      planPromql({
        kind: 'promql',
        errorQuery: 'sum(rate(http_requests_total{job="api",code=~"(5..|429)"}[{{.window}}]))',
        totalQuery: 'sum(rate(http_requests_total{job="api"}[{{.window}}]))',
      }),
    ).toEqual({
      hubEvaluable: true,
      sli: {
        kind: 'metric_ratio',
        total,
        bad: { metric: 'http_requests_total', matchers: [{ key: 'job', op: '=', value: 'api' }, { key: 'code', op: '=~', value: '(5..|429)' }] },
      },
    });
  });

  it('translates an error-ratio query, with increase, spaces, newlines and parentheses', () => {
    expect(
      planPromql({
        kind: 'promql',
        errorRatioQuery: `(
  sum(increase(errors_total{job='api'}[{{ .window }}]))
  /
  sum(increase({__name__="http_requests_total", job="api",}[{{.window}}]))
)`,
      }),
    ).toEqual({ hubEvaluable: true, sli: { kind: 'metric_ratio', total, bad: { metric: 'errors_total', matchers: [{ key: 'job', op: '=', value: 'api' }] } } });
  });

  it('translates 1 - (good / total) into a good selector', () => {
    expect(
      planPromql({ kind: 'promql', errorRatioQuery: '1 - (sum(rate(ok_total{job="api"}[{{.window}}])) / sum(rate(http_requests_total{job="api"}[{{.window}}])))' }),
    ).toEqual({ hubEvaluable: true, sli: { kind: 'metric_ratio', total, good: { metric: 'ok_total', matchers: [{ key: 'job', op: '=', value: 'api' }] } } });
  });

  it.each([
    [
      { errorRatioQuery: 'histogram_quantile(0.99, sum(rate(lat_bucket[{{.window}}])) by (le))' },
      'errorRatioQuery: "histogram_quantile" at column 1 is not translated (only sum(rate(…)) is)',
    ],
    [
      { errorQuery: 'sum by (route) (rate(e_total[{{.window}}]))', totalQuery: 'sum(rate(t_total[{{.window}}]))' },
      'errorQuery: "sum by" at column 5 is not translated: group the SLO with groupBy instead',
    ],
    [{ errorQuery: 'sum(rate(e_total[5m]))', totalQuery: 'sum(rate(t_total[{{.window}}]))' }, 'errorQuery: the range at column 17 must be [{{.window}}] (a fixed range does not follow the SLO windows)'],
    [{ errorQuery: 'sum(irate(e_total[{{.window}}]))', totalQuery: 'sum(rate(t_total[{{.window}}]))' }, 'errorQuery: "irate" at column 5 inside sum(): only rate(…) or increase(…) of a counter is translated'],
    [{ errorRatioQuery: 'sum(rate(e[{{.window}}])) / sum(rate(t[{{.window}}])) * 2' }, 'errorRatioQuery: operator "*" at column 55 is not translated'],
    [{ errorQuery: 'sum(rate(e[{{.window}}]))' }, 'expected errorQuery and totalQuery, or errorRatioQuery'],
    [{ errorRatioQuery: 'sum(rate(e{code="5[{{.window}}]))' }, 'errorRatioQuery: unterminated string at column 17'],
  ])('leaves %j to Prometheus, saying why', (queries, reason) => {
    const plan = planPromql({ kind: 'promql', ...queries });
    expect(plan).toEqual({
      hubEvaluable: false,
      reason: `${reason}; the hub evaluates sum(rate(metric{…}[{{.window}}])) error/total ratios (rate or increase) over counters it stores`,
    });
  });
});
