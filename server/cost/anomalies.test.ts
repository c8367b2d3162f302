import { describe, expect, it } from 'vitest';
import { dailyCostSql, findAnomalies, type DailyCostRow } from './anomalies.js';
import { Money } from './decimal.js';

const DAY = 86_400;
const start = Date.UTC(2026, 10, 1) / 1000;
const series = (key: string, values: string[]): DailyCostRow[] => values.map((v, i) => ({ key, day: start + i * DAY, effective: v }));

describe('daily cost anomalies', () => {
  // days 1–14 are the baseline, the range is day 15 on
  const range = { fromSeconds: start + 14 * DAY, toSeconds: start + 16 * DAY };

  it('flags a jump over a flat baseline, and a day past mean + 3σ of a noisy one', () => {
    const rows = [
      ...series('checkout', [...Array(14).fill('10.00'), '25.00']),
      // day 15: mean 10, σ 1, 12 is within 3σ; day 16: baseline days 2–15 = 7 × 11 + 6 × 9 + 12 = 143, mean 10.214…,
      // σ 1.081…, 14 is past mean + 3σ (z 3.5), increase 3.79 ≥ max(20% of the mean, 1.00)
      ...series('search', [...Array.from({ length: 14 }, (_, i) => (i % 2 ? '11' : '9')), '12', '14']),
    ];
    expect(findAnomalies(rows, range)).toEqual([
      { key: 'checkout', day: '2026-11-15', effectiveCost: '25.00', baseline: '10.00', increase: '15.00', zScore: null, baselineDays: 14 },
      { key: 'search', day: '2026-11-16', effectiveCost: '14.00', baseline: '10.21', increase: '3.79', zScore: '3.5', baselineDays: 14 },
    ]);
  });

  it('ignores small amounts, short histories, and counts missing days as 0 from the first charged day', () => {
    const rows = [
      ...series('tiny', [...Array(14).fill('0.10'), '0.90']), // +0.80 < the 1.00 floor
      ...series('young', ['', '', '', '', '', '', '', '', '', '5', '5', '5', '5', '5', '50'].map((v) => v || '0')).filter((r) => r.effective !== '0'),
      // charged on days 1 and 14 only: the baseline is 14 days, twelve of them 0: mean 2, σ = √(336/14) = 4.899…, z = 28/4.899 = 5.7
      ...series('sparse', ['14', ...Array(12).fill(''), '14', '30']).filter((r) => r.effective !== ''),
    ];
    const found = findAnomalies(rows, range);
    expect(found.map((a) => a.key)).toEqual(['sparse']);
    expect(found[0]).toMatchObject({ day: '2026-11-15', baseline: '2.00', increase: '28.00', zScore: '5.7', baselineDays: 14 });
    expect(findAnomalies(series('x', [...Array(14).fill('0.10'), '0.90']), range, new Money('0.5'))).toHaveLength(1);
  });

  it('reads usage-based, unshared rows of one currency, from 14 days before the range', () => {
    const q = dailyCostSql({ fromSeconds: start, toSeconds: start + DAY, groupBy: 'team', currency: 'USD', serviceTeams: {} });
    expect(q.sql).toContain("ChargeFrequency = 'Usage-Based' AND SharedRule = ''");
    expect(q.params).toMatchObject({ from: start - 14 * DAY, to: start + DAY, currency: 'USD' });
  });
});
