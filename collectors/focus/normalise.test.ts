import { describe, expect, it } from 'vitest';
import { defaultCostRules } from '../../server/cost/rules.js';
import { decimalText, normaliseRecord, readHeader, utcSeconds } from './normalise.js';

const header = readHeader(['BillingAccountId', 'BillingCurrency', 'BillingPeriodStart', 'BillingPeriodEnd', 'ChargePeriodStart', 'ChargePeriodEnd', 'ChargeCategory', 'BilledCost', 'EffectiveCost', 'ServiceName', 'Tags', 'x_Discount', 'SkuId']);
const ctx = { importId: 'i1', part: 0, importedAt: '1796000000.000', rules: defaultCostRules() };
const record = (over: Record<number, string> = {}) => {
  const r = ['111', 'usd', '2026-11-01T00:00:00Z', '2026-12-01T00:00:00Z', '2026-11-03 00:00:00', '2026-11-04', 'Usage', '1.5e1', '0.12345678901', 'EC2', '{" Team ":"payments","n":3}', '-0.5', 'ABC'];
  for (const [i, v] of Object.entries(over)) r[Number(i)] = v;
  return r;
};

describe('FOCUS normalise', () => {
  it.each([
    ['13.70', '13.70'],
    ['-10', '-10'],
    ['1e-3', '0.0010000000'],
    ['0.00000000005', '0.0000000000'],
    ['0.00000000015', '0.0000000002'],
    ['+2.5', '2.5000000000'],
  ])('reads the decimal %s as %s (plain numbers as they are)', (input, out) => expect(decimalText(input, 'BilledCost')).toBe(out));

  it.each([['1,5'], ['12.5x'], ['NaN'], [''], ['1e40']])('refuses %j as an amount', (input) => expect(decimalText(input, 'BilledCost')).toHaveProperty('error'));

  it.each([
    ['2026-11-01T00:00:00Z', 1_793_491_200],
    ['2026-11-01', 1_793_491_200],
    ['2026-11-01 01:00:00+01:00', 1_793_491_200],
    ['2026-11-01T00:00:00.000Z', 1_793_491_200],
  ])('reads the date-time %s', (input, seconds) => expect(utcSeconds(input, 'X')).toBe(seconds));

  it.each([['2026-02-30'], ['11/01/2026'], ['2026-11-01T25:00:00Z']])('refuses the date-time %s', (input) => expect(utcSeconds(input, 'X')).toHaveProperty('error'));

  it('keeps a row with FOCUS names, Tags as a map, x_ and other columns aside, team from a messy key', () => {
    const result = normaliseRecord(header, record(), 2, ctx);
    expect(result).toMatchObject({
      row: {
        BillingCurrency: 'USD', BilledCost: '15.0000000000', EffectiveCost: '0.1234567890', ChargePeriodStart: 1_793_664_000, ChargePeriodEnd: 1_793_750_400,
        Tags: { ' Team ': 'payments', n: '3' }, ExtraColumns: { x_Discount: '-0.5', SkuId: 'ABC' }, Team: 'payments', ListCost: '0', Line: 2,
      },
    });
  });

  it.each([
    [{ 7: '' }, 'BilledCost is empty (FOCUS requires it)'],
    [{ 6: 'Refund' }, 'ChargeCategory: expected Usage, Purchase, Tax, Credit or Adjustment, got "Refund"'],
    [{ 10: '{team: payments}' }, 'Tags: not a JSON object: "{team: payments}"'],
    [{ 3: '2026-10-01T00:00:00Z' }, 'BillingPeriodEnd must be after BillingPeriodStart'],
  ])('refuses a row with %j: %s', (over, reason) => expect(normaliseRecord(header, record(over), 7, ctx)).toEqual({ error: reason }));

  it('refuses a row with a different number of fields, and a header without the required columns', () => {
    expect(normaliseRecord(header, ['a'], 3, ctx)).toEqual({ error: 'expected 13 fields as in the header, got 1' });
    expect(() => readHeader(['BilledCost', 'EffectiveCost'])).toThrow(/^not a FOCUS header: missing BillingAccountId, BillingCurrency,/);
  });
});
