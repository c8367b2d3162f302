/**
 * Exact math: hand-built minute series whose every figure is worked out in the comments.
 * Objective 0.999 (a budget of 0.001) unless a test says otherwise; burn = bad / (0.001 × total).
 */
import { describe, expect, it } from 'vitest';
import { defaultTiers, type SloDefinition } from '../model.js';
import { combine, constant, epoch, fixtureNow as N, fixtureSlo, lowTrafficBurst } from './fixtures.js';
import { alertMemories, evaluate, tierSecondsToExhaustion } from './index.js';
import type { AlertMemory, Evaluation, MinuteCounts } from './types.js';

/** Minutes [from, to) with `total` events each, `bad` of them bad. */
const run = (from: string | number, to: string | number, total: number, bad = 0): MinuteCounts[] =>
  constant({ from: typeof from === 'string' ? epoch(from) : from, to: typeof to === 'string' ? epoch(to) : to, good: total - bad, total });

/** Replaces the counts of the minutes in `patch` (an outage, a gap) in `series`. */
const patch = (series: MinuteCounts[], ...patches: MinuteCounts[][]): MinuteCounts[] => {
  const byMinute = new Map(series.map((m) => [m.minute, m]));
  for (const m of patches.flat()) byMinute.set(m.minute, m);
  return [...byMinute.values()].sort((a, b) => a.minute - b.minute);
};
const without = (series: MinuteCounts[], from: string, to: string) => series.filter((m) => m.minute < epoch(from) || m.minute >= epoch(to));

const burnOf = (e: Evaluation, seconds: number) => e.windows.find((w) => w.windowSeconds === seconds)!.burnRate;
const firing = (e: Evaluation) => e.alerts.filter((a) => a.state === 'firing').map((a) => a.name);

/** Evaluates at each time in turn, each evaluation remembering the last one's alerts. */
function sequence(slo: SloDefinition, minutes: MinuteCounts[], times: number[]): Evaluation[] {
  let previous: Record<string, AlertMemory> | undefined;
  return times.map((now) => {
    const evaluation = evaluate({ slo, now, minutes, previous });
    previous = alertMemories(evaluation.alerts);
    return evaluation;
  });
}

