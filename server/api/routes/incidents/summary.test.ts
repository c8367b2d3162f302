import { describe, expect, it } from 'vitest';
import { firstSignal, median, minutesBetween, type FiredAlert } from './summary.js';

describe('incident figures', () => {
  it('takes the median of the values present', () => {
    expect(median([])).toEqual({ median: null, samples: 0 });
    expect(median([null, 7])).toEqual({ median: 7, samples: 1 });
    expect(median([3, null, 1, 10])).toEqual({ median: 3, samples: 3 });
    expect(median([6, 3.5])).toEqual({ median: 4.75, samples: 2 });
  });
  it('measures minutes to two decimals', () => {
    expect(minutesBetween(0, 210_000)).toBe(3.5);
    expect(minutesBetween(0, 10_001)).toBe(0.17);
    expect(minutesBetween(0, null)).toBeNull();
  });
  it("takes the service's earliest firing within the lookback, up to the opening", () => {
    const a = (service: string, atMs: number): FiredAlert => ({ sloId: `${service}-${atMs}`, name: 'x', severity: 'page', service, atMs });
    const alerts = [a('checkout', 0), a('tax', 50), a('checkout', 60), a('checkout', 120)];
    expect(firstSignal(alerts, 'checkout', 100, 50)?.atMs).toBe(60);
    expect(firstSignal(alerts, 'checkout', 100, 100)?.atMs).toBe(0);
    expect(firstSignal(alerts, 'checkout', 60, 10)?.atMs).toBe(60);
    expect(firstSignal(alerts, 'ledger', 100, 100)).toBeUndefined();
  });
});
