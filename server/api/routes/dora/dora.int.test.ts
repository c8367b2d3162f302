import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DoraResult } from '../../../../shared/api.js';
import { openTestApi, type TestApi } from '../testing.js';
import { D, insertDoraHistory, T0 } from './history.js';

// The history and its hand-computed figures: ./history.ts.
let api: TestApi;
beforeAll(async () => {
  api = await openTestApi();
  await insertDoraHistory(api);
});
afterAll(async () => {
  await api?.close();
});

const week = `from=${T0}&to=${T0 + 7 * D}`;
const dora = (query: string) => api.get<DoraResult>(`/api/v1/dora?${query}`);

describe('GET /api/v1/dora', () => {
  it('computes the five metrics for the organisation', async () => {
    const { status, body } = await dora(week);
    expect(status).toBe(200);
    expect(body.scope).toEqual({ kind: 'organisation', environment: 'production' });
    expect(body.deploymentFrequency).toEqual({ deployments: 6, deploymentDays: 4, perDay: 6 / 7, perWeek: 6 });
    expect(body.changeFailureRate).toEqual({ value: 0.5, failedDeployments: 3, deployments: 6, rolledBack: 1, causedIncident: 3 });
    expect(body.reworkRate).toEqual({ value: 2 / 6, unplannedDeployments: 2, deployments: 6 });
    expect(body.leadTimeMinutes).toEqual({ median: 120, p90: 672, samples: 9, droppedNegative: 1 });
    expect(body.failedDeploymentRecoveryMinutes).toEqual({ median: 180, p90: 4260, samples: 3, unresolved: 0 });
    expect(body.incidentLinks).toEqual({ explicit: 2, heuristic: 1 });
    expect(body.bands.year).toBe(2024);
    // 6/7 a day: daily to weekly; 2 h median: under a day; 50 %: past 40 %; 3 h: under a day.
    expect([body.bands.deploymentFrequency.level, body.bands.leadTimeMinutes.level, body.bands.changeFailureRate.level, body.bands.failedDeploymentRecoveryMinutes.level]).toEqual(['high', 'elite', 'low', 'high']);
    expect(body.bands.reworkRate.level).toBeNull();
  });

  it('labels with the 2023 clusters when asked', async () => {
    const { body } = await dora(`${week}&bandsYear=2023`);
    expect(body.bands.year).toBe(2023);
    expect(body.bands.changeFailureRate.level).toBe('low');
  });

  it('scopes to one team through the catalog, and to one service', async () => {
    const team = (await dora(`${week}&team=payments`)).body;
    expect(team.scope).toEqual({ kind: 'team', team: 'payments', services: ['checkout'], environment: 'production' });
    expect(team.deploymentFrequency).toMatchObject({ deployments: 5, deploymentDays: 3 });
    expect(team.changeFailureRate).toMatchObject({ value: 3 / 5, failedDeployments: 3 });
    expect(team.reworkRate.value).toBe(2 / 5);
    expect(team.leadTimeMinutes).toEqual({ median: 150, p90: 768, samples: 8, droppedNegative: 0 });

    const ledger = (await dora(`${week}&service=ledger`)).body;
    expect(ledger.deploymentFrequency).toMatchObject({ deployments: 1, deploymentDays: 1 });
    expect(ledger.changeFailureRate.value).toBe(0);
    expect(ledger.leadTimeMinutes).toEqual({ median: 60, p90: 60, samples: 1, droppedNegative: 1 });
    expect(ledger.failedDeploymentRecoveryMinutes).toMatchObject({ median: null, samples: 0, reason: expect.any(String) });
  });

  it('measures another environment by name', async () => {
    const { body } = await dora(`${week}&environment=staging`);
    expect(body.deploymentFrequency).toMatchObject({ deployments: 1, deploymentDays: 1 });
  });

  it('buckets a series by day', async () => {
    const { body } = await dora(`${week}&bucket=day`);
    expect(body.series.map((p) => p.deployments)).toEqual([1, 1, 2, 0, 2, 0, 0]);
    expect(body.series[2]).toEqual({ time: T0 + 2 * D, deployments: 2, changeFailureRate: 0.5, reworkRate: 0.5, leadTimeMedianMinutes: 60, recoveryMedianMinutes: 180 });
    expect(body.deploymentFrequency.deployments).toBe(6);
  });

  it('says "no data" for an empty range, never zero', async () => {
    const { body } = await dora(`from=${T0 + 30 * D}&to=${T0 + 37 * D}`);
    expect(body.deploymentFrequency).toMatchObject({ deployments: 0, perDay: null, reason: 'no successful deployments in the range' });
    expect(body.changeFailureRate.value).toBeNull();
    expect(body.reworkRate.value).toBeNull();
    expect(body.leadTimeMinutes.median).toBeNull();
    expect(body.failedDeploymentRecoveryMinutes.median).toBeNull();
    expect(body.bands.changeFailureRate).toMatchObject({ level: null, reason: expect.any(String) });
  });

  it('refuses service and team together, and a range past the long-range cap', async () => {
    const both = await api.get<{ code: string; message: string }>(`/api/v1/dora?${week}&service=checkout&team=payments`);
    expect(both.status).toBe(400);
    expect(both.body.message).toContain('service or team');
    const long = await api.get<{ code: string; message: string }>(`/api/v1/dora?from=${T0 - 500 * D}&to=${T0}`);
    expect(long.status).toBe(400);
    expect(long.body.message).toContain('OCTOLENS_QUERY_MAX_LONG_RANGE_DAYS');
  });
});
