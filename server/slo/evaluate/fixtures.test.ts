import { describe, expect, it } from 'vitest';
import { combine, constant, crossCheckScenarios, epoch, fixtureNow, fixtureSlo, lowTrafficBurst, steadyBurn } from './fixtures.js';
import { evaluate } from './index.js';

describe('fixtures', () => {
  it('fixtureNow is Monday 1 June 2026, 12:00 UTC', () => {
    expect(fixtureNow).toBe(1_780_315_200);
    expect(new Date(fixtureNow * 1000).getUTCDay()).toBe(1);
    expect(() => epoch('yesterday')).toThrow('epoch(): expected an ISO 8601 time, got "yesterday"');
  });

  it('constant and combine', () => {
    expect(constant({ from: 0, to: 180, good: 9, total: 10 })).toEqual([
      { minute: 0, good: 9, total: 10 },
      { minute: 60, good: 9, total: 10 },
      { minute: 120, good: 9, total: 10 },
    ]);
    expect(combine([{ minute: 60, good: 1, total: 1 }], [{ minute: 0, good: 0, total: 2 }, { minute: 60, good: 2, total: 2 }])).toEqual([
      { minute: 0, good: 0, total: 2 },
      { minute: 60, good: 3, total: 3 },
    ]);
  });

  it('steadyBurn(14.4, …) burns at exactly 14.4 in every window it fills', () => {
    const minutes = steadyBurn(14.4, 3 * 1440);
    expect(minutes[0]).toEqual({ minute: fixtureNow - 259_200, good: 9856, total: 10_000 });
    expect(minutes.at(-1)!.minute).toBe(fixtureNow - 60);
    const e = evaluate({ slo: fixtureSlo(), now: fixtureNow, minutes });
    expect(e.windows.filter((w) => w.windowSeconds <= 259_200).map((w) => w.burnRate)).toEqual(Array(7).fill(14.4));
    expect(e.windows.filter((w) => w.windowSeconds <= 259_200).map((w) => w.errorRatio)).toEqual(Array(7).fill(0.0144));
  });

  it('steadyBurn takes another objective, total and end', () => {
    expect(steadyBurn(6, 2, { objective: 0.99, total: 100, end: 600 })).toEqual([
      { minute: 480, good: 94, total: 100 },
      { minute: 540, good: 94, total: 100 },
    ]);
  });

  it('steadyBurn refuses a burn that is not a whole number of bad events', () => {
    expect(() => steadyBurn(14.4, 60, { total: 1000 })).toThrow('14.4 × 0.001 × 1000 = 14.4');
  });

  it('lowTrafficBurst: 3 bad of 4, two minutes before now', () => {
    expect(lowTrafficBurst()).toEqual([{ minute: fixtureNow - 120, good: 1, total: 4 }]);
  });
});

describe('crossCheckScenarios', () => {
  it.each(crossCheckScenarios().map((s) => [s.name, s] as const))('%s: the evaluator fires the tiers it names', (_, scenario) => {
    const e = evaluate({ slo: fixtureSlo(), now: scenario.now, minutes: scenario.minutes });
    expect(e.alerts.filter((a) => a.condition).map((a) => a.name)).toEqual(scenario.firing);
    expect(scenario.minutes).toHaveLength(3 * 1440);
  });

  it('keep every burn at least 7 % away from its threshold', () => {
    for (const scenario of crossCheckScenarios()) {
      const e = evaluate({ slo: fixtureSlo(), now: scenario.now, minutes: scenario.minutes });
      for (const a of e.alerts) {
        for (const burn of [a.longBurn, a.shortBurn]) {
          if (burn === null || burn === undefined) continue;
          expect(Math.abs(burn - a.threshold!) / a.threshold!, `${scenario.name} ${a.name}`).toBeGreaterThan(0.07);
        }
      }
    }
  });
});
