import { describe, expect, it } from 'vitest';
import { exemplarsSql, hasExemplars } from './exemplars-query.js';
import { parseLabelRef } from './selector.js';

describe('exemplarsSql', () => {
  it('keeps the largest exemplar with a trace per step and group, then the largest `limit`', () => {
    const q = exemplarsSql(
      {
        name: 'http.server.request.duration',
        fromMs: 1795557600000,
        toMs: 1795558200000,
        stepSeconds: 60,
        filters: [{ label: parseLabelRef('service.name'), values: ['checkout'] }],
        groupBy: [parseLabelRef('http.route')],
      },
      'histogram',
      100,
    );
    expect(q.params).toMatchObject({ fromMs: 1795557600000, toMs: 1795558200000, stepMs: 60000, limit: 100, groupKey0: 'http.route' });
    expect(q).toMatchSnapshot();
  });

  it('knows which point types carry exemplars', () => {
    expect(['gauge', 'sum', 'histogram', 'exponential_histogram', 'summary'].map((t) => hasExemplars(t as never))).toEqual([true, true, true, true, false]);
  });
});
