import { defaultTiers, type BurnRateTier, type SloDefinition } from '../../model.js';

const DAY = 86400;

/**
 * Sloth's getting-started example (sloth examples/getting-started.yml) as a SloDefinition,
 * the shape server/slo/spec's Sloth importer gives it: service myservice, 99.9% over 30
 * days, events error/total queries, page (5m, severity pageteam) and ticket (10m, severity
 * slack) alerts.
 */
export function slothGettingStarted(): SloDefinition {
  return {
    id: 'myservice-requests-availability',
    name: 'requests-availability',
    service: 'myservice',
    description: 'Common SLO based on availability for HTTP request responses.',
    labels: { owner: 'myteam', repo: 'myorg/myservice', tier: '2' },
    objective: 0.999,
    period: { kind: 'rolling', seconds: 30 * DAY },
    budgeting: { method: 'occurrences' },
    sli: {
      kind: 'promql',
      errorQuery: 'sum(rate(http_request_duration_seconds_count{job="myservice",code=~"(5..|429)"}[{{.window}}]))',
      totalQuery: 'sum(rate(http_request_duration_seconds_count{job="myservice"}[{{.window}}]))',
    },
    groupBy: [],
    alerting: {
      name: 'MyServiceHighErrorRate',
      labels: { category: 'availability' },
      annotations: { summary: "High error rate on 'myservice' requests responses" },
      // page_alert / ticket_alert: `for` and labels per severity, as the Sloth importer sets them on the tiers
      tiers: defaultTiers(30 * DAY).map(
        (t): BurnRateTier => t.severity === 'page'
          ? { ...t, forSeconds: 300, labels: { severity: 'pageteam', routing_key: 'myteam' } }
          : { ...t, forSeconds: 600, labels: { severity: 'slack', slack_channel: '#alerts-myteam' } },
      ),
      minEvents: 0,
      noDataSeconds: 0,
      budgetExhausted: false,
    },
    source: { file: 'getting-started.yml', line: 15, column: 5, format: 'sloth/prometheus/v1' },
  };
}

/** A hub-native metric ratio per route, with the guards on: a low-traffic guard, no-data, budget exhausted. */
export function checkoutMetricRatio(): SloDefinition {
  return {
    id: 'checkout-availability',
    name: 'availability',
    service: 'checkout',
    description: 'Checkout requests that do not fail.',
    labels: { team: 'payments' },
    objective: 0.995,
    period: { kind: 'rolling', seconds: 28 * DAY },
    budgeting: { method: 'occurrences' },
    sli: {
      kind: 'metric_ratio',
      total: { metric: 'http.server.requests', matchers: [{ key: 'service.name', op: '=', value: 'checkout' }] },
      bad: { metric: 'http.server.requests', matchers: [{ key: 'http.response.status_code', op: '=~', value: '5..' }] },
    },
    groupBy: ['http.route'],
    alerting: {
      name: 'CheckoutAvailability',
      labels: { team: 'payments' },
      annotations: {},
      tiers: defaultTiers(28 * DAY),
      minEvents: 100,
      noDataSeconds: 1800,
      budgetExhausted: true,
    },
    source: { file: 'checkout.yaml', line: 1, column: 1, format: 'octolens/v1' },
  };
}

/** Spans through the spanmetrics connector: a latency threshold, calendar month, tiers that differ in `for`. */
export function checkoutLatency(): SloDefinition {
  const tiers = defaultTiers(30 * DAY).map((t) => (t.name === 'page-slow' ? { ...t, forSeconds: 600 } : t));
  return {
    id: 'checkout-latency',
    name: 'latency',
    service: 'checkout',
    description: 'Checkout server spans under 300 ms.',
    labels: {},
    objective: 0.99,
    period: { kind: 'calendar', unit: 'month', timezone: 'Europe/Paris' },
    budgeting: { method: 'occurrences' },
    sli: { kind: 'span_latency', total: { service: 'checkout', spanKinds: ['Server'] }, thresholdSeconds: 0.3 },
    groupBy: [],
    alerting: { name: 'CheckoutLatency', labels: {}, annotations: {}, tiers, minEvents: 0, noDataSeconds: 0, budgetExhausted: false },
    source: { file: 'checkout.yaml', line: 30, column: 1, format: 'octolens/v1' },
  };
}

