/**
 * Daily snapshots on real chDB and PGlite: each day keeps the last facts taken that day, older
 * days stay as they were, and the trend scores every stored day with today's scorecard.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adoptionFactNames, type AdoptionFacts } from '../../shared/adoption.js';
import { openTestApi, type TestApi } from '../api/routes/testing.js';
import { getAdoption } from './get-adoption.js';
import { loadScorecards } from './scorecards.js';
import { readAdoptionSnapshots, writeAdoptionSnapshot } from './snapshot.js';
import type { DerivedService } from './derive-facts.js';

const D = 86_400_000;
const now = Date.parse('2026-12-02T12:00:00Z');
const facts = (over: Partial<AdoptionFacts>): AdoptionFacts => ({ ...(Object.fromEntries(adoptionFactNames.map((f) => [f, false])) as AdoptionFacts), hasCost: 'unknown', ...over });
const service = (name: string, team: string | null, over: Partial<AdoptionFacts>): DerivedService => ({ service: name, team, entity: null, facts: facts(over), template: null, runbook: null });

let api: TestApi;
beforeAll(async () => {
  api = await openTestApi();
});
afterAll(async () => {
  await api?.close();
});

describe('adoption snapshots', () => {
  it('keeps one row per service per day, the day\'s last pass winning', async () => {
    const owned = { ownedByGroup: true, hasDescription: true };
    // 30 Nov: checkout bronze; 1 Dec: checkout bronze, search-api none; 2 Dec taken twice, the second with full telemetry.
    await writeAdoptionSnapshot({ store: api.store, day: '2026-11-30', takenAt: now - 2 * D, services: [service('checkout', 'payments', owned)] });
    await writeAdoptionSnapshot({ store: api.store, day: '2026-12-01', takenAt: now - D, services: [service('checkout', 'payments', owned), service('search-api', 'search', {})] });
    await writeAdoptionSnapshot({ store: api.store, day: '2026-12-02', takenAt: now - 60_000, services: [service('checkout', 'payments', owned)] });
    await writeAdoptionSnapshot({
      store: api.store, day: '2026-12-02', takenAt: now,
      services: [service('checkout', 'payments', { ...owned, sendsTraces: true, sendsLogs: true, sendsMetrics: true, sendsDeploys: true }), service('search-api', 'search', {})],
    });
    const rows = await readAdoptionSnapshots(api.store, { fromDay: '2026-11-30', toDay: '2026-12-02' });
    expect(rows.map((r) => [r.day, r.service, r.team, r.facts.sendsTraces, r.facts.hasCost])).toEqual([
      ['2026-11-30', 'checkout', 'payments', false, 'unknown'],
      ['2026-12-01', 'checkout', 'payments', false, 'unknown'],
      ['2026-12-01', 'search-api', 'search', false, 'unknown'],
      ['2026-12-02', 'checkout', 'payments', true, 'unknown'],
      ['2026-12-02', 'search-api', 'search', false, 'unknown'],
    ]);
  });

  it('scores every stored day with the scorecard in force', async () => {
    const scorecards = loadScorecards(join(import.meta.dirname, '../../scorecards/default.yaml'));
    const r = await getAdoption({ store: api.store, meta: api.meta, scorecards, input: { days: 3, now } });
    // checkout: 2 of 8 (25 %, bronze) until 2 Dec, then 4 of 8 (50 %, silver); search-api 0 of 8.
    expect(r.trend.map((p) => [p.day, p.services, p.fullTelemetryPercent, p.scores[0]!.averageScore, p.scores[0]!.levels])).toEqual([
      ['2026-11-30', 1, 0, 25, { none: 0, bronze: 1, silver: 0, gold: 0 }],
      ['2026-12-01', 2, 0, 12.5, { none: 1, bronze: 1, silver: 0, gold: 0 }],
      ['2026-12-02', 2, 50, 25, { none: 1, bronze: 0, silver: 1, gold: 0 }],
    ]);
    // a team's trend follows the team each row had that day
    const search = await getAdoption({ store: api.store, meta: api.meta, scorecards, input: { days: 3, now, team: 'search' } });
    expect(search.trend.map((p) => [p.day, p.services])).toEqual([['2026-12-01', 1], ['2026-12-02', 1]]);
    // two days: 30 Nov is out
    const short = await getAdoption({ store: api.store, meta: api.meta, scorecards, input: { days: 2, now } });
    expect(short.trend.map((p) => p.day)).toEqual(['2026-12-01', '2026-12-02']);
  });
});
