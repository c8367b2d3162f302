import { describe, expect, it } from 'vitest';
import { parseLabelRef } from './selector.js';
import { seriesCountSql } from './series-count.js';

describe('seriesCountSql', () => {
  it('counts distinct groups over the range, stopping at upTo', () => {
    const q = seriesCountSql(
      {
        name: 'http.server.duration',
        fromMs: 1795557550000,
        toMs: 1795561150000,
        stepSeconds: 60,
        filters: [{ label: parseLabelRef('service.name'), values: ['checkout'] }],
        groupBy: [parseLabelRef('http.route'), parseLabelRef('resource.host.name')],
      },
      'histogram',
      501,
    );
    expect(q).toMatchSnapshot();
  });
});