/** Timeslices over a 7-day week, a non-standard tier window (10m/2h), a histogram threshold. */
export function searchTimeslices(): SloDefinition {
  const tiers = defaultTiers(7 * DAY);
  tiers.push({ name: 'page-custom', severity: 'page', longWindowSeconds: 7200, shortWindowSeconds: 600, burnRate: 5, forSeconds: 0, enabled: true });
  const slow = tiers.find((t) => t.name === 'ticket-slow');
  if (slow) slow.enabled = false;
  return {
    id: 'search-latency',
    name: 'latency',
    service: 'search',
    description: 'Search answers within a second, counted per minute.',
    labels: {},
    objective: 0.99,
    period: { kind: 'calendar', unit: 'week', timezone: 'UTC' },
    budgeting: { method: 'timeslices', sliceSeconds: 60, sliceObjective: 0.95 },
    sli: { kind: 'histogram_threshold', metric: 'http.server.request.duration', matchers: [{ key: 'service.name', op: '=', value: 'search' }], threshold: 1 },
    groupBy: [],
    alerting: { name: 'SearchLatency', labels: {}, annotations: {}, tiers, minEvents: 0, noDataSeconds: 3600, budgetExhausted: true },
    source: { file: 'search.yaml', line: 1, column: 1, format: 'octolens/v1' },
  };
}

/** Sloth's `raw` SLI: an error-ratio query only. */
export function rawRatio(): SloDefinition {
  return {
    ...slothGettingStarted(),
    id: 'wifi-availability',
    name: 'availability',
    service: 'wifi',
    labels: {},
    sli: { kind: 'promql', errorRatioQuery: '1 - avg_over_time(wifi_up[{{.window}}])' },
    alerting: { ...slothGettingStarted().alerting, name: 'WifiDown', minEvents: 10, noDataSeconds: 600, budgetExhausted: true },
    source: { file: 'wifi.yml', line: 1, column: 1, format: 'sloth/prometheus/v1' },
  };
}

/** Sloth-style queries kept per route (`sum by (route)`), with a `for` on every tier. */
export function groupedPromql(): SloDefinition {
  return {
    ...slothGettingStarted(),
    id: 'api-availability',
    name: 'availability',
    service: 'api',
    labels: { owner: 'platform' },
    objective: 0.99,
    sli: {
      kind: 'promql',
      errorQuery: 'sum by (route) (rate(api_requests_total{job="api",status=~"5.."}[{{.window}}]))',
      totalQuery: 'sum by (route) (rate(api_requests_total{job="api"}[{{.window}}]))',
    },
    groupBy: ['route'],
    alerting: {
      name: 'ApiAvailability',
      labels: { severity: 'critical' },
      annotations: { runbook: 'https://runbooks.example/api/{{ $labels.route }}' },
      tiers: defaultTiers(30 * DAY).map((t) => ({ ...t, forSeconds: 300 })),
      minEvents: 1000,
      noDataSeconds: 900,
      budgetExhausted: true,
    },
    source: { file: 'api.yml', line: 1, column: 1, format: 'sloth/prometheus/v1' },
  };
}

/** A good counter that is its own metric (not a narrowing of the total's labels). */
export function goodCounterRatio(): SloDefinition {
  return {
    ...checkoutMetricRatio(),
    id: 'payments-capture',
    name: 'capture',
    service: 'payments',
    labels: {},
    objective: 0.999,
    period: { kind: 'rolling', seconds: 7 * DAY },
    sli: {
      kind: 'metric_ratio',
      total: { metric: 'payments.capture.attempts', matchers: [{ key: 'service.name', op: '=', value: 'payments' }] },
      good: { metric: 'payments.capture.successes', matchers: [{ key: 'service.name', op: '=', value: 'payments' }] },
    },
    groupBy: [],
    alerting: { ...checkoutMetricRatio().alerting, name: 'PaymentsCapture', labels: {}, tiers: defaultTiers(7 * DAY), minEvents: 0, noDataSeconds: 0 },
    source: { file: 'payments.yaml', line: 1, column: 1, format: 'octolens/v1' },
  };
}

/** Hub-only: logs. */
export function logRatio(): SloDefinition {
  return {
    ...checkoutMetricRatio(),
    id: 'checkout-log-errors',
    name: 'log-errors',
    sli: { kind: 'log_ratio', total: { service: 'checkout' }, bad: { service: 'checkout', minSeverity: 17 } },
    groupBy: [],
  };
}

export const allFixtures = (): SloDefinition[] => [
  slothGettingStarted(),
  checkoutMetricRatio(),
  checkoutLatency(),
  searchTimeslices(),
  rawRatio(),
  groupedPromql(),
  goodCounterRatio(),
  logRatio(),
];