describe('rolling 30 days', () => {
  // 1,000 events a minute over the 30 days before N (43,200 minutes, 43,200,000 events), and:
  //   [N − 300, N)            30 bad a minute   → 150
  //   [N − 3600, N − 300)      6 bad a minute   → 330
  //   [N − 2d − 1h, N − 2d)  100 bad a minute   → 6,000
  //   the hour before the period: all bad (must not count); minute N: all bad (unfinished at N + 30)
  const day = 86400;
  const minutes = patch(
    run(N - 30 * day - 3600, N + 60, 1000),
    run(N - 30 * day - 3600, N - 30 * day, 1000, 1000),
    run(N - 3600, N - 300, 1000, 6),
    run(N - 300, N, 1000, 30),
    run(N - 2 * day - 3600, N - 2 * day, 1000, 100),
    run(N, N + 60, 1000, 1000),
  );
  const e = evaluate({ slo: fixtureSlo(), now: N + 30, minutes });

  it('SLI and burn rate per window', () => {
    const byWindow = Object.fromEntries(e.windows.map((w) => [w.windowSeconds, [w.total - w.good, w.total, w.burnRate]]));
    expect(byWindow).toEqual({
      300: [150, 5_000, 30], //            150 / 5,000 = 0.03
      1800: [300, 30_000, 10], //          25 × 6 + 150 = 300 / 30,000 = 0.01
      3600: [480, 60_000, 8], //           55 × 6 + 150 = 480 / 60,000 = 0.008
      7200: [480, 120_000, 4], //          0.004
      21600: [480, 360_000, expect.closeTo(4 / 3, 14)], // 0.001333…
      86400: [480, 1_440_000, expect.closeTo(1 / 3, 14)], // 0.000333…
      259200: [6_480, 4_320_000, 1.5], //  + the 6,000 two days ago: 0.0015
      2592000: [6_480, 43_200_000, 0.15], // 0.00015
    });
    expect(e.windows.find((w) => w.windowSeconds === 300)!.errorRatio).toBe(0.03);
  });

  it('budget: sli 0.99985, 6,480 of 43,200 allowed bad events spent → 0.85 left', () => {
    expect(e.period).toMatchObject({ periodStart: N - 30 * day, periodEnd: N, good: 43_193_520, total: 43_200_000 });
    expect(e.period.sli).toBeCloseTo(0.99985, 15);
    expect(e.period.remaining).toBeCloseTo(0.85, 14);
  });

  it('exhaustion at the 1h burn (8×): 0.85 × 2,592,000 / 8 = 275,400 s after now', () => {
    expect(e.period.exhaustionAt).toBeCloseTo(N + 30 + 275_400, 4);
  });

  it('per tier: time to exhaustion at its long-window burn', () => {
    const [pageFast, pageSlow, ticketFast, ticketSlow] = defaultTiers(30 * day);
    expect(tierSecondsToExhaustion(e, pageFast!)).toBeCloseTo(275_400, 4); //   8×
    expect(tierSecondsToExhaustion(e, pageSlow!)).toBeCloseTo(1_652_400, 4); //  4/3×: 0.85 × 2,592,000 × 3/4
    expect(tierSecondsToExhaustion(e, ticketFast!)).toBeCloseTo(6_609_600, 3); // 1/3×
    expect(tierSecondsToExhaustion(e, ticketSlow!)).toBeCloseTo(1_468_800, 4); // 1.5×
  });

  it('only ticket-slow fires: 3d at 1.5× and 6h at 4/3× are both over 1×', () => {
    expect(e.alerts.map((a) => [a.name, a.condition, a.longBurn, a.shortBurn, a.threshold])).toEqual([
      ['page-fast', false, 8, 30, 14.4],
      ['page-slow', false, expect.closeTo(4 / 3, 14), 10, 6],
      ['ticket-fast', false, expect.closeTo(1 / 3, 14), 4, 3],
      ['ticket-slow', true, 1.5, expect.closeTo(4 / 3, 14), 1],
    ]);
    expect(firing(e)).toEqual(['ticket-slow']);
  });
});

