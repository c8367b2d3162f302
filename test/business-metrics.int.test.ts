/**
 * Business KPIs as OTLP metrics, end to end: the OpenTelemetry SDK sends a counter and a gauge
 * under `business.` to a started hub around a deployment (test/support/business-metrics.ts);
 * GET /api/v1/business lists them with their kind, gives each per 10 s step (the counter's
 * increase, the gauge's mean) and compares them before and after the deployment. A hub started
 * again on the same data with OCTOLENS_BUSINESS_METRIC_PREFIX takes other metrics as KPIs.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BusinessResult } from '../shared/api.js';
import { KPI_STEP_MS, sendBusinessKpis, type SentKpis } from './support/business-metrics.js';
import { getJson, startHub, type RunningHub } from './support/hub.js';

const S = KPI_STEP_MS;
const root = resolve(import.meta.dirname, '..');
const dataDir = mkdtempSync(join(tmpdir(), 'octolens-business-'));
let hub: RunningHub;
let sent: SentKpis;

beforeAll(async () => {
  hub = await startHub({ dataDir });
  sent = await sendBusinessKpis(hub);
});

afterAll(async () => {
  await sent?.shutdown().catch(() => undefined); // done already unless a test failed first
  await hub?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('business KPIs from the OpenTelemetry SDK', () => {
  // three empty steps, the step before the deployment, the one after, one empty step
  const grid = () => `from=${sent.before - 3 * S}&to=${sent.after + 2 * S}&step=10`;
  const times = () => [sent.before - 3 * S, sent.before - 2 * S, sent.before - S, sent.before, sent.after, sent.after + S];

  it('lists the metrics under business. with their kind, and no other metric', async () => {
    const r = await getJson<BusinessResult>(hub, `/api/v1/business?${grid()}`);
    expect(r.metricPrefix).toBe('business.');
    expect(r.kpis).toEqual([
      { name: 'business.cart_value', source: 'metric', type: 'gauge', kind: 'gauge', unit: 'EUR', services: ['shop'] },
      { name: 'business.orders', source: 'metric', type: 'sum', kind: 'counter', unit: '{order}', services: ['shop'] },
    ]);
  });

  it("gives the counter's increase per step and compares it around the deployment: 4 before, 6 after", async () => {
    const r = await getJson<BusinessResult>(hub, `/api/v1/business?${grid()}&name=business.orders&deployment=${sent.deploymentId}`);
    expect(r.series!.data!.values).toEqual([times(), [null, null, null, 4, 6, null]]);
    expect(r.comparison).toEqual({
      name: 'business.orders', kind: 'counter', deployment: { id: sent.deploymentId, service: 'shop', finishedAt: sent.deployedAt }, windowMs: 86_400_000,
      before: { total: 4 }, after: { total: 6 }, difference: 2, relativeChange: 0.5,
    });
  });

  it("gives the gauge's mean per step and compares it around the deployment: 50 before, 90 after", async () => {
    const r = await getJson<BusinessResult>(hub, `/api/v1/business?${grid()}&name=business.cart_value&deployment=${sent.deploymentId}&window=1h`);
    expect(r.series!.data!.values).toEqual([times(), [null, null, null, 50, 90, null]]);
    expect(r.comparison).toEqual({
      name: 'business.cart_value', kind: 'gauge', deployment: { id: sent.deploymentId, service: 'shop', finishedAt: sent.deployedAt }, windowMs: 3_600_000,
      before: { total: 50 }, after: { total: 90 }, difference: 40, relativeChange: 0.8,
    });
  });

  it('takes the metrics under OCTOLENS_BUSINESS_METRIC_PREFIX instead, as `octolens config` shows', async () => {
    // The SDK's last export, at shutdown, repeats the cumulative values: it adds +0 to the counters, in step `after` at the earliest.
    await sent.shutdown();
    await hub.stop();
    hub = await startHub({ dataDir, env: { OCTOLENS_BUSINESS_METRIC_PREFIX: 'shop.' } });
    const r = await getJson<BusinessResult>(hub, `/api/v1/business?from=${sent.before - 3 * S}&to=${sent.after + S}&step=10&name=shop.refunds`);
    expect([r.metricPrefix, r.kpis]).toEqual(['shop.', [{ name: 'shop.refunds', source: 'metric', type: 'sum', kind: 'counter', unit: '', services: ['shop'] }]]);
    expect(r.series!.data!.values).toEqual([times().slice(0, 5), [null, null, null, 1, 0]]);

    const { stdout } = await promisify(execFile)(process.execPath, ['bin/octolens.mjs', 'config'], { cwd: root, env: { ...process.env, OCTOLENS_BUSINESS_METRIC_PREFIX: 'shop.' } });
    expect(stdout.split('\n').find((l) => l.startsWith('OCTOLENS_BUSINESS_METRIC_PREFIX'))?.replace(/\s+/g, ' ')).toBe(
      'OCTOLENS_BUSINESS_METRIC_PREFIX shop. OTLP metrics whose name starts with this are business KPIs (GET /api/v1/business, the Business lens)',
    );
  });
});
