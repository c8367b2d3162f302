import { describe, expect, it } from 'vitest';
import { parseEventsQuery } from './promql-selector.js';
import { sampleMatches } from './regex-sample.js';
import { syntheticSli } from './synthetic-series.js';
import { checkoutLatency, checkoutMetricRatio, goodCounterRatio, groupedPromql, slothGettingStarted } from './testdata/slos.js';

describe('parseEventsQuery', () => {
  it('finds the counter ranged over {{.window}} and the sum-by labels', () => {
    expect(parseEventsQuery('sum by (route) (rate(x_total{a!="b", c=~"d}"}[{{ .window }}])) OR on() vector(0)')).toEqual({
      selector: { metric: 'x_total', matchers: [{ label: 'a', op: '!=', value: 'b' }, { label: 'c', op: '=~', value: 'd}' }] },
      by: ['route'],
    });
    expect(parseEventsQuery('sum(increase(x_total[{{.window}}])) by (le, route)')).toEqual({ selector: { metric: 'x_total', matchers: [] }, by: ['le', 'route'] });
  });

  it('gives up on shapes it cannot synthesize', () => {
    expect(parseEventsQuery('1 - avg_over_time(up[{{.window}}])')).toBeUndefined();
    expect(parseEventsQuery('sum without (pod) (rate(x_total[{{.window}}]))')).toBeUndefined();
    expect(parseEventsQuery('sum(rate(a_total[{{.window}}])) / sum(rate(b_total[{{.window}}]))')).toBeUndefined();
  });
});

describe('sampleMatches', () => {
  it.each([
    ['(5..|429)', ['500', '429']],
    ['[45]\\d\\d', ['400']],
    ['GET|POST', ['GET', 'POST']],
    ['x{3}', ['xxx']],
  ])('%s is matched by %j', (pattern, some) => {
    expect(sampleMatches(pattern)).toEqual(expect.arrayContaining(some));
  });
});

describe('syntheticSli', () => {
  it("splits one counter into an error series and a good one for Sloth's queries", () => {
    expect(syntheticSli(slothGettingStarted())).toEqual({
      series: [
        { metric: 'http_request_duration_seconds_count', labels: { job: 'myservice', code: '500' }, role: 'bad' },
        { metric: 'http_request_duration_seconds_count', labels: { job: 'myservice', code: '200' }, role: 'good' },
      ],
      groupLabels: {},
    });
  });

  it('gives group-by labels one group value on every series', () => {
    const s = syntheticSli(groupedPromql());
    expect(s).toMatchObject({ groupLabels: { route: 'group-a' } });
    expect('series' in s && s.series.map((x) => x.labels.route)).toEqual(['group-a', 'group-a']);
    expect(syntheticSli(checkoutMetricRatio())).toMatchObject({
      series: [
        { metric: 'http_server_requests_total', labels: { job: 'checkout', http_response_status_code: '500', http_route: 'group-a' }, role: 'bad' },
        { metric: 'http_server_requests_total', labels: { job: 'checkout', http_response_status_code: '200', http_route: 'group-a' }, role: 'good' },
      ],
    });
  });

  it('uses a good counter and a total counter when they are different metrics', () => {
    expect(syntheticSli(goodCounterRatio())).toMatchObject({
      series: [
        { metric: 'payments_capture_successes_total', role: 'good' },
        { metric: 'payments_capture_attempts_total', role: 'total' },
      ],
    });
  });

  it('has nothing to synthesize for spans', () => {
    expect(syntheticSli(checkoutLatency())).toEqual({ skipped: 'span_latency SLIs are not counters a test can synthesize' });
  });
});
