import { describe, expect, it } from 'vitest';
import { reportRows } from './report';

describe('reportRows', () => {
  it('folds signals into one row per day and service, kinds most first, in the order given', () => {
    expect(
      reportRows([
        { day: '2026-03-02', service: 'billing', signal: 'logs', kind: 'email', count: 2 },
        { day: '2026-03-02', service: 'billing', signal: 'traces', kind: 'email', count: 1 },
        { day: '2026-03-02', service: 'billing', signal: 'traces', kind: 'key', count: 4 },
        { day: '2026-03-01', service: 'billing', signal: 'logs', kind: 'card', count: 1 },
        { day: '2026-03-01', service: 'checkout', signal: 'traces', kind: 'bearer', count: 1 },
      ]),
    ).toEqual([
      { day: '2026-03-02', service: 'billing', total: 7, kinds: [{ kind: 'key', count: 4 }, { kind: 'email', count: 3 }] },
      { day: '2026-03-01', service: 'billing', total: 1, kinds: [{ kind: 'card', count: 1 }] },
      { day: '2026-03-01', service: 'checkout', total: 1, kinds: [{ kind: 'bearer', count: 1 }] },
    ]);
  });

  it('gives no rows for an empty report', () => {
    expect(reportRows([])).toEqual([]);
  });
});
