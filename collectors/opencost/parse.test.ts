import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { defaultCostRules } from '../../server/cost/rules.js';
import { normaliseRecord, readHeader } from '../focus/normalise.js';
import { allocationResponse, allocationsToFocusCsv } from './parse.js';

const answer = allocationResponse.parse(JSON.parse(readFileSync(join(import.meta.dirname, 'testdata/allocation.json'), 'utf8')));
const day = { start: '2026-11-30T00:00:00Z', end: '2026-12-01T00:00:00Z' };

describe('OpenCost allocation → FOCUS', () => {
  it('turns each allocation into a FOCUS row the FOCUS import reads: team from the label, idle unallocated, components as x_ columns', () => {
    const { csv, rows } = allocationsToFocusCsv(answer, day, 'USD');
    expect(rows).toBe(3);
    const [head, ...records] = parse(csv) as string[][];
    const header = readHeader(head!);
    const ctx = { importId: 'i', part: 0, importedAt: '1796000000.000', rules: defaultCostRules() };
    const out = records.map((r, i) => normaliseRecord(header, r, i + 2, ctx)).map((r) => ('row' in r ? r.row : r));
    expect(out.map((r) => ('error' in r ? r : [r.BillingAccountId, r.ResourceId, r.EffectiveCost, r.BilledCost, r.Team, r.Service, r.ExtraColumns.x_CpuCost]))).toEqual([
      ['opencost:prod-eu', 'payments', '1.9', '1.9', 'payments', '', '1.25'],
      // OpenCost sends doubles: the shortest decimal of each, rounded to the column's 10 digits
      ['opencost:prod-eu', 'search', '1.0833333333', '1.0833333333', 'search', '', '0.75'],
      ['opencost:prod-eu', '__idle__', '3', '3', '', '', '2'],
    ]);
    expect(out[0]).toMatchObject({ BillingPeriodStart: 1_796_083_200 - 86_400, ChargePeriodEnd: 1_796_083_200, ProviderName: 'OpenCost', Tags: { team: 'payments', app: 'checkout', namespace: 'payments' } });
  });

  it('refuses an answer that is not an allocation set', () => {
    expect(allocationResponse.safeParse({ code: 200, data: [{ x: { name: 'x' } }] }).success).toBe(false);
  });
});
