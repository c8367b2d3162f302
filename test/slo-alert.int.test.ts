/**
 * End to end: a real OpenTelemetry SDK sends spans with half of them failed over the last
 * hour; the hub's SLO engine sees the budget burn on both page windows and the page alert
 * reaches a real Alertmanager, labelled as Sloth would label it. An alert rule in the same
 * spec directory reaches it through the same path.
 */
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertmanagerSkipReason, startAlertmanager, type GettableAlert, type RunningAlertmanager } from './support/alertmanager.js';
import { eventually } from './support/eventually.js';
import { startHub, type RunningHub } from './support/hub.js';
import { startCaptureServer, type CaptureServer } from '../server/alerting/testing.js';

const skip = alertmanagerSkipReason();

const service = 'checkout-e2e';
const sloId = `${service}-availability`;
const publicUrl = 'http://octolens.test';

// 99.9% over 30 days: the budget is 0.1% errors; half the requests failing burns it 500×,
// far over the page tiers' 14.4× (1h/5m) and 6× (6h/30m).
const spec = `apiVersion: octolens/v1
kind: SLO
name: availability
service: ${service}
description: Checkout requests succeed
objective: 99.9
period: 30d
sli:
  spans:
    total: {service: ${service}, kind: server}
    bad: {status: error}
alerting:
  name: CheckoutE2EAvailability
  labels: {team: payments}
  annotations: {summary: checkout is burning its error budget}
---
apiVersion: octolens/v1
kind: AlertRule
name: server-errors
service: ${service}
severity: ticket
labels: {team: payments}
query:
  spans: {kind: server}
  measure: error_ratio
window: 1h
condition: "> 10%"
`;
const ruleId = `${service}-server-errors`;

/** 240 server spans, one every 15 s over the hour before the current minute, every other one failed. */
async function sendSpans(otlpUrl: string): Promise<void> {
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: `${otlpUrl}/v1/traces` }), { maxExportBatchSize: 512, maxQueueSize: 1024 })],
  });
  const tracer = provider.getTracer('slo-alert-test');
  const lastMinute = Math.floor(Date.now() / 60_000) * 60_000;
  for (let i = 0; i < 240; i++) {
    const start = lastMinute - 3_600_000 + i * 15_000 + 1_000;
    const span = tracer.startSpan('POST /checkout', { kind: SpanKind.SERVER, startTime: start, attributes: { 'http.route': '/checkout' } });
    span.setStatus({ code: i % 2 === 0 ? SpanStatusCode.ERROR : SpanStatusCode.OK });
    span.end(start + 20);
  }
  await provider.forceFlush();
  await provider.shutdown();
}

describe.skipIf(skip)(`a page alert reaches a real Alertmanager${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let receiver: CaptureServer;
  let am: RunningAlertmanager;
  let hub: RunningHub;
  let sloDir: string;

  beforeAll(async () => {
    receiver = await startCaptureServer();
    am = await startAlertmanager({ webhookUrl: `${receiver.url}/hook` });
    sloDir = mkdtempSync(join(tmpdir(), 'octolens-slo-e2e-'));
    writeFileSync(join(sloDir, 'checkout.yaml'), spec);
    hub = await startHub({
      env: {
        OCTOLENS_SLO_DIR: sloDir,
        OCTOLENS_SLO_INTERVAL_MS: '1000',
        OCTOLENS_ALERTMANAGER_URL: am.url,
        OCTOLENS_PUBLIC_URL: publicUrl,
      },
    });
    await sendSpans(hub.otlpUrl);
  });

  afterAll(async () => {
    await hub?.dispose();
    await am?.stop();
    await receiver?.close();
    if (sloDir) rmSync(sloDir, { recursive: true, force: true });
  });

  it('fires the page tier and Alertmanager holds it with severity=page and the SLO labels', async () => {
    const pageAlerts = (alerts: GettableAlert[]) => alerts.filter((a) => a.labels.sloth_id === sloId && a.labels.severity === 'page');
    // both page tiers burn: 1h/5m over 14.4× and 6h/30m over 6×, each its own alert
    const alerts = await eventually(() => am.alerts(), (a) => pageAlerts(a).length >= 2, 90_000);
    const page = pageAlerts(alerts);
    expect(
      page.map((a) => a.labels.octolens_alert).sort(),
      `page alerts for ${sloId} in Alertmanager; it holds ${JSON.stringify(alerts)}\nhub output:\n${hub.output()}`,
    ).toEqual([`${sloId}:page-fast`, `${sloId}:page-slow`]);
    for (const alert of page) {
      expect(alert.labels).toMatchObject({
        alertname: 'CheckoutE2EAvailability',
        severity: 'page',
        service,
        team: 'payments',
        octolens_slo: sloId,
        sloth_id: sloId,
        sloth_service: service,
        sloth_slo: 'availability',
        sloth_severity: 'page',
      });
      expect(alert.annotations.summary).toBe('checkout is burning its error budget');
      expect(alert.generatorURL).toBe(`${publicUrl}/slos/${sloId}`);
      expect(alert.status.state).toBe('active');
      // a firing alert is sent with an end a few evaluations ahead, so it lapses if the hub stops
      expect(Date.parse(alert.endsAt)).toBeGreaterThan(Date.now());
    }
    // and Alertmanager routed it to its receiver
    const hook = await eventually(
      async () => receiver.requests.map((r) => r.json as { status: string; alerts: Array<{ labels: Record<string, string> }> }),
      (hooks) => hooks.some((h) => h.alerts.some((a) => a.labels.sloth_id === sloId && a.labels.severity === 'page')),
      15_000,
    );
    expect(hook.find((h) => h.alerts.some((a) => a.labels.sloth_id === sloId))?.status).toBe('firing');
  });

  it('fires an alert rule from the same spec directory through the same notifier', async () => {
    const ruleAlerts = (alerts: GettableAlert[]) => alerts.filter((a) => a.labels.octolens_alert === `rule:${ruleId}`);
    const alerts = await eventually(() => am.alerts(), (a) => ruleAlerts(a).length > 0, 60_000);
    const [alert] = ruleAlerts(alerts);
    expect(alert?.labels, `no rule alert in Alertmanager; it holds ${JSON.stringify(alerts)}`).toEqual({
      alertname: 'server-errors',
      octolens_alert: `rule:${ruleId}`,
      octolens_rule: ruleId,
      service,
      severity: 'ticket',
      team: 'payments',
    });
    // half the spans failed (the hour's edge may have passed the oldest one)
    expect(Number(alert!.annotations.octolens_value)).toBeCloseTo(0.5, 1);
    expect(alert!.generatorURL).toBe(`${publicUrl}/services/${service}`);
  });
});