describe('rolling 30 days: tier states over a sequence of evaluations', () => {
  // 1,000 events a minute from S − 3d; from S, 20 bad a minute (a 20× burn) for `errorMinutes`.
  // After k minutes of errors (k ≤ 60) the 1h window holds 20k bad of 60,000: burn k/3, over
  // 14.4 from k = 44; the 5m window burns 20× while its 5 minutes are all in the burst.
  const S = N - 86400;
  const burst = (errorMinutes: number) => patch(run(S - 3 * 86400, S + 3600, 1000), run(S, S + errorMinutes * 60, 1000, 20));
  const at = (k: number) => S + k * 60;
  const states = (evaluations: Evaluation[]) => evaluations.map((e) => [(e.at - S) / 60, e.alerts[0]!.state, (e.alerts[0]!.since - S) / 60]);

  it('page-fast with for = 2m: pending at 44, firing at 46, resolved when the 5m window cools at 52', () => {
    const slo = fixtureSlo();
    slo.alerting.tiers = slo.alerting.tiers.map((t) => (t.name === 'page-fast' ? { ...t, forSeconds: 120 } : t));
    const evaluations = sequence(slo, burst(50), [42, 43, 44, 45, 46, 47, 50, 51, 52, 53, 54].map(at));
    // [minute k, state, since (minutes after S)]
    expect(states(evaluations)).toEqual([
      [42, 'inactive', 42], //  1h: 42/3 = 14 ≤ 14.4
      [43, 'inactive', 42], //  43/3 = 14.33
      [44, 'pending', 44], //   44/3 = 14.67, 5m: 20
      [45, 'pending', 44], //   held 1 min < 2 min
      [46, 'firing', 46], //    held 2 min
      [47, 'firing', 46],
      [50, 'firing', 46], //    1h: 50/3, 5m: 20 (minutes 45–49)
      [51, 'firing', 46], //    5m: minutes 46–49 bad of 46–50: 80 / 5,000 → 16×
      [52, 'resolved', 52], //  5m: 60 / 5,000 → 12× ≤ 14.4
      [53, 'inactive', 53],
      [54, 'inactive', 53],
    ]);
    expect(evaluations[4]!.alerts[0]).toMatchObject({ condition: true, longBurn: expect.closeTo(46 / 3, 13), shortBurn: 20 });
    // the other tiers never see it: page-slow's 6h burns k/18 ≤ 50/18 < 6
    expect(evaluations.flatMap((e) => e.alerts.slice(1).map((a) => a.state))).toEqual(Array(33).fill('inactive'));
  });

  it('page-fast with for = 5m: pending, then inactive when the burst ends before 5 minutes', () => {
    const slo = fixtureSlo();
    slo.alerting.tiers = slo.alerting.tiers.map((t) => (t.name === 'page-fast' ? { ...t, forSeconds: 300 } : t));
    // 46 minutes of errors: at 47 the 5m window (42–46) holds 4 bad minutes (16×); at 48, 3 (12×)
    expect(states(sequence(slo, burst(46), [43, 44, 46, 47, 48, 49].map(at)))).toEqual([
      [43, 'inactive', 43],
      [44, 'pending', 44],
      [46, 'pending', 44],
      [47, 'pending', 44],
      [48, 'inactive', 48],
      [49, 'inactive', 48],
    ]);
  });

  it('for = 0 fires at the first evaluation that sees the condition', () => {
    expect(states(sequence(fixtureSlo(), burst(50), [43, 44].map(at)))).toEqual([
      [43, 'inactive', 43],
      [44, 'firing', 44],
    ]);
  });
});

