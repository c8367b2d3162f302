import { describe, expect, it } from 'vitest';
import { alertsEndpoint, postableAlerts } from './alertmanager.js';
import { sloTransition } from './testing.js';

const nowMs = Date.UTC(2027, 0, 15, 8, 10, 0);

describe('postableAlerts', () => {
  it('a firing alert starts when it started firing and ends four intervals after the send', () => {
    const t = sloTransition({ from: 'firing', annotations: { summary: 's' } });
    expect(postableAlerts([{ transition: t, status: 'firing', startsAt: t.at }], { nowMs, resendIntervalMs: 120_000, publicUrl: 'https://hub' })).toEqual([
      {
        labels: {
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
        },
        annotations: { octolens_value: '25.3333333', summary: 's' },
        startsAt: '2027-01-15T08:00:00.000Z',
        endsAt: '2027-01-15T08:18:00.000Z',
        generatorURL: 'https://hub/slos/checkout-availability',
      },
    ]);
  });

  it('counts a short interval as a minute, as Prometheus does, so a slow cycle does not end a firing alert', () => {
    const t = sloTransition();
    const [alert] = postableAlerts([{ transition: t, status: 'firing', startsAt: t.at }], { nowMs, resendIntervalMs: 1_000 });
    expect(alert!.endsAt).toBe('2027-01-15T08:14:00.000Z');
    expect(alert!.generatorURL).toBeUndefined();
  });

  it('a resolved alert ends when it resolved', () => {
    const t = sloTransition({ from: 'firing', to: 'resolved', at: 1_800_000_300 });
    const [alert] = postableAlerts([{ transition: t, status: 'resolved', startsAt: 1_800_000_000, endsAt: 1_800_000_300 }], { nowMs, resendIntervalMs: 60_000 });
    expect([alert!.startsAt, alert!.endsAt]).toEqual(['2027-01-15T08:00:00.000Z', '2027-01-15T08:05:00.000Z']);
  });
});

describe('alertsEndpoint', () => {
  it.each([
    ['http://am:9093', 'http://am:9093/api/v2/alerts'],
    ['http://am:9093/', 'http://am:9093/api/v2/alerts'],
    ['https://ops.example.com/alertmanager', 'https://ops.example.com/alertmanager/api/v2/alerts'],
  ])('%s → %s', (base, url) => expect(alertsEndpoint(base)).toBe(url));
});
