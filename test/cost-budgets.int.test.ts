/**
 * Team budgets through the real hub: the rules file's budgets, GET /api/v1/cost/budgets for
 * a finished month (the FOCUS sample's November: the forecast is what it cost) and for this
 * month (usage charged every day so far, extrapolated to the month's end), and the
 * CostBudgetForecastOverrun alert reaching a webhook through the alerting fanout; and the daily
 * anomalies of GET /api/v1/cost/anomalies over an imported September; and the unit cost of
 * GET /api/v1/cost/unit (today's cost of a service over its server spans, sent with OTLP).
 */
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CostAnomaliesResult, CostBudgetsResult } from '../shared/api.js';
import type { CostUnitResult } from '../server/cost/unit-cost.js';
import { eventually } from './support/eventually.js';
import { freePort, getJson, startHub, type RunningHub } from './support/hub.js';

const testdata = resolve(import.meta.dirname, '../collectors/focus/testdata');
const rules = `${readFileSync(join(testdata, 'cost-rules.yaml'), 'utf8')}
budgets:
  - { team: payments, monthly: 100 }
  - { team: search, monthly: "1000.00" }
  - { team: payments, monthly: 45, currency: EUR }
`;

/** This month's FOCUS rows: payments 10.00 and search 1.00 of usage every day from the 1st through today (UTC). */
function thisMonth(now: Date): { csv: string; days: number; daysInMonth: number; month: string } {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  const day = (d: number) => new Date(Date.UTC(y, m, d)).toISOString().replace('.000Z', 'Z');
  const days = now.getUTCDate();
  const daysInMonth = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const lines = ['BillingAccountId,BillingCurrency,BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,ChargeCategory,ChargeFrequency,BilledCost,EffectiveCost,ServiceName,Tags'];
  for (let d = 1; d <= days; d++) {
    lines.push(`999,USD,${day(1)},${day(daysInMonth + 1)},${day(d)},${day(d + 1)},Usage,Usage-Based,10.00,10.00,EC2,"{""team"":""payments""}"`);
    lines.push(`999,USD,${day(1)},${day(daysInMonth + 1)},${day(d)},${day(d + 1)},Usage,Usage-Based,1.00,1.00,EC2,"{""Team"":""search""}"`);
  }
  return { csv: `${lines.join('\n')}\n`, days, daysInMonth, month: now.toISOString().slice(0, 7) };
}

let hub: RunningHub;
let receiver: Server;
const posts: Array<{ status: string; alerts: Array<{ labels: Record<string, string>; annotations: Record<string, string> }> }> = [];

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'octolens-budgets-'));
  writeFileSync(join(dir, 'rules.yaml'), rules);
  const port = await freePort();
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      posts.push(JSON.parse(body) as (typeof posts)[number]);
      res.end('ok');
    });
  });
  await new Promise<void>((r) => receiver.listen(port, '127.0.0.1', () => r()));
  hub = await startHub({
    env: { OCTOLENS_COST_RULES: join(dir, 'rules.yaml'), OCTOLENS_COST_BUDGET_INTERVAL_MS: '1000', OCTOLENS_ALERT_WEBHOOK_URL: `http://127.0.0.1:${port}/hook` },
  });
});

afterAll(async () => {
  await hub?.dispose();
  await new Promise<void>((r) => (receiver ? receiver.close(() => r()) : r()));
});

