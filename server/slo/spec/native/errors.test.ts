import { describe, expect, it } from 'vitest';
import { dedent, errorLines, loadFiles, warningLines } from '../testing.js';

/** Every octolens/v1 error message, with the exact place it points at. */

const slo = (body: string) => `apiVersion: octolens/v1\nkind: SLO\nname: availability\nservice: checkout\n${body}`;
const spans = 'sli:\n  spans:\n    total: {kind: server}\n    bad: {status: error}\n';

async function errorsOf(text: string): Promise<string[]> {
  return errorLines(await loadFiles({ 'checkout.yaml': text }));
}

describe('octolens/v1 validation errors', () => {
  it.each([
    ['an unknown field, with the nearest key', slo(`objectve: 99.9\n${spans}`), 'checkout.yaml:5:1: objectve: unknown field "objectve" (did you mean "objective"?)'],
    [
      'an unknown field far from every key, with the keys',
      slo(`objective: 99\nowner: payments\n${spans}`),
      'checkout.yaml:6:1: owner: unknown field "owner" (expected one of: apiVersion, id, name, service, description, labels, kind, objective, period, budgeting, sli, groupBy, alerting)',
    ],
    ['an unknown SLI kind', slo('objective: 99\nsli:\n  latncy: {spans: {}, threshold: 1s}\n'), 'checkout.yaml:7:3: sli.latncy: unknown field "latncy" (did you mean "latency"?)'],
    ['a nested unknown field', slo('objective: 99\nsli:\n  spans:\n    total: {kind: server, stauts: error}\n    bad: {status: error}\n'), 'checkout.yaml:8:27: sli.spans.total.stauts: unknown field "stauts" (did you mean "status"?)'],
    ['a wrong type', slo(`objective: "high"\n${spans}`), 'checkout.yaml:5:12: objective: expected a number, got "high"'],
    ['a map where a list goes', slo(`objective: 99\ngroupBy: {route: 1}\n${spans}`), 'checkout.yaml:6:1: groupBy: expected a list, got a map'],
    ['an objective of 100', slo(`objective: 100\n${spans}`), 'checkout.yaml:5:12: objective: must be a percentage above 0 and below 100, got 100'],
    ['an objective written as a ratio', slo(`objective: 0.999\n${spans}`), 'checkout.yaml:5:12: objective: is a percentage: write 99.9 for 99.9%, got 0.999'],
    ['a missing objective', slo(spans), 'checkout.yaml:1:1: objective: is required'],
    ['a missing SLI', slo('objective: 99\n'), 'checkout.yaml:1:1: sli: is required: one of spans, latency, metrics, histogram, logs, events, promql'],
    ['an empty SLI', slo('objective: 99\nsli: {}\n'), 'checkout.yaml:6:1: sli: needs one SLI kind: spans, latency, metrics, histogram, logs, events, promql'],
    [
      'two SLI kinds',
      slo('objective: 99\nsli:\n  spans: {total: {}, bad: {status: error}}\n  promql: {errorRatioQuery: "x[{{.window}}]"}\n'),
      'checkout.yaml:8:3: sli.promql: give one SLI kind, got both "spans" and "promql"',
    ],
    ['a ratio without good or bad', slo('objective: 99\nsli:\n  spans:\n    total: {kind: server}\n'), 'checkout.yaml:7:3: sli.spans: needs one of good or bad next to total: good, bad'],
    ['a bad duration', slo(`objective: 99\nperiod: 30days\n${spans}`), 'checkout.yaml:6:9: period: expected a duration such as 300ms, 30s, 5m, 1h or 7d (e.g. 30d), or {calendar: month}, got "30days"'],
    [
      'a bad duration deeper down',
      slo('objective: 99\nsli:\n  latency:\n    spans: {kind: server}\n    threshold: 300 ms\n'),
      'checkout.yaml:9:16: sli.latency.threshold: expected a duration such as 300ms, 30s, 5m, 1h or 7d, got "300 ms"',
    ],
    ['a period too short', slo(`objective: 99\nperiod: 5m\n${spans}`), 'checkout.yaml:6:9: period: a rolling period must be between 1h and 366d, got 300 seconds'],
    ['an unknown calendar unit', slo(`objective: 99\nperiod: {calendar: year}\n${spans}`), 'checkout.yaml:6:20: period.calendar: expected one of "week", "month", got "year"'],
    ['an unknown timezone', slo(`objective: 99\nperiod: {calendar: month, timezone: Europe/Pari}\n${spans}`), 'checkout.yaml:6:37: period.timezone: unknown timezone "Europe/Pari" (expected an IANA name such as Europe/Paris or UTC)'],
    [
      'timeslices without settings',
      slo(`objective: 99\nbudgeting: timeslices\n${spans}`),
      'checkout.yaml:6:12: budgeting: expected "occurrences" or {timeslices: {slice, objective}}, got "timeslices": timeslices need a slice and an objective, {timeslices: {slice: 1m, objective: 95}}',
    ],
    ['a slice that is not whole minutes', slo(`objective: 99\nbudgeting: {timeslices: {slice: 30s, objective: 95}}\n${spans}`), 'checkout.yaml:6:33: budgeting.timeslices.slice: must be whole minutes (the hub counts per minute), got 30 seconds'],
    ['an unknown span kind', slo('objective: 99\nsli:\n  spans:\n    total: {kind: sever}\n    bad: {status: error}\n'), 'checkout.yaml:8:19: sli.spans.total.kind: expected one of "server", "client", "internal", "producer", "consumer", "unspecified", got "sever" (did you mean "server"?)'],
    ['an invalid regex', slo('objective: 99\nsli:\n  spans:\n    total: {attributes: {http.route: {matches: "(a"}}}\n    bad: {status: error}\n'), 'checkout.yaml:8:48: sli.spans.total.attributes["http.route"].matches: invalid regular expression "(a": Invalid regular expression: /(a/: Unterminated group'],
    [
      'a metric selector that does not parse',
      slo('objective: 99\nsli:\n  metrics:\n    total: http_requests_total{job=api}\n    bad: http_requests_total\n'),
      'checkout.yaml:8:12: sli.metrics.total: invalid metric selector "http_requests_total{job=api}": expected a quoted value at character 25',
    ],
    ['a PromQL query without {{.window}}', slo('objective: 99\nsli:\n  promql:\n    errorRatioQuery: rate(errors[5m])\n'), 'checkout.yaml:8:22: sli.promql.errorRatioQuery: must use {{.window}} for the range, e.g. rate(http_requests_total[{{.window}}])'],
    ['an id that is not a slug', slo(`id: Checkout_API\nobjective: 99\n${spans}`), 'checkout.yaml:5:5: id: must be lowercase letters, digits and single dashes, got "Checkout_API"'],
    ['an unknown tier', slo(`objective: 99\n${spans}alerting:\n  tiers:\n    page-fst: {enabled: false}\n`), 'checkout.yaml:12:5: alerting.tiers.page-fst: unknown tier "page-fst" (did you mean "page-fast"?); the default tiers are page-fast, page-slow, ticket-fast, ticket-slow (give a list of tiers to define your own)'],
    [
      'a tier whose short window is not shorter',
      slo(`objective: 99\n${spans}alerting:\n  tiers:\n    page-fast: {shortWindow: 2h}\n`),
      'checkout.yaml:12:5: alerting.tiers.page-fast: tier "page-fast": shortWindow (2h) must be shorter than longWindow (1h)',
    ],
    ['a custom tier without a threshold', slo(`objective: 99\n${spans}alerting:\n  tiers:\n    - {name: page, severity: page, longWindow: 1h}\n`), 'checkout.yaml:12:7: alerting.tiers[0]: needs burnRate or budgetPercent'],
    ['a wrong kind', 'apiVersion: octolens/v1\nkind: Slo\n', 'checkout.yaml:2:7: kind: unknown kind "Slo" for octolens/v1 (did you mean "SLO"?) (expected one of: SLO, AlertRule)'],
  ])('%s', async (_, text, line) => {
    expect(await errorsOf(text)).toEqual([line]);
  });

  it('reports every problem of a document at once', async () => {
    const text = dedent`
      apiVersion: octolens/v1
      kind: SLO
      name: availability
      service: checkout
      objective: 100
      period: 30 days
      sli:
        spans:
          total: {kind: server}
          bad: {status: eror}
    `;
    expect(await errorsOf(text)).toEqual([
      'checkout.yaml:5:12: objective: must be a percentage above 0 and below 100, got 100',
      'checkout.yaml:6:9: period: expected a duration such as 300ms, 30s, 5m, 1h or 7d (e.g. 30d), or {calendar: month}, got "30 days"',
      'checkout.yaml:10:19: sli.spans.bad.status: expected one of "unset", "ok", "error", got "eror" (did you mean "error"?)',
    ]);
  });

  it('warns about a tier that can never fire', async () => {
    const result = await loadFiles({ 'checkout.yaml': slo(`objective: 90\n${spans}`) });
    expect(result.errors).toEqual([]);
    expect(warningLines(result)).toEqual([
      'checkout.yaml:5:12: warning: objective: tier "page-fast" can never fire: a 14.4× burn of a 10% error budget needs an error ratio of 144%',
    ]);
  });
});
