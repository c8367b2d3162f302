import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fingerprint } from './labels.js';
import { fastRetry, sloTransition, startCaptureServer, type CaptureServer } from './testing.js';
import { createWebhookTarget } from './webhook.js';

let server: CaptureServer;
beforeEach(async () => {
  server = await startCaptureServer();
});
afterEach(async () => {
  await server.close();
});

const labels = {
  alertname: 'CheckoutAvailabilityBurn',
  octolens_alert: 'checkout-availability:page-fast',
  octolens_slo: 'checkout-availability',
  service: 'checkout',
  severity: 'page',
  slo: 'availability',
  sloth_id: 'checkout-availability',
  sloth_service: 'checkout',
  sloth_severity: 'page',
  sloth_slo: 'availability',
  team: 'payments',
};
const annotations = {
  octolens_value: '25.3333333',
  runbook_url: 'https://runbooks.example.com/checkout',
  summary: 'checkout is burning its error budget',
};
const groupLabels = { alertname: 'CheckoutAvailabilityBurn', octolens_alert: 'checkout-availability:page-fast' };

describe('generic webhook', () => {
  it('posts a firing alert as an Alertmanager-style group of one, version 1', async () => {
    const target = createWebhookTarget({ url: `${server.url}/alerts`, publicUrl: 'https://octolens.example.com', retry: fastRetry() });
    const t = sloTransition();
    await target.send([{ transition: t, status: 'firing', startsAt: t.at }]);
    const [req] = server.requests;
    expect(req!.method).toBe('POST');
    expect(req!.path).toBe('/alerts');
    expect(req!.headers['content-type']).toBe('application/json');
    expect(req!.json).toEqual({
      version: 1,
      status: 'firing',
      receiver: 'octolens',
      groupKey: '{}:{alertname="CheckoutAvailabilityBurn", octolens_alert="checkout-availability:page-fast"}',
      truncatedAlerts: 0,
      groupLabels,
      commonLabels: labels,
      commonAnnotations: annotations,
      externalURL: 'https://octolens.example.com',
      alerts: [
        {
          status: 'firing',
          labels,
          annotations,
          startsAt: '2027-01-15T08:00:00.000Z',
          endsAt: '0001-01-01T00:00:00Z',
          generatorURL: 'https://octolens.example.com/slos/checkout-availability',
          fingerprint: fingerprint(labels),
          octolens: {
            id: 'checkout-availability:page-fast',
            kind: 'slo',
            severity: 'page',
            from: 'pending',
            to: 'firing',
            at: 1_800_000_000,
            value: 25.3333333,
            sloId: 'checkout-availability',
          },
        },
      ],
    });
  });

  it('posts a resolved rule alert with its start and end, no link without a public URL', async () => {
    const target = createWebhookTarget({ url: server.url, retry: fastRetry() });
    const t = sloTransition({
      kind: 'rule',
      id: 'rule:cart-errors',
      name: 'CartErrors',
      severity: 'ticket',
      sloId: undefined,
      from: 'firing',
      to: 'resolved',
      at: 1_800_000_600,
      labels: { service: 'cart', octolens_rule: 'cart-errors' },
      annotations: {},
      value: null,
    });
    await target.send([{ transition: t, status: 'resolved', startsAt: 1_800_000_000, endsAt: 1_800_000_600 }]);
    const ruleLabels = { alertname: 'CartErrors', octolens_alert: 'rule:cart-errors', octolens_rule: 'cart-errors', service: 'cart', severity: 'ticket' };
    expect(server.requests[0]!.json).toEqual({
      version: 1,
      status: 'resolved',
      receiver: 'octolens',
      groupKey: '{}:{alertname="CartErrors", octolens_alert="rule:cart-errors"}',
      truncatedAlerts: 0,
      groupLabels: { alertname: 'CartErrors', octolens_alert: 'rule:cart-errors' },
      commonLabels: ruleLabels,
      commonAnnotations: { summary: 'CartErrors: no data' },
      externalURL: '',
      alerts: [
        {
          status: 'resolved',
          labels: ruleLabels,
          annotations: { summary: 'CartErrors: no data' },
          startsAt: '2027-01-15T08:00:00.000Z',
          endsAt: '2027-01-15T08:10:00.000Z',
          generatorURL: '',
          fingerprint: fingerprint(ruleLabels),
          octolens: { id: 'rule:cart-errors', kind: 'rule', severity: 'ticket', from: 'firing', to: 'resolved', at: 1_800_000_600, value: null },
        },
      ],
    });
  });

  it('posts one body per alert, in order', async () => {
    const target = createWebhookTarget({ url: server.url, retry: fastRetry() });
    const a = sloTransition({ id: 'a' });
    const b = sloTransition({ id: 'b' });
    await target.send([
      { transition: a, status: 'firing', startsAt: a.at },
      { transition: b, status: 'firing', startsAt: b.at },
    ]);
    expect(server.requests.map((r) => (r.json as { alerts: Array<{ octolens: { id: string } }> }).alerts[0]!.octolens.id)).toEqual(['a', 'b']);
  });
});
