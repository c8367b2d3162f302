import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DoraBreakdownResult, DoraChangeItem, DoraDeploymentItem, DoraIncidentItem, DoraList } from '../../../../shared/api.js';
import { openTestApi, type TestApi } from '../testing.js';
import { D, H, insertDoraHistory, T0 } from './history.js';

// The history and its hand-computed figures: ./history.ts. The lists must hold exactly what
// GET /api/v1/dora counted there.
let api: TestApi;
beforeAll(async () => {
  api = await openTestApi();
  await insertDoraHistory(api);
});
afterAll(async () => {
  await api?.close();
});

const week = `from=${T0}&to=${T0 + 7 * D}`;
const get = <T>(path: string) => api.get<T>(`/api/v1/dora/${path}`);

describe('GET /api/v1/dora/breakdown', () => {
  it('gives each service and each team its five metrics', async () => {
    const { status, body } = await get<DoraBreakdownResult>(`breakdown?${week}`);
    expect(status).toBe(200);
    const checkout = {
      deployments: 5, deploymentDays: 3, perDay: 5 / 7, leadTimeMedianMinutes: 150, leadTimeSamples: 8, changeFailureRate: 3 / 5, failedDeployments: 3,
      recoveryMedianMinutes: 180, recoverySamples: 3, reworkRate: 2 / 5, unplannedDeployments: 2,
      levels: { deploymentFrequency: 'high', leadTimeMinutes: 'elite', changeFailureRate: 'low', failedDeploymentRecoveryMinutes: 'high' },
    };
    const ledger = {
      deployments: 1, deploymentDays: 1, perDay: 1 / 7, leadTimeMedianMinutes: 60, leadTimeSamples: 1, changeFailureRate: 0, failedDeployments: 0,
      recoveryMedianMinutes: null, recoverySamples: 0, reworkRate: 0, unplannedDeployments: 0,
      levels: { deploymentFrequency: 'high', leadTimeMinutes: 'elite', changeFailureRate: 'elite', failedDeploymentRecoveryMinutes: null },
    };
    expect(body.services).toEqual([
      { name: 'checkout', team: 'payments', ...checkout },
      { name: 'ledger', team: 'finance', ...ledger },
    ]);
    expect(body.teams).toEqual([
      { name: 'finance', services: 1, ...ledger },
      { name: 'payments', services: 1, ...checkout },
    ]);
    expect(body.bandsYear).toBe(2024);
  });

  it('narrows to a team, and says nothing for an empty range', async () => {
    const team = (await get<DoraBreakdownResult>(`breakdown?${week}&team=payments`)).body;
    expect(team.services.map((s) => s.name)).toEqual(['checkout']);
    expect(team.teams.map((t) => [t.name, t.deployments])).toEqual([['payments', 5]]);
    const empty = (await get<DoraBreakdownResult>(`breakdown?from=${T0 + 30 * D}&to=${T0 + 37 * D}`)).body;
    expect(empty).toMatchObject({ services: [], teams: [] });
  });
});

