import { describe, expect, it } from 'vitest';
import { dedent, errorLines, loadFiles, warningLines } from './testing.js';

const file = (slos: string) => dedent`
  version: prometheus/v1
  service: myservice
  slos:
` + slos;

const events = (name: string) => `  - name: ${name}\n    objective: 99.9\n    sli:\n      events:\n        error_query: sum(rate(errors[{{.window}}]))\n        total_query: sum(rate(requests[{{.window}}]))\n    alerting: {name: A}\n`;

describe('Sloth prometheus/v1', () => {
  it('refuses an SLI plugin, per SLO: the other SLOs still load', async () => {
    const result = await loadFiles({
      'sloth.yml': file(`${events('first')}  - name: plugged\n    objective: 99\n    sli:\n      plugin:\n        id: getting_started_availability\n        options: {job: myservice}\n    alerting: {name: B}\n${events('last')}`),
    });
    expect(result.slos.map((s) => s.id)).toEqual(['myservice-first', 'myservice-last']);
    expect(errorLines(result)).toEqual(['sloth.yml:14:7: slos[1].sli.plugin: plugins are not supported (plugin "getting_started_availability"): write the plugin\'s queries as sli.events or sli.raw']);
  });

  it('reads raw error-ratio SLIs under either spelling', async () => {
    const result = await loadFiles({
      'sloth.yml': file('  - name: a\n    objective: 95\n    sli: {raw: {error_ratio_query: "1 - avg_over_time(up[{{.window}}])"}}\n    alerting: {name: A}\n  - name: b\n    objective: 95\n    sli: {raw: {errorRatioQuery: "1 - avg_over_time(up[{{.window}}])"}}\n    alerting: {name: B}\n'),
    });
    expect(errorLines(result)).toEqual([]);
    expect(result.slos.map((s) => s.sli)).toEqual([
      { kind: 'promql', errorRatioQuery: '1 - avg_over_time(up[{{.window}}])' },
      { kind: 'promql', errorRatioQuery: '1 - avg_over_time(up[{{.window}}])' },
    ]);
  });

  it.each([
    [
      'a CRD field name in a plain file',
      file('  - name: a\n    objective: 99\n    sli:\n      events:\n        errorQuery: sum(rate(e[{{.window}}]))\n        total_query: sum(rate(t[{{.window}}]))\n    alerting: {name: A}\n'),
      [
        'sloth.yml:8:9: slos[0].sli.events.errorQuery: unknown field "errorQuery" (did you mean "error_query"?)',
      ],
    ],
    ['a query without {{.window}}', file('  - name: a\n    objective: 99\n    sli: {raw: {error_ratio_query: "1 - avg_over_time(up[5m])"}}\n    alerting: {name: A}\n'), ['sloth.yml:6:36: slos[0].sli.raw.error_ratio_query: must use {{.window}} for the range, e.g. rate(http_requests_total[{{.window}}])']],
    ['an SLI with neither events nor raw', file('  - name: a\n    objective: 99\n    sli: {}\n    alerting: {name: A}\n'), ['sloth.yml:6:5: slos[0].sli: needs events (error and total queries) or raw (an error ratio query)']],
    ['an objective out of range', file('  - name: a\n    objective: 100\n    sli: {raw: {error_ratio_query: "x[{{.window}}]"}}\n    alerting: {name: A}\n'), ['sloth.yml:5:16: slos[0].objective: must be a percentage above 0 and below 100, got 100']],
    ['a missing service', 'version: prometheus/v1\nslos: []\n', ['sloth.yml:1:1: service: is required', 'sloth.yml:2:1: slos: needs at least 1 entry']],
  ])('reports %s', async (_, text, lines) => {
    expect(errorLines(await loadFiles({ 'sloth.yml': text }))).toEqual(lines);
  });

  it('warns about SLO plugins it does not reproduce', async () => {
    const result = await loadFiles({ 'sloth.yml': `version: prometheus/v1\nservice: myservice\nslo_plugins:\n  chain:\n    - id: sloth.dev/contrib/alert_for/v1\n    - id: sloth.dev/contrib/info_labels/v1\n      config: {labels: {a: b}}\nslos:\n${events('a')}` });
    expect(errorLines(result)).toEqual([]);
    expect(warningLines(result)).toEqual(['sloth.yml:6:11: warning: slo_plugins.chain[1].id: Sloth SLO plugin "sloth.dev/contrib/info_labels/v1" is ignored: Octolens generates its own rules']);
  });
});

describe('Sloth sloth.slok.dev/v1', () => {
  it('refuses AlertWindows with a way out', async () => {
    const result = await loadFiles({ 'windows.yaml': 'apiVersion: sloth.slok.dev/v1\nkind: AlertWindows\nspec:\n  sloPeriod: 7d\n' });
    expect(errorLines(result)).toEqual([
      'windows.yaml:2:7: kind: AlertWindows is not supported: Octolens scales the alert tiers to each SLO period; write the SLO in octolens/v1 with period and alerting.tiers',
    ]);
  });

  it('names CRD paths under spec', async () => {
    const result = await loadFiles({
      'crd.yaml': 'apiVersion: sloth.slok.dev/v1\nkind: PrometheusServiceLevel\nmetadata: {name: x}\nspec:\n  service: s\n  slos:\n    - name: a\n      objective: 99\n      sli: {events: {error_query: "e[{{.window}}]", totalQuery: "t[{{.window}}]"}}\n      alerting: {}\n',
    });
    expect(errorLines(result)).toEqual([
      'crd.yaml:9:22: spec.slos[0].sli.events.error_query: unknown field "error_query" (did you mean "errorQuery"?)',
    ]);
  });
});
