import { describe, expect, it } from 'vitest';
import { syntheticSli } from './synthetic-series.js';
import { checkoutLatency, checkoutMetricRatio, goodCounterRatio, groupedPromql, slothGettingStarted } from './testdata/slos.js';

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