describe('calendar month, Europe/Paris, March 2026 (clocks forward on the 29th)', () => {
  // March runs from 2026-02-28T23:00Z (1st 00:00 CET) to 2026-03-31T22:00Z (1 April 00:00 CEST):
  // 2,674,800 s. Evaluated at 2026-03-31T21:00Z, an hour before its end: 44,520 minutes so far.
  // 1,000 events a minute, and:
  //   2026-02-28T22:59Z (23:59 on 28 February in Paris)   700 bad   not March
  //   2026-02-28T23:00Z (00:00 on 1 March)                 72 bad
  //   [2026-03-29T00:30Z, 01:30Z) across the change        70 bad a minute → 4,200
  //   [2026-03-31T20:00Z, 21:00Z) the last hour              3 bad a minute →   180
  // bad 4,452 of 44,520,000: sli 0.9999; 44,520 allowed → remaining 1 − 4,452 / 44,520 = 0.9.
  const slo = fixtureSlo({ period: { kind: 'calendar', unit: 'month', timezone: 'Europe/Paris' } });
  const minutes = patch(
    run('2026-02-25T00:00:00Z', '2026-03-31T22:10:00Z', 1000),
    run('2026-02-28T22:59:00Z', '2026-02-28T23:00:00Z', 1000, 700),
    run('2026-02-28T23:00:00Z', '2026-02-28T23:01:00Z', 1000, 72),
    run('2026-03-29T00:30:00Z', '2026-03-29T01:30:00Z', 1000, 70),
    run('2026-03-31T20:00:00Z', '2026-03-31T21:00:00Z', 1000, 3),
  );
  const now = epoch('2026-03-31T21:00:00Z');
  const e = evaluate({ slo, now, minutes });

  it('budget over the local month so far', () => {
    expect(e.period).toMatchObject({
      periodStart: epoch('2026-02-28T23:00:00Z'),
      periodEnd: epoch('2026-03-31T22:00:00Z'),
      good: 44_515_548,
      total: 44_520_000,
    });
    expect(e.period.sli).toBeCloseTo(0.9999, 15);
    expect(e.period.remaining).toBeCloseTo(0.9, 14);
  });

  it('the period window is the month so far: 2,671,200 s burning at 0.0001 / 0.001 = 0.1', () => {
    expect(e.windows.at(-1)).toMatchObject({ windowSeconds: 2_671_200, good: 44_515_548, total: 44_520_000 });
    expect(e.windows.at(-1)!.burnRate).toBeCloseTo(0.1, 14);
  });

  it("exhaustion uses the month's real length: 0.9 × 2,674,800 / 3 = 802,440 s (not 30 days' 777,600)", () => {
    expect(burnOf(e, 3600)).toBe(3); // 180 / 60,000 = 0.003
    expect(e.period.exhaustionAt).toBeCloseTo(now + 802_440, 4);
  });

  it('no tier fires: 3d burns 4,380 / 4,320,000 → 1.0139× but its 6h window only 0.5×', () => {
    expect(e.alerts.map((a) => [a.name, a.condition, a.longBurn, a.shortBurn])).toEqual([
      ['page-fast', false, 3, 3], //         1h 180 / 60,000; 5m 15 / 5,000
      ['page-slow', false, 0.5, 3], //       6h 180 / 360,000; 30m 90 / 30,000
      ['ticket-fast', false, 0.125, 1.5], // 1d 180 / 1,440,000; 2h 180 / 120,000
      ['ticket-slow', false, expect.closeTo(4380 / 4320, 14), 0.5],
    ]);
  });

  it('April starts at 00:00 CEST: an empty period in its first minute, then April only', () => {
    const first = evaluate({ slo, now: epoch('2026-03-31T22:00:30Z'), minutes });
    expect(first.period).toEqual({
      periodStart: epoch('2026-03-31T22:00:00Z'),
      periodEnd: epoch('2026-04-30T22:00:00Z'),
      good: 0,
      total: 0,
      sli: null,
      remaining: null,
      exhaustionAt: null,
    });
    expect(first.windows.map((w) => w.windowSeconds)).toEqual([300, 1800, 3600, 7200, 21600, 86400, 259200]);
    // five minutes in, the period so far is the 5m window
    const fifth = evaluate({ slo, now: epoch('2026-03-31T22:05:00Z'), minutes });
    expect(fifth.period).toMatchObject({ good: 5000, total: 5000, sli: 1, remaining: 1, exhaustionAt: null });
    expect(fifth.windows.map((w) => w.windowSeconds)).toEqual([300, 1800, 3600, 7200, 21600, 86400, 259200]);
  });
});

