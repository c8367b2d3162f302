import { describe, expect, it } from 'vitest';
import { defaultTiers, type SloDefinition } from '../../model.js';
import { dedent, errorLines, loadFiles } from '../testing.js';

async function loadSlo(body: string): Promise<SloDefinition> {
  const result = await loadFiles({ 'slo.yaml': `apiVersion: octolens/v1\nkind: SLO\nname: availability\nservice: checkout\nobjective: 99.9\n${dedent([body] as unknown as TemplateStringsArray)}` });
  expect(errorLines(result)).toEqual([]);
  expect(result.slos).toHaveLength(1);
  return result.slos[0]!;
}

describe('octolens/v1 SLIs', () => {
  it('spans: a ratio of spans, the service narrowing total', async () => {
    const slo = await loadSlo(`
      sli:
        spans:
          total: {kind: server, name: [GET /cart, POST /checkout], attributes: {http.route: {matches: "/api/.*"}}, resource: {deployment.environment: prod}}
          bad: {status: error}
    `);
    expect(slo.sli).toEqual({
      kind: 'span_ratio',
      total: {
        service: 'checkout',
        spanNames: ['GET /cart', 'POST /checkout'],
        spanKinds: ['Server'],
        attributes: [{ key: 'http.route', op: '=~', value: '/api/.*' }],
        resource: [{ key: 'deployment.environment', op: '=', value: 'prod' }],
      },
      bad: { statuses: ['Error'] },
    });
  });

  it('spans: every matcher form', async () => {
    const slo = await loadSlo(`
      sli:
        spans:
          total:
            service: cart
            attributes:
              http.request.method: [GET, POST]
              http.response.status_code: {not: 404}
              http.route: {not: [/healthz, /readyz]}
              user_agent.original: {notMatches: ".*bot.*"}
              retry: true
          good: {status: [unset, ok]}
    `);
    expect(slo.sli).toEqual({
      kind: 'span_ratio',
      total: {
        service: 'cart',
        attributes: [
          { key: 'http.request.method', op: '=~', value: 'GET|POST' },
          { key: 'http.response.status_code', op: '!=', value: '404' },
          { key: 'http.route', op: '!~', value: '/healthz|/readyz' },
          { key: 'user_agent.original', op: '!~', value: '.*bot.*' },
          { key: 'retry', op: '=', value: 'true' },
        ],
      },
      good: { statuses: ['Unset', 'Ok'] },
    });
  });

  it('latency: spans at or under a threshold, exact', async () => {
    const slo = await loadSlo(`
      sli:
        latency:
          spans: {kind: Server, name: POST /checkout}
          threshold: 300ms
    `);
    expect(slo.sli).toEqual({ kind: 'span_latency', total: { service: 'checkout', spanNames: ['POST /checkout'], spanKinds: ['Server'] }, thresholdSeconds: 0.3 });
  });

  it('metrics: a ratio of counters, as selectors or maps', async () => {
    const slo = await loadSlo(`
      sli:
        metrics:
          total: http_requests_total{job="checkout", "http.route"!~"/health.*"}
          bad: {metric: 'http_requests_total{job="checkout"}', matchers: {code: {matches: "5.."}}}
    `);
    expect(slo.sli).toEqual({
      kind: 'metric_ratio',
      total: { metric: 'http_requests_total', matchers: [{ key: 'job', op: '=', value: 'checkout' }, { key: 'http.route', op: '!~', value: '/health.*' }] },
      bad: { metric: 'http_requests_total', matchers: [{ key: 'job', op: '=', value: 'checkout' }, { key: 'code', op: '=~', value: '5..' }] },
    });
  });

  it('histogram: observations at or under a bucket bound', async () => {
    const slo = await loadSlo(`
      sli:
        histogram:
          metric: http.server.request.duration
          matchers: {http.route: /checkout}
          threshold: 0.25
    `);
    expect(slo.sli).toEqual({ kind: 'histogram_threshold', metric: 'http.server.request.duration', matchers: [{ key: 'http.route', op: '=', value: '/checkout' }], threshold: 0.25 });
  });

  it('logs: matching records against all', async () => {
    const slo = await loadSlo(`
      sli:
        logs:
          total: {attributes: {event: payment}}
          bad: {minSeverity: error, bodyContains: declined}
    `);
    expect(slo.sli).toEqual({
      kind: 'log_ratio',
      total: { service: 'checkout', attributes: [{ key: 'event', op: '=', value: 'payment' }] },
      bad: { minSeverity: 17, bodyContains: 'declined' },
    });
  });

  it('events: good events narrow the total event', async () => {
    const slo = await loadSlo(`
      sli:
        events:
          total: {name: order.placed}
          good: {attributes: {outcome: paid}}
    `);
    expect(slo.sli).toEqual({ kind: 'event_ratio', total: { name: 'order.placed' }, good: { name: 'order.placed', attributes: [{ key: 'outcome', op: '=', value: 'paid' }] } });
  });

  it('promql: error and total queries, or an error ratio query', async () => {
    const events = await loadSlo(`
      sli:
        promql:
          errorQuery: sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))
          totalQuery: sum(rate(http_requests_total[{{.window}}]))
    `);
    expect(events.sli).toEqual({ kind: 'promql', errorQuery: 'sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))', totalQuery: 'sum(rate(http_requests_total[{{.window}}]))' });
    const raw = await loadSlo(`
      sli:
        promql: {errorRatioQuery: "1 - avg_over_time(probe_success[{{.window}}])"}
    `);
    expect(raw.sli).toEqual({ kind: 'promql', errorRatioQuery: '1 - avg_over_time(probe_success[{{.window}}])' });
  });
});

