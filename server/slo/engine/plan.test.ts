import { describe, expect, it } from 'vitest';
import type { Sli } from '../model.js';
import { planSli, planSql } from './plan.js';

const slis: Record<string, Sli> = {
  span_ratio: { kind: 'span_ratio', total: { service: 'checkout', spanKinds: ['Server'], resource: [{ key: 'deployment.environment', op: '=', value: 'prod' }] }, bad: { statuses: ['Error'] } },
  span_latency: { kind: 'span_latency', total: { service: 'checkout', spanNames: ['GET /cart'] }, thresholdSeconds: 0.3 },
  metric_ratio: { kind: 'metric_ratio', total: { metric: 'http.server.requests', matchers: [] }, good: { metric: 'http.server.requests', matchers: [{ key: 'http.response.status_code', op: '!~', value: '5..' }] } },
  histogram_threshold: { kind: 'histogram_threshold', metric: 'http.server.request.duration', matchers: [{ key: 'service.name', op: '=', value: 'checkout' }], threshold: 0.25 },
  log_ratio: { kind: 'log_ratio', total: { service: 'checkout' }, bad: { minSeverity: 17, bodyContains: 'payment' } },
  event_ratio: { kind: 'event_ratio', total: { name: 'checkout.started' }, good: { name: 'checkout.completed', attributes: [{ key: 'resource.region', op: '=', value: 'eu' }] } },
};

describe('planSql', () => {
  it.each(Object.keys(slis))('prints the %s rollup with the spec values inlined', (kind) => {
    expect(planSql({ id: `example-${kind.replace('_', '-')}`, sli: slis[kind]!, groupBy: kind === 'span_ratio' ? ['http.route'] : [] })).toMatchSnapshot();
  });

  it('prints why a PromQL SLI stays with Prometheus', () => {
    expect(planSql({ id: 'p99', sli: { kind: 'promql', errorRatioQuery: 'histogram_quantile(0.99, x)' }, groupBy: [] })).toBe(
      '-- p99: not evaluated by the hub (Prometheus only): errorRatioQuery: "histogram_quantile" at column 1 is not translated (only sum(rate(…)) is); the hub evaluates sum(rate(metric{…}[{{.window}}])) error/total ratios (rate or increase) over counters it stores\n',
    );
  });
});

describe('planSli', () => {
  it('hashes what changes the counts: the SLI and groupBy, not key order', () => {
    const a = planSli({ sli: { kind: 'span_latency', total: { service: 'x', spanKinds: ['Server'] }, thresholdSeconds: 1 }, groupBy: [] });
    const b = planSli({ sli: { thresholdSeconds: 1, total: { spanKinds: ['Server'], service: 'x' }, kind: 'span_latency' }, groupBy: [] });
    const c = planSli({ sli: { kind: 'span_latency', total: { service: 'x', spanKinds: ['Server'] }, thresholdSeconds: 2 }, groupBy: [] });
    const d = planSli({ sli: { kind: 'span_latency', total: { service: 'x', spanKinds: ['Server'] }, thresholdSeconds: 1 }, groupBy: ['route'] });
    const hash = (p: ReturnType<typeof planSli>) => (p.hubEvaluable ? p.hash : '');
    expect(hash(a)).toMatch(/^[0-9a-f]{16}$/);
    expect(hash(b)).toBe(hash(a));
    expect(new Set([hash(a), hash(c), hash(d)]).size).toBe(3);
  });

  it('refuses a ratio with both good and bad', () => {
    expect(planSli({ sli: { kind: 'span_ratio', total: {}, good: {}, bad: {} }, groupBy: [] })).toEqual({ hubEvaluable: false, reason: 'a span_ratio SLI needs exactly one of good and bad' });
  });
});