describe('drill-down lists', () => {
  const brief = (d: DoraDeploymentItem) => [d.id, d.status, d.counted, d.failed, d.rolledBackBy, d.incidents, d.unplanned, d.unplannedReason];

  it('lists the deployments with why each failed (link method, rollback) or was unplanned', async () => {
    const { status, body } = await get<DoraList<DoraDeploymentItem>>(`deployments?${week}`);
    expect(status).toBe(200);
    expect(body.total).toBe(7);
    expect(body.items.map(brief)).toEqual([
      ['R1', 'success', true, false, null, [], true, 'rollback'],
      ['D5', 'success', true, true, 'R1', [{ id: 'I4', method: 'explicit' }], false, null],
      ['D4', 'success', true, false, null, [], true, 'hotfix'],
      ['D3', 'success', true, true, null, [{ id: 'I1', method: 'heuristic' }], false, null],
      ['D2', 'failure', false, false, null, [], false, null],
      ['D1', 'success', true, true, null, [{ id: 'I2', method: 'explicit' }], false, null],
      ['L1', 'success', true, false, null, [], false, null],
    ]);
    expect(body.items[1]).toMatchObject({ service: 'checkout', environment: 'production', finishedAt: T0 + 4 * D + 10 * H, commit: 'c6', kind: 'planned' });
  });

  it('filters to the failed and the unplanned ones, scoped and paged', async () => {
    const failed = (await get<DoraList<DoraDeploymentItem>>(`deployments?${week}&filter=failed`)).body;
    expect([failed.total, failed.items.map((d) => d.id)]).toEqual([3, ['D5', 'D3', 'D1']]);
    const unplanned = (await get<DoraList<DoraDeploymentItem>>(`deployments?${week}&filter=unplanned&team=payments`)).body;
    expect([unplanned.total, unplanned.items.map((d) => d.id)]).toEqual([2, ['R1', 'D4']]);
    const page = (await get<DoraList<DoraDeploymentItem>>(`deployments?${week}&limit=2`)).body;
    expect([page.total, page.limit, page.items.map((d) => d.id)]).toEqual([7, 2, ['R1', 'D5']]);
    const ledger = (await get<DoraList<DoraDeploymentItem>>(`deployments?${week}&service=ledger`)).body;
    expect(ledger.items.map((d) => d.id)).toEqual(['L1']);
  });

  it('lists the commits with their lead time, squash-merged ones through their merge', async () => {
    const { body } = await get<DoraList<DoraChangeItem>>(`changes?${week}`);
    expect(body.total).toBe(10);
    expect(body.items.map((c) => [c.sha, c.deploymentId, c.viaMerge, c.leadTimeMinutes, c.counted])).toEqual([
      ['c6', 'D5', null, 60, true],
      ['c5', 'D4', null, 15, true],
      ['c4', 'D3', null, 60, true],
      ['c3', 'D3', null, 180, true],
      ['c2', 'D1', null, 120, true],
      ['p3', 'D1', 'm1', 420, true],
      ['p2', 'D1', 'm1', 480, true],
      ['p1', 'D1', 'm1', 1440, true],
      ['l2', 'L1', null, -60, false],
      ['l1', 'L1', null, 60, true],
    ]);
    expect(body.items[7]).toMatchObject({ service: 'checkout', committedAt: T0 + 10 * H, deployedAt: T0 + D + 10 * H });
  });

  it('lists the incidents with their recovery time and link', async () => {
    const { body } = await get<DoraList<DoraIncidentItem>>(`incidents?${week}`);
    expect(body.total).toBe(4);
    expect(body.items).toEqual([
      { service: 'checkout', id: 'I2', title: 'I2', severity: 'sev2', openedAt: T0 + 5 * D, resolvedAt: T0 + 5 * D + 2 * H, deployment: { id: 'D1', method: 'explicit', finishedAt: T0 + D + 10 * H }, recoveryMinutes: 5280, counted: true },
      { service: 'checkout', id: 'I4', title: 'I4', severity: 'sev2', openedAt: T0 + 4 * D + 11.5 * H, resolvedAt: T0 + 4 * D + 12 * H, deployment: { id: 'D5', method: 'explicit', finishedAt: T0 + 4 * D + 10 * H }, recoveryMinutes: 120, counted: true },
      { service: 'ledger', id: 'I3', title: 'I3', severity: 'sev2', openedAt: T0 + 4 * D + 10.5 * H, resolvedAt: T0 + 4 * D + 12 * H, deployment: null, recoveryMinutes: null, counted: false },
      { service: 'checkout', id: 'I1', title: 'I1', severity: 'sev2', openedAt: T0 + 2 * D + 14 * H, resolvedAt: T0 + 2 * D + 15 * H, deployment: { id: 'D3', method: 'heuristic', finishedAt: T0 + 2 * D + 12 * H }, recoveryMinutes: 180, counted: true },
    ]);
  });

  it('refuses a bad filter and a limit past the cap, naming the parameter', async () => {
    const bad = await api.get<{ message: string }>(`/api/v1/dora/deployments?${week}&filter=broken`);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('filter');
    const big = await api.get<{ message: string }>(`/api/v1/dora/changes?${week}&limit=5000`);
    expect(big.status).toBe(400);
    expect(big.body.message).toContain('limit');
  });
});