const availability = 'sli: {spans: {total: {kind: server}, bad: {status: error}}}';

describe('octolens/v1 SLO fields', () => {
  it('has defaults: 30 days, occurrences, the default tiers, id from service and name', async () => {
    const slo = await loadSlo(availability);
    expect(slo).toMatchObject({
      id: 'checkout-availability',
      name: 'availability',
      service: 'checkout',
      description: '',
      labels: {},
      objective: 0.999,
      period: { kind: 'rolling', seconds: 30 * 86400 },
      budgeting: { method: 'occurrences' },
      groupBy: [],
      alerting: { name: 'CheckoutAvailability', labels: {}, annotations: {}, tiers: defaultTiers(30 * 86400), minEvents: 0, noDataSeconds: 0, budgetExhausted: false },
      source: { file: 'slo.yaml', line: 1, column: 1, format: 'octolens/v1' },
    });
  });

  it('reads period, budgeting, grouping, labels and id', async () => {
    const slo = await loadSlo(`
      id: checkout-api
      description: Checkout answers
      labels: {team: payments, tier: 1}
      period: {calendar: month, timezone: Europe/Paris}
      budgeting: {timeslices: {slice: 5m, objective: 95}}
      groupBy: [http.route]
      ${availability}
    `);
    expect(slo).toMatchObject({
      id: 'checkout-api',
      description: 'Checkout answers',
      labels: { team: 'payments', tier: '1' },
      period: { kind: 'calendar', unit: 'month', timezone: 'Europe/Paris' },
      budgeting: { method: 'timeslices', sliceSeconds: 300, sliceObjective: 0.95 },
      groupBy: ['http.route'],
    });
    expect((await loadSlo(`period: {calendar: week}\n${availability}`)).period).toEqual({ kind: 'calendar', unit: 'week', timezone: 'UTC' });
    expect((await loadSlo(`period: {rolling: 28d}\n${availability}`)).period).toEqual({ kind: 'rolling', seconds: 28 * 86400 });
    expect((await loadSlo(`period: 7d\n${availability}`)).period).toEqual({ kind: 'rolling', seconds: 7 * 86400 });
  });

  it('scales the default tiers to the period', async () => {
    const slo = await loadSlo(`period: 7d\n${availability}`);
    expect(slo.alerting.tiers.map((t) => t.burnRate)).toEqual([3.36, 1.4, 0.7, 0.233333]);
  });

  it('adjusts default tiers by name', async () => {
    const slo = await loadSlo(`
      ${availability}
      alerting:
        name: CheckoutErrors
        labels: {team: payments}
        annotations: {runbook: https://runbooks/checkout}
        tiers:
          page-fast: {for: 2m, labels: {routing_key: payments}}
          page-slow: {budgetPercent: 10}
          ticket-slow: {enabled: false}
        minEvents: 100
        noData: 15m
        budgetExhausted: true
    `);
    expect(slo.alerting).toEqual({
      name: 'CheckoutErrors',
      labels: { team: 'payments' },
      annotations: { runbook: 'https://runbooks/checkout' },
      tiers: [
        { name: 'page-fast', severity: 'page', longWindowSeconds: 3600, shortWindowSeconds: 300, burnRate: 14.4, forSeconds: 120, enabled: true, labels: { routing_key: 'payments' } },
        { name: 'page-slow', severity: 'page', longWindowSeconds: 21600, shortWindowSeconds: 1800, burnRate: 12, forSeconds: 0, enabled: true },
        { name: 'ticket-fast', severity: 'ticket', longWindowSeconds: 86400, shortWindowSeconds: 7200, burnRate: 3, forSeconds: 0, enabled: true },
        { name: 'ticket-slow', severity: 'ticket', longWindowSeconds: 259200, shortWindowSeconds: 21600, burnRate: 1, forSeconds: 0, enabled: false },
      ],
      minEvents: 100,
      noDataSeconds: 900,
      budgetExhausted: true,
    });
  });

  it('replaces the tiers with a list; the short window defaults to a twelfth of the long', async () => {
    const slo = await loadSlo(`
      ${availability}
      alerting:
        tiers:
          - {name: page, severity: page, longWindow: 2h, burnRate: 10, for: 5m}
          - {name: ticket, severity: ticket, longWindow: 1d, shortWindow: 1h, budgetPercent: 20}
    `);
    expect(slo.alerting.tiers).toEqual([
      { name: 'page', severity: 'page', longWindowSeconds: 7200, shortWindowSeconds: 600, burnRate: 10, forSeconds: 300, enabled: true },
      { name: 'ticket', severity: 'ticket', longWindowSeconds: 86400, shortWindowSeconds: 3600, burnRate: 6, forSeconds: 0, enabled: true },
    ]);
    expect((await loadSlo(`${availability}\nalerting: {tiers: []}`)).alerting.tiers).toEqual([]);
  });
});