describe('calendar month, Europe/Paris, October 2026 (clocks back on the 25th)', () => {
  // October runs from 2026-09-30T22:00Z to 2026-10-31T23:00Z: 2,682,000 s. Evaluated at
  // 2026-10-25T12:00Z: 24 days 14 hours so far, 35,400 minutes. 1,000 events a minute, and:
  //   [2026-10-25T00:00Z, 02:00Z) 54 bad a minute → 6,480 (local 02:00–03:00 happens twice in it)
  //   [2026-10-25T11:00Z, 12:00Z) 10 bad a minute →   600
  // bad 7,080 of 35,400,000: sli 0.9998; remaining 1 − 7,080 / 35,400 = 0.8.
  const slo = fixtureSlo({ period: { kind: 'calendar', unit: 'month', timezone: 'Europe/Paris' } });
  const minutes = patch(
    run('2026-09-27T00:00:00Z', '2026-10-25T12:00:00Z', 1000),
    run('2026-10-25T00:00:00Z', '2026-10-25T02:00:00Z', 1000, 54),
    run('2026-10-25T11:00:00Z', '2026-10-25T12:00:00Z', 1000, 10),
  );
  const now = epoch('2026-10-25T12:00:00Z');
  const e = evaluate({ slo, now, minutes });

  it('budget', () => {
    expect(e.period).toMatchObject({ periodStart: epoch('2026-09-30T22:00:00Z'), periodEnd: epoch('2026-10-31T23:00:00Z'), good: 35_392_920, total: 35_400_000 });
    expect(e.period.sli).toBeCloseTo(0.9998, 15);
    expect(e.period.remaining).toBeCloseTo(0.8, 14);
  });

  it('exhaustion at the 1h burn (10×) over the 31-day-and-an-hour month: 0.8 × 2,682,000 / 10 = 214,560 s', () => {
    expect(burnOf(e, 3600)).toBe(10);
    expect(e.period.exhaustionAt).toBeCloseTo(now + 214_560, 4);
  });

  it('both ticket tiers fire, no page', () => {
    expect(e.alerts.map((a) => [a.name, a.condition, a.longBurn, a.shortBurn])).toEqual([
      ['page-fast', false, 10, 10], //                                   10 ≤ 14.4
      ['page-slow', false, expect.closeTo(5 / 3, 14), 10], //            6h: 600 / 360,000
      ['ticket-fast', true, expect.closeTo(7080 / 1440, 13), 5], //      1d: 7,080 / 1,440,000 = 4.92 > 3; 2h: 600 / 120,000 = 5 > 3
      ['ticket-slow', true, expect.closeTo(7080 / 4320, 14), expect.closeTo(5 / 3, 14)], // 3d: 1.64 > 1; 6h: 1.67 > 1
    ]);
    expect(e.alerts.filter((a) => a.state === 'firing').map((a) => [a.name, a.since])).toEqual([
      ['ticket-fast', now],
      ['ticket-slow', now],
    ]);
  });
});

describe('calendar week, Europe/Paris, timeslices (the week that loses an hour)', () => {
  // Week of Monday 23 March 2026: 2026-03-22T23:00Z to 2026-03-29T22:00Z, 601,200 s = 167 one-hour
  // slices (aligned to the week's start, so on the UTC hour). Objective 0.9: the budget is
  // 0.1 × 167 = 16.7 bad slices. Slice objective 0.95. 100 events a minute, and:
  //   the hour before the week all bad                                  not this week
  //   [2026-03-25T10:00Z, 10:10Z) 31 bad a minute: 310 / 6,000 = 0.948    bad slice
  //   [2026-03-26T03:00Z, 04:00Z) no events                               no verdict
  //   [2026-03-29T00:00Z, 01:00Z) 6 bad a minute: 0.94                    bad slice
  //   [2026-03-29T01:00Z, 02:00Z) 5 bad a minute: 0.95                    good (≥)
  // Evaluated at 2026-03-29T21:30Z: 166.5 h elapsed, 167 slices touched, 166 with data, 2 bad.
  const slo = fixtureSlo({
    objective: 0.9,
    period: { kind: 'calendar', unit: 'week', timezone: 'Europe/Paris' },
    budgeting: { method: 'timeslices', sliceSeconds: 3600, sliceObjective: 0.95 },
  });
  const minutes = without(
    patch(
      run('2026-03-22T22:00:00Z', '2026-03-30T00:00:00Z', 100),
      run('2026-03-22T22:00:00Z', '2026-03-22T23:00:00Z', 100, 100),
      run('2026-03-25T10:00:00Z', '2026-03-25T10:10:00Z', 100, 31),
      run('2026-03-29T00:00:00Z', '2026-03-29T01:00:00Z', 100, 6),
      run('2026-03-29T01:00:00Z', '2026-03-29T02:00:00Z', 100, 5),
    ),
    '2026-03-26T03:00:00Z',
    '2026-03-26T04:00:00Z',
  );
  const e = evaluate({ slo, now: epoch('2026-03-29T21:30:00Z'), minutes });

  it('sli is good slices over slices with data: 164 / 166', () => {
    expect(e.period.sli).toBe(164 / 166);
  });

  it('remaining counts every slice of the week: 1 − 2 / 16.7 = 147/167', () => {
    expect(e.period.remaining).toBeCloseTo(147 / 167, 15);
  });

  it('good and total stay events: 9,930 minutes of 100, 970 bad', () => {
    // 166.5 h = 9,990 minutes, less the silent hour; bad 310 + 360 + 300
    expect(e.period).toMatchObject({
      periodStart: epoch('2026-03-22T23:00:00Z'),
      periodEnd: epoch('2026-03-29T22:00:00Z'),
      good: 992_030,
      total: 993_000,
      exhaustionAt: null, // the last hour is clean
    });
    expect(e.windows.at(-1)!.windowSeconds).toBe(599_400);
  });
});