describe('team budgets through the hub', () => {
  it('a finished month forecasts what it cost: payments 132.79 of 100 overruns, search 119.42 of 1000 does not', async () => {
    const res = await fetch(`${hub.apiUrl}/ingest/cost/focus`, { method: 'POST', headers: { 'Content-Type': 'text/csv' }, body: readFileSync(join(testdata, 'focus-sample.csv')) });
    expect(res.status).toBe(200);
    expect(await getJson<CostBudgetsResult>(hub, '/api/v1/cost/budgets?month=2026-11')).toEqual({
      month: '2026-11',
      budgets: [
        { team: 'payments', currency: 'USD', month: '2026-11', budget: '100.00', monthToDate: '132.79', forecast: '132.79', forecastPercent: '132.8', overrun: true, dataThrough: '2026-11-06T00:00:00.000Z' },
        { team: 'search', currency: 'USD', month: '2026-11', budget: '1000.00', monthToDate: '119.42', forecast: '119.42', forecastPercent: '11.9', overrun: false, dataThrough: '2026-11-06T00:00:00.000Z' },
        { team: 'payments', currency: 'EUR', month: '2026-11', budget: '45.00', monthToDate: '40.00', forecast: '40.00', forecastPercent: '88.9', overrun: false, dataThrough: '2026-11-08T00:00:00.000Z' },
      ],
    });
  });

  it('this month runs usage on to the month end, and an overrunning forecast alerts through the webhook', async () => {
    const { csv, days, daysInMonth, month } = thisMonth(new Date());
    const res = await fetch(`${hub.apiUrl}/ingest/cost/focus`, { method: 'POST', headers: { 'Content-Type': 'text/csv' }, body: csv });
    expect(res.status).toBe(200);
    const { budgets } = await getJson<CostBudgetsResult>(hub, `/api/v1/cost/budgets?month=${month}`);
    // 10.00 a day through today, extrapolated over the whole month: 10.00 × days in the month
    expect(budgets[0]).toMatchObject({ team: 'payments', monthToDate: `${10 * days}.00`, forecast: `${10 * daysInMonth}.00`, overrun: true });
    expect(budgets[1]).toMatchObject({ team: 'search', monthToDate: `${days}.00`, forecast: `${daysInMonth}.00`, overrun: false });
    const post = await eventually(
      async () => posts.find((p) => p.alerts.some((a) => a.labels.alertname === 'CostBudgetForecastOverrun')),
      (p) => p !== undefined,
    );
    expect(post!.status).toBe('firing');
    expect(post!.alerts[0]!.labels).toMatchObject({ alertname: 'CostBudgetForecastOverrun', team: 'payments', currency: 'USD', severity: 'ticket' });
    expect(post!.alerts[0]!.annotations.summary).toBe(`payments's ${month} cost is forecast at ${10 * daysInMonth}.00 USD, ${(10 * daysInMonth).toFixed(1)}% of its 100.00 USD budget`);
    expect(posts.some((p) => p.alerts.some((a) => a.labels.team === 'search'))).toBe(false);
  });

  it('finds the day a service grew past its trailing baseline', async () => {
    const lines = ['BillingAccountId,BillingCurrency,BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,ChargeCategory,ChargeFrequency,BilledCost,EffectiveCost,ServiceName,Tags'];
    const day = (d: number) => new Date(Date.UTC(2026, 8, d)).toISOString().replace('.000Z', 'Z');
    for (let d = 1; d <= 25; d++) {
      // checkout: 10.00 a day, 40.00 on the 21st; search: steady 5.00, and a monthly fee on the 1st that is not usage
      lines.push(`777,USD,${day(1)},${day(31)},${day(d)},${day(d + 1)},Usage,Usage-Based,${d === 21 ? '40.00' : '10.00'},${d === 21 ? '40.00' : '10.00'},EC2,"{""service"":""checkout""}"`);
      lines.push(`777,USD,${day(1)},${day(31)},${day(d)},${day(d + 1)},Usage,Usage-Based,5.00,5.00,EC2,"{""service"":""search""}"`);
    }
    lines.push(`777,USD,${day(1)},${day(31)},${day(20)},${day(31)},Purchase,Recurring,900.00,900.00,Support,"{""service"":""search""}"`);
    const res = await fetch(`${hub.apiUrl}/ingest/cost/focus`, { method: 'POST', headers: { 'Content-Type': 'text/csv' }, body: `${lines.join('\n')}\n` });
    expect(res.status).toBe(200);
    const answer = await getJson<CostAnomaliesResult>(hub, '/api/v1/cost/anomalies?from=2026-09-15T00:00:00Z&to=2026-10-01T00:00:00Z');
    expect(answer).toMatchObject({
      groupBy: 'service',
      currency: 'USD',
      anomalies: [{ key: 'checkout', day: '2026-09-21', effectiveCost: '40.00', baseline: '10.00', increase: '30.00', zScore: null, baselineDays: 14 }],
    });
  });

  it('unit cost: a service\'s effective cost per 1,000 of its server spans in the same range', async () => {
    const now = Date.now();
    const day = (ms: number) => new Date(Math.floor(ms / 86_400_000) * 86_400_000).toISOString().replace('.000Z', 'Z');
    const [today, tomorrow] = [day(now), day(now + 86_400_000)];
    const month = (ms: number) => new Date(ms).toISOString().slice(0, 7);
    const start = `${month(now)}-01T00:00:00Z`;
    const next = new Date(Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth() + 1, 1)).toISOString().replace('.000Z', 'Z');
    const csv = [
      'BillingAccountId,BillingCurrency,BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,ChargeCategory,ChargeFrequency,BilledCost,EffectiveCost,ServiceName,Tags',
      `555,USD,${start},${next},${today},${tomorrow},Usage,Usage-Based,12.00,12.00,EC2,"{""service"":""checkout""}"`,
      `555,USD,${start},${next},${today},${tomorrow},Usage,Usage-Based,0.50,0.50,S3,"{""service"":""idle-batch""}"`,
    ].join('\n');
    expect((await fetch(`${hub.apiUrl}/ingest/cost/focus`, { method: 'POST', headers: { 'Content-Type': 'text/csv' }, body: `${csv}\n` })).status).toBe(200);
    // 3,000 server spans and 500 client spans of checkout, just now
    const spans = Array.from({ length: 3500 }, (_, i) => ({
      traceId: (i + 1).toString(16).padStart(32, '0'), spanId: (i + 1).toString(16).padStart(16, '0'), name: 'GET /cart', kind: i < 3000 ? 2 : 3,
      startTimeUnixNano: String(BigInt(now - 60_000) * 1_000_000n), endTimeUnixNano: String(BigInt(now - 59_000) * 1_000_000n),
    }));
    const body = { resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'checkout' } }] }, scopeSpans: [{ spans }] }] };
    expect((await fetch(`${hub.otlpUrl}/v1/traces`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })).status).toBe(200);
    const answer = await getJson<CostUnitResult>(hub, `/api/v1/cost/unit?from=${today}&to=${tomorrow}`);
    expect(answer).toMatchObject({
      currency: 'USD',
      services: [
        // 12.00 × 1000 / 3000
        { service: 'checkout', effectiveCost: '12.00', requests: 3000, costPer1kRequests: '4.0000' },
        { service: 'idle-batch', effectiveCost: '0.50', requests: 0, costPer1kRequests: null },
      ],
    });
  });
});
