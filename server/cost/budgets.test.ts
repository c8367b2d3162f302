import { describe, expect, it } from 'vitest';
import { forecastMonth, monthBounds } from './budgets.js';
import { Money } from './decimal.js';
import { parseCostRules } from './rules.js';

const DAY = 86_400;
const nov = monthBounds('2026-11');

describe('budget forecast', () => {
  it('reads a month as [its first day, the next one) in UTC', () => {
    expect(nov).toEqual({ start: 1_793_491_200, end: 1_793_491_200 + 30 * DAY });
    expect(monthBounds('2026-12').end).toBe(Date.UTC(2027, 0, 1) / 1000);
  });

  it.each([
    // 10 days of 10.00 usage, 30-day month: 100 + 100 × 20/10 = 300
    ['usage only', '100', '100', 10, 12, '300'],
    // a 40.00 support fee counts as charged, only usage runs on: 140 + 100 × 2 = 340
    ['recurring charges are not extrapolated', '140', '100', 10, 12, '340'],
    // bills lag: the run rate is measured up to the data, not up to now
    ['data lags now', '100', '100', 10, 25, '300'],
    ['the month is over: what it cost', '123.45', '100', 10, 31, '123.45'],
  ])('%s', (_name, charged, usage, dataDays, nowDays, forecast) => {
    expect(forecastMonth(new Money(charged), new Money(usage), nov, nov.start + dataDays * DAY, nov.start + nowDays * DAY).toString()).toBe(forecast);
  });

  it('forecasts what was charged when no usage is imported yet', () => {
    expect(forecastMonth(new Money('40'), new Money(0), nov, null, nov.start + DAY).toString()).toBe('40');
  });

  it('reads budgets from the rules file, one per team and currency', () => {
    expect(parseCostRules('budgets:\n  - { team: payments, monthly: 5000 }\n  - { team: search, monthly: "1250.50", currency: eur }\n').budgets).toEqual([
      { team: 'payments', monthly: '5000', currency: 'USD' },
      { team: 'search', monthly: '1250.50', currency: 'EUR' },
    ]);
    expect(() => parseCostRules('budgets:\n  - { team: a, monthly: 1 }\n  - { team: A, monthly: 2 }\n', 'r.yaml')).toThrow('r.yaml:3:13: budgets.1.team: team "A" has two USD budgets');
    expect(() => parseCostRules('budgets:\n  - { team: a, monthly: "12,5" }\n', 'r.yaml')).toThrow('r.yaml:2:25: budgets.0.monthly: expected an amount such as 5000 or 1250.50');
  });
});
