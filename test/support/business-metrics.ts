/**
 * Business KPIs sent as OTLP metrics by the OpenTelemetry SDK (OTLP/HTTP exporter) around a
 * deployment sent to POST /ingest/events, on a known grid of 10 s steps so that tests can say
 * which step each export lands in. The SDK stamps each point with its collection time, so the
 * exports are placed by waiting for a step to begin.
 *
 * step `before`: two exports, then the deployment; step `after` (the next one): two exports.
 *   business.orders (counter, cumulative): +3, +1 | +2, +4    → increase 4 | 6
 *   business.cart_value (gauge, EUR):        40, 60 | 80, 100 → mean 50 | 90
 *   shop.refunds (counter): +1 once, outside the default prefix
 */
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RunningHub } from './hub.js';

export const KPI_STEP_MS = 10_000;
/** how far into a step the exports start: the SDK's clock (performance.timeOrigin + now()) may differ from Date.now() by a few ms */
const MARGIN_MS = 500;

export interface SentKpis {
  /** the deployment's id and finish (epoch ms), inside step `before` after its two exports */
  deploymentId: string;
  deployedAt: number;
  /** start of the step of the two exports before the deployment; `after` = before + KPI_STEP_MS */
  before: number;
  after: number;
  /** shuts the SDK down; its last export repeats the last values, so tests call it once they have read them */
  shutdown(): Promise<void>;
}

async function untilNextStep(): Promise<number> {
  const start = (Math.floor(Date.now() / KPI_STEP_MS) + 1) * KPI_STEP_MS;
  await sleep(start + MARGIN_MS - Date.now());
  return start;
}

/** Fails loudly, rather than letting a slow machine put an export in the next step and the test assert wrong sums. */
function inStep(step: number, what: string): void {
  if (Date.now() >= step + KPI_STEP_MS - MARGIN_MS) throw new Error(`${what} ran past its ${KPI_STEP_MS / 1000} s step: the machine is too slow for this test's grid`);
}

export async function sendBusinessKpis(hub: RunningHub, deploymentId = 'shop-rel-7'): Promise<SentKpis> {
  // exportIntervalMillis past the test: only forceFlush() exports
  const reader = new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter({ url: `${hub.otlpUrl}/v1/metrics` }), exportIntervalMillis: 3_600_000 });
  const provider = new MeterProvider({ resource: resourceFromAttributes({ 'service.name': 'shop' }), readers: [reader] });
  const meter = provider.getMeter('shop');
  const orders = meter.createCounter('business.orders', { unit: '{order}' });
  const cart = meter.createGauge('business.cart_value', { unit: 'EUR' });
  const refunds = meter.createCounter('shop.refunds');
  const send = async (newOrders: number, cartValue: number) => {
    orders.add(newOrders);
    cart.record(cartValue);
    await reader.forceFlush();
  };

  const before = await untilNextStep();
  refunds.add(1);
  await send(3, 40);
  await send(1, 60);
  const deployedAt = Date.now();
  const deploy = { deployments: [{ id: deploymentId, service: 'shop', finishedAt: new Date(deployedAt).toISOString(), commit: 'f00dfeed' }] };
  const res = await fetch(`${hub.apiUrl}/ingest/events`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(deploy) });
  if (res.status !== 200) throw new Error(`POST /ingest/events → ${res.status}: ${await res.text()}`);
  inStep(before, 'the exports before the deployment');

  const after = await untilNextStep();
  if (after !== before + KPI_STEP_MS) throw new Error('the deployment took more than a step to store');
  await send(2, 80);
  await send(4, 100);
  inStep(after, 'the exports after the deployment');
  return { deploymentId, deployedAt, before, after, shutdown: () => provider.shutdown() };
}
