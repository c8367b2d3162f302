import { describe, expect, it } from 'vitest';
import { escapeRegex, parseSelector } from './promql-selector.js';

describe('parseSelector', () => {
  it.each([
    ['up', { metric: 'up', matchers: [] }],
    ['up{}', { metric: 'up', matchers: [] }],
    [
      'http_requests_total{job="api", code=~"5..",path!="/x",le!~\'0\\\\.1\'}',
      {
        metric: 'http_requests_total',
        matchers: [
          { key: 'job', op: '=', value: 'api' },
          { key: 'code', op: '=~', value: '5..' },
          { key: 'path', op: '!=', value: '/x' },
          { key: 'le', op: '!~', value: '0\\.1' },
        ],
      },
    ],
    ['http.server.request.duration{"http.route"="/pay",}', { metric: 'http.server.request.duration', matchers: [{ key: 'http.route', op: '=', value: '/pay' }] }],
    ['m{a="say \\"hi\\""}', { metric: 'm', matchers: [{ key: 'a', op: '=', value: 'say "hi"' }] }],
  ])('%s', (text, expected) => {
    expect(parseSelector(text)).toEqual(expected);
  });

  it.each([
    ['{job="x"}', 'expected a metric name at character 1'],
    ['up{job=x}', 'expected a quoted value at character 8'],
    ['up{job~"x"}', 'expected one of =, !=, =~, !~ at character 7'],
    ['up{job="x" code="y"}', 'expected "," or "}" at character 12'],
    ['sum(rate(up[5m]))', 'expected the end of the selector at character 4'],
  ])('refuses %s', (text, message) => {
    expect(parseSelector(text)).toEqual({ error: `invalid metric selector ${JSON.stringify(text)}: ${message}` });
  });

  it('escapes regex metacharacters', () => {
    expect(escapeRegex('/api/v1/items.json?(x)')).toBe('/api/v1/items\\.json\\?\\(x\\)');
  });
});
