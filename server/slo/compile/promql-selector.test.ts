import { describe, expect, it } from 'vitest';
import { parseEventsQuery, parseMatchers } from './promql-selector.js';

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

describe('parseMatchers', () => {
  it('reads quoted values with escapes, in any quote style', () => {
    expect(parseMatchers(`a="x\\"y", b='z', c=~`+'`5..`'+`,`)).toEqual([
      { label: 'a', op: '=', value: 'x"y' },
      { label: 'b', op: '=', value: 'z' },
      { label: 'c', op: '=~', value: '5..' },
    ]);
    expect(parseMatchers('a="unterminated')).toBeUndefined();
  });
});
