import { describe, expect, it } from 'vitest';
import { errorLines, loadFiles } from '../testing.js';

const rule = (body: string) => `apiVersion: octolens/v1\nkind: AlertRule\nname: checkout-errors\nservice: checkout\n${body}`;

describe('octolens/v1 AlertRule', () => {
  it('reads a span rule with a latency threshold', async () => {
    const result = await loadFiles({
      'rules.yaml': rule('severity: page\nlabels: {team: payments}\nannotations: {summary: slow checkout}\nquery:\n  spans: {kind: server, name: POST /checkout}\n  measure: p99\nwindow: 5m\ncondition: "> 300ms"\nfor: 2m\n'),
    });
    expect(errorLines(result)).toEqual([]);
    expect(result.rules).toEqual([
      {
        id: 'checkout-checkout-errors',
        name: 'checkout-errors',
        service: 'checkout',
        description: '',
        severity: 'page',
        labels: { team: 'payments' },
        annotations: { summary: 'slow checkout' },
        query: { signal: 'spans', selector: { service: 'checkout', spanNames: ['POST /checkout'], spanKinds: ['Server'] }, measure: 'p99' },
        windowSeconds: 300,
        condition: { op: '>', threshold: 0.3 },
        forSeconds: 120,
        source: { file: 'rules.yaml', line: 1, column: 1, format: 'octolens/v1' },
      },
    ]);
  });

  it.each([
    ['query:\n  spans: {status: error}\n  measure: error_ratio\nwindow: 10m\ncondition: "> 5%"\n', { signal: 'spans', selector: { service: 'checkout', statuses: ['Error'] }, measure: 'error_ratio' }, { op: '>', threshold: 0.05 }],
    ['query:\n  logs: {minSeverity: error}\n  measure: count\nwindow: 5m\ncondition: ">= 10"\n', { signal: 'logs', selector: { service: 'checkout', minSeverity: 17 }, measure: 'count' }, { op: '>=', threshold: 10 }],
    ['query:\n  metrics: orders_total{service="checkout"}\n  measure: rate\nwindow: 15m\ncondition: absent\n', { signal: 'metrics', selector: { metric: 'orders_total', matchers: [{ key: 'service', op: '=', value: 'checkout' }] }, measure: 'rate' }, { absent: true }],
    ['query:\n  disk: {host: db-1, mountpoint: /data}\n  measure: time_to_full\nwindow: 6h\ncondition: "< 1d"\n', { signal: 'disk', selector: { host: 'db-1', mountpoint: '/data' }, measure: 'time_to_full' }, { op: '<', threshold: 86_400 }],
    ['query:\n  disk: {}\n  measure: time_to_full\nwindow: 6h\ncondition: "< 7200"\n', { signal: 'disk', selector: {}, measure: 'time_to_full' }, { op: '<', threshold: 7_200 }],
  ])('reads %j', async (body, query, condition) => {
    const result = await loadFiles({ 'rules.yaml': rule(body) });
    expect(errorLines(result)).toEqual([]);
    expect(result.rules[0]).toMatchObject({ severity: 'ticket', query, condition });
  });

  it.each([
    ['query:\n  logs: {}\n  measure: p99\nwindow: 5m\ncondition: "> 1"\n', 'rules.yaml:7:12: query.measure: expected one of count, rate for logs, got "p99"'],
    ['query:\n  spans: {}\n  measure: rate\nwindow: 5m\ncondition: "> 1s"\n', 'rules.yaml:9:12: condition: the threshold for rate must be a number, got "1s"'],
    ['query:\n  spans: {}\n  measure: p95\nwindow: 5m\ncondition: "above 1s"\n', 'rules.yaml:9:12: condition: expected a comparison such as "> 10", ">= 300ms", "> 5%", or "absent", got "above 1s"'],
    ['query:\n  spans: {}\n  logs: {}\n  measure: count\nwindow: 5m\ncondition: "> 1"\n', 'rules.yaml:7:3: query.logs: give one signal, got both "spans" and "logs"'],
    ['query:\n  spans: {}\n  measure: count\nwindow: 30s\ncondition: "> 1"\n', 'rules.yaml:8:9: window: must be at least 1m, got 30s'],
    ['query:\n  disk: {}\n  measure: time_to_full\nwindow: 6h\ncondition: "< 5%"\n', 'rules.yaml:9:12: condition: the threshold for time_to_full must be a duration such as 300ms, or seconds, got "5%"'],
    ['query:\n  disk: {}\n  measure: max\nwindow: 6h\ncondition: "< 1h"\n', 'rules.yaml:7:12: query.measure: expected one of time_to_full for disk, got "max"'],
  ])('refuses %j', async (body, line) => {
    expect(errorLines(await loadFiles({ 'rules.yaml': rule(body) }))).toEqual([line]);
  });
});
