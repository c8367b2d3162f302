import { describe, expect, it } from 'vitest';
import { alertUnits } from './alert-rules.js';
import { simulate } from './burn-simulation.js';
import { slothGettingStarted } from './testdata/slos.js';

/** Cumulative counters: `total` events a minute, errors at errorRatio(minute). */
function traffic(minutes: number, total: number, errorRatio: (m: number) => number) {
  const errors = [0];
  const totals = [0];
  for (let m = 1; m <= minutes; m++) {
    errors.push(errors[m - 1]! + total * errorRatio(m));
    totals.push(totals[m - 1]! + total);
  }
  return { errors, total: totals };
}

describe('simulate', () => {
  const base = slothGettingStarted();
  const slo = { ...base, alerting: { ...base.alerting, tiers: base.alerting.tiers.map((t) => ({ ...t, forSeconds: 0 })) } };
  const [page, ticket] = alertUnits(slo);

  it('computes window ratios as increases over the window', () => {
    const sim = simulate(slo, traffic(120, 1000, (m) => (m > 60 ? 0.02 : 0)));
    expect(sim.ratio(120, 60)).toBeCloseTo(0.02, 12);
    expect(sim.ratio(120, 120)).toBeCloseTo(0.01, 12);
    expect(sim.ratio(90, 5)).toBeCloseTo(0.02, 12);
  });

  it('fires page-fast once the 1h window is over 14.4× the budget, and not before', () => {
    // 6h clean, then 2.16% errors: the 1h ratio passes 1.44% after 40 minutes of errors.
    const sim = simulate(slo, traffic(600, 1000, (m) => (m > 360 ? 0.0216 : 0)), 5);
    expect(sim.firing(page!, 395)).toBe(false);
    expect(sim.firing(page!, 405)).toBe(true);
    expect(sim.holds(page!.tiers[1]!, 405)).toBe(false);
    // with under 3d of data, the 3d window is the whole history: ticket-slow holds already
    expect(sim.holds(ticket!.tiers[1]!, 405)).toBe(true);
  });

  it('holds a firing alert back for its `for`', () => {
    const held = { ...base, alerting: { ...slo.alerting, tiers: slo.alerting.tiers.map((t) => ({ ...t, forSeconds: 900 })) } };
    const [heldPage] = alertUnits(held);
    const sim = simulate(held, traffic(600, 1000, (m) => (m > 360 ? 0.0216 : 0)), 5);
    expect(sim.firing(heldPage!, 415)).toBe(false);
    expect(sim.firing(heldPage!, 420)).toBe(true);
  });

  it('exhausts the budget when period errors reach 0.1% of period events', () => {
    // 0.25% errors after 300 clean minutes: 0.1% of all events at minute 500
    const sim = simulate(slo, traffic(600, 1000, (m) => (m > 300 ? 0.0025 : 0)), 5);
    expect(sim.budgetExhausted(480)).toBe(false);
    expect(sim.budgetExhausted(520)).toBe(true);
  });
});