describe('rolling timeslices', () => {
  it('slices start at the rolling start and move with it', () => {
    // A 1h rolling period in 10-minute slices, objective 0.5: 0.5 × 6 = 3 bad slices allowed.
    // 10 events a minute; the minute N − 25m has all 10 bad.
    const minutes = patch(run(N - 7200, N + 600, 10), run(N - 1500, N - 1440, 10, 10));
    const slo = (sliceObjective: number) =>
      fixtureSlo({ objective: 0.5, period: { kind: 'rolling', seconds: 3600 }, budgeting: { method: 'timeslices', sliceSeconds: 600, sliceObjective } });
    // At N the slices start at N − 60m, N − 50m, …: the bad minute sits in [N − 30m, N − 20m)
    // with 9 good ones, 90 / 100: good at a 0.9 slice objective, bad at 0.95.
    expect(evaluate({ slo: slo(0.9), now: N, minutes }).period).toMatchObject({ periodStart: N - 3600, sli: 1, remaining: 1 });
    const e = evaluate({ slo: slo(0.95), now: N + 300, minutes });
    // At N + 5m they start at N − 55m, …: the bad minute opens [N − 25m, N − 15m), again 90 / 100.
    expect(e.period).toMatchObject({ periodStart: N - 3300, sli: 5 / 6 });
    expect(e.period.remaining).toBeCloseTo(2 / 3, 15); // 1 − 1 / 3
  });
});

describe('the low-traffic guard', () => {
  // 3 errors in 4 requests, two minutes ago, and nothing else: every window burns 0.75 / 0.001 = 750×.
  it('holds every tier back at minEvents = 100', () => {
    const slo = fixtureSlo();
    slo.alerting.minEvents = 100;
    const e = evaluate({ slo, now: N, minutes: lowTrafficBurst(N) });
    expect(e.alerts.map((a) => [a.name, a.longBurn, a.shortBurn, a.condition, a.guarded, a.state])).toEqual([
      ['page-fast', 750, 750, false, true, 'inactive'],
      ['page-slow', 750, 750, false, true, 'inactive'],
      ['ticket-fast', 750, 750, false, true, 'inactive'],
      ['ticket-slow', 750, 750, false, true, 'inactive'],
    ]);
  });

  it('without the guard the same burst pages', () => {
    expect(firing(evaluate({ slo: fixtureSlo(), now: N, minutes: lowTrafficBurst(N) }))).toEqual(['page-fast', 'page-slow', 'ticket-fast', 'ticket-slow']);
  });
});

