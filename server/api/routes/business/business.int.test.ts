import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BusinessResult } from '../../../../shared/api.js';
import { formatMillis, formatNanos, type BusinessEventRow, type DeploymentRow } from '../../../storage/rows.js';
import { openTestApi, type TestApi } from '../testing.js';

const H = 3_600_000;
const base = Math.floor(Date.now() / H) * H - 48 * H;
const event = (name: string, offsetMs: number, value: number, service = 'checkout'): BusinessEventRow => ({
  Timestamp: formatNanos(BigInt(base + offsetMs) * 1_000_000n), Name: name, ServiceName: service, Attributes: {}, ResourceAttributes: { 'service.name': service },
  Value: value, EventId: '', Source: 'api',
});

/*
 * orders.placed of checkout: 10 orders of 20.00 in the day before D1 (finished at base + 24 h),
 * 8 orders of 30.00 in the day after: before 200, after 240, +40 (+20 %). signups: 3 events.
 */
let api: TestApi;
beforeAll(async () => {
  api = await openTestApi();
  const rows: BusinessEventRow[] = [];
  for (let i = 0; i < 10; i++) rows.push(event('orders.placed', 24 * H - (i + 1) * 2 * H + 60_000, 20));
  for (let i = 0; i < 8; i++) rows.push(event('orders.placed', 24 * H + i * 2 * H + 60_000, 30));
  rows.push(event('signups', H, 1, 'web'), event('signups', 2 * H, 1, 'web'), event('signups', 3 * H, 1, 'web'));
  await api.insert('business_events', rows);
  const d1: DeploymentRow = {
    DeploymentId: 'D1', Source: 'events', Service: 'checkout', Repo: 'acme/checkout', Environment: 'production', IsProduction: true, Status: 'success',
    ReportedAt: formatMillis(base + 24 * H), StartedAt: formatMillis(base + 24 * H - 600_000), FinishedAt: formatMillis(base + 24 * H),
    CommitSha: 'abc', CommitShas: [], Artifact: '', Kind: 'planned', RollbackOf: '', Url: '', DeliveryId: 'd1',
  };
  await api.insert('deployments', [d1]);
});
afterAll(async () => {
  await api?.close();
});

const range = `from=${base}&to=${base + 48 * H}`;

describe('GET /api/v1/business', () => {
  it('lists the event KPIs with their sums', async () => {
    const { status, body } = await api.get<BusinessResult>(`/api/v1/business?${range}`);
    expect(status).toBe(200);
    expect(body.kpis).toEqual([
      { name: 'orders.placed', source: 'events', events: 18, total: 440, services: ['checkout'] },
      { name: 'signups', source: 'events', events: 3, total: 3, services: ['web'] },
    ]);
  });

  it('gives one KPI per step, empty steps 0', async () => {
    const { body } = await api.get<BusinessResult>(`/api/v1/business?${range}&name=signups&step=3600`);
    const [time, total] = body.series!.data!.values as number[][];
    expect(time!.length).toBe(48);
    expect(total!.slice(0, 5)).toEqual([0, 1, 1, 1, 0]);
  });

  it('compares a KPI in the day before and after a deployment', async () => {
    const { body } = await api.get<BusinessResult>(`/api/v1/business?${range}&name=orders.placed&deployment=D1&window=24h`);
    expect(body.comparison).toEqual({
      name: 'orders.placed', deployment: { id: 'D1', service: 'checkout', finishedAt: base + 24 * H }, windowMs: 24 * H,
      before: { events: 10, total: 200 }, after: { events: 8, total: 240 }, difference: 40, relativeChange: 0.2,
    });
  });

  it('names what a comparison lacks', async () => {
    expect((await api.get<{ message: string }>(`/api/v1/business?${range}&deployment=D1`)).body.message).toBe('deployment: compares a KPI, so give name= too');
    const missing = await api.get<{ message: string }>(`/api/v1/business?${range}&name=orders.placed&deployment=D9`);
    expect([missing.status, missing.body.message]).toEqual([404, 'no deployment "D9"']);
  });
});