describe('no data', () => {
  // noDataSeconds = 600. 1,000 events a minute until T0, none in [T0, T0 + 15m), then again.
  // The 10-minute window [end − 600, end) is first empty at T0 + 10m and holds minute T0 + 15m
  // from the evaluation at T0 + 16m (at T0 + 15m that minute is still unfinished).
  const T0 = N;
  const slo = fixtureSlo();
  slo.alerting.noDataSeconds = 600;
  const minutes = combine(run(T0 - 3600, T0, 1000), run(T0 + 900, T0 + 1200, 1000));
  const evaluations = sequence(slo, minutes, [9, 10, 11, 15, 16, 17].map((k) => T0 + k * 60));
  const noData = evaluations.map((e) => e.alerts.at(-1)!);

  it('fires after noDataSeconds without events and resolves when events return', () => {
    expect(noData.map((a) => [(a.since - T0) / 60, a.name, a.severity, a.condition, a.state])).toEqual([
      [9, 'no-data', 'ticket', false, 'inactive'], //  minute T0 − 1m is in [T0 − 1m, T0 + 9m)
      [10, 'no-data', 'ticket', true, 'firing'], //    [T0, T0 + 10m) is empty: fires at once
      [10, 'no-data', 'ticket', true, 'firing'],
      [10, 'no-data', 'ticket', true, 'firing'], //    T0 + 15m has not finished
      [16, 'no-data', 'ticket', false, 'resolved'],
      [17, 'no-data', 'ticket', false, 'inactive'],
    ]);
  });

  it('burn rates are null, not zero, without events, and no tier fires', () => {
    const quiet = evaluations[1]!; // T0 + 10m: the last hour still has 50 good minutes
    expect(quiet.windows[0]).toEqual({ windowSeconds: 300, good: 0, total: 0, errorRatio: null, burnRate: null });
    expect(quiet.alerts[0]).toMatchObject({ name: 'page-fast', longBurn: 0, shortBurn: null, condition: false, state: 'inactive' });
  });

  it('an SLO that has never had events: no SLI, no budget, no-data fires', () => {
    const e = evaluate({ slo, now: N, minutes: [] });
    expect(e.period).toMatchObject({ good: 0, total: 0, sli: null, remaining: null, exhaustionAt: null });
    expect(firing(e)).toEqual(['no-data']);
  });
});

describe('budget exhausted', () => {
  // A 1h rolling period at 99 % (budget 0.01), 100 events a minute: 6,000 an hour, 60 bad allowed.
  //   minute N − 60m: 60 bad;  minute N − 1m: 30 bad
  const slo = fixtureSlo({ objective: 0.99, period: { kind: 'rolling', seconds: 3600 } });
  slo.alerting.budgetExhausted = true;
  const minutes = patch(run(N - 7200, N + 600, 100), run(N - 3600, N - 3540, 100, 60), run(N - 60, N, 100, 30));
  const evaluations = sequence(slo, minutes, [N - 60, N, N + 60, N + 120]);

  it('fires while remaining ≤ 0 and resolves when the bad minute leaves the window', () => {
    expect(evaluations.map((e) => [e.period.remaining, e.alerts.at(-1)!.state, e.alerts.at(-1)!.since])).toEqual([
      [0, 'firing', N - 60], //    N − 1m: 60 bad of 60 allowed: exactly spent
      [-0.5, 'firing', N - 60], // N: 90 bad
      [0.5, 'resolved', N + 60], // N + 1m: minute N − 60m has left; 30 bad
      [0.5, 'inactive', N + 120],
    ]);
    expect(evaluations[0]!.alerts.at(-1)).toMatchObject({ name: 'budget-exhausted', severity: 'page' });
  });

  it('no exhaustion forecast once spent; half a budget at 0.5× lasts a full period', () => {
    expect(evaluations.map((e) => e.period.exhaustionAt)).toEqual([null, null, N + 60 + 3600, N + 120 + 3600]);
  });
});

describe('evaluate', () => {
  it('leaves out disabled tiers but still reports their windows', () => {
    const slo = fixtureSlo();
    slo.alerting.tiers = [...slo.alerting.tiers.slice(1), { ...slo.alerting.tiers[0]!, name: 'fast', longWindowSeconds: 600, shortWindowSeconds: 60, enabled: false }];
    const e = evaluate({ slo, now: N, minutes: run(N - 3600, N, 10) });
    expect(e.alerts.map((a) => a.name)).toEqual(['page-slow', 'ticket-fast', 'ticket-slow']);
    expect(e.windows.map((w) => w.windowSeconds)).toEqual([60, 300, 600, 1800, 3600, 7200, 21600, 86400, 259200, 2592000]);
  });

  it('is at `now`, as given', () => {
    expect(evaluate({ slo: fixtureSlo(), now: N + 59.5, minutes: [] }).at).toBe(N + 59.5);
  });
});
