import { describe, expect, it } from 'vitest';
import { alertAnnotations, alertLabels, alertLink, describeValue, fingerprint, labelName, notifyStatus } from './labels.js';
import { sloTransition } from './testing.js';

describe('notifyStatus', () => {
  it.each([
    ['pending', 'firing', 'firing'],
    ['firing', 'firing', 'firing'],
    ['firing', 'resolved', 'resolved'],
    ['firing', 'inactive', 'resolved'],
    ['inactive', 'pending', null],
    ['pending', 'inactive', null],
    ['resolved', 'inactive', null],
  ] as const)('%s → %s is %s', (from, to, expected) => {
    expect(notifyStatus(sloTransition({ from, to }))).toBe(expected);
  });
});

describe('labels', () => {
  it('names an SLO alert with its own labels, alertname, severity, the alert id and Sloth labels, sorted', () => {
    const labels = alertLabels(sloTransition());
    expect(labels).toEqual({
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
    });
    expect(Object.keys(labels)).toEqual(Object.keys(labels).sort());
  });

  it('keeps a severity label the alert sets itself, and never lets labels override alertname', () => {
    const labels = alertLabels(sloTransition({ labels: { severity: 'critical', alertname: 'Other', service: 'checkout' } }));
    expect(labels.severity).toBe('critical');
    expect(labels.sloth_severity).toBe('page');
    expect(labels.alertname).toBe('CheckoutAvailabilityBurn');
  });

  it('gives rule alerts no Sloth labels, drops empty values and makes keys valid label names', () => {
    const labels = alertLabels(
      sloTransition({ kind: 'rule', id: 'rule:slow-cart', name: 'SlowCart', severity: 'ticket', sloId: undefined, labels: { 'http.route': '/cart', '9x': 'y', empty: '' } }),
    );
    expect(labels).toEqual({ _9x: 'y', alertname: 'SlowCart', http_route: '/cart', octolens_alert: 'rule:slow-cart', severity: 'ticket' });
  });

  it.each([
    ['http.route', 'http_route'],
    ['k8s-pod', 'k8s_pod'],
    ['1st', '_1st'],
    ['ok_NAME1', 'ok_NAME1'],
    ['', '_'],
  ])('labelName(%j) = %j', (key, name) => expect(labelName(key)).toBe(name));
});

describe('annotations and links', () => {
  it('adds the value, and a summary when there is none', () => {
    expect(alertAnnotations(sloTransition({ annotations: {} }))).toEqual({ octolens_value: '25.3333333', summary: 'CheckoutAvailabilityBurn: burn rate 25.33×' });
    expect(alertAnnotations(sloTransition({ annotations: { summary: 's' }, value: null }))).toEqual({ summary: 's' });
  });

  it('describes SLO values as burn rates and rule values as values', () => {
    expect(describeValue(sloTransition({ value: 14.4 }))).toBe('burn rate 14.4×');
    expect(describeValue(sloTransition({ kind: 'rule', value: 0.000123456 }))).toBe('value 0.0001235');
    expect(describeValue(sloTransition({ value: null }))).toBe('no data');
    // budget-exhausted reports the budget left, a ratio, not a burn rate
    expect(describeValue(sloTransition({ id: 'checkout-latency/route=/a:b:budget-exhausted', value: -0.679 }))).toBe('budget left -67.9%');
    expect(describeValue(sloTransition({ id: 'checkout-availability:budget-exhausted', value: null }))).toBe('no data');
  });

  it('links to the evaluator URL, else the SLO page, else the service page under the public URL', () => {
    expect(alertLink(sloTransition({ generatorUrl: 'https://x/y' }), 'https://hub')).toBe('https://x/y');
    expect(alertLink(sloTransition(), 'https://hub')).toBe('https://hub/slos/checkout-availability');
    expect(alertLink(sloTransition({ sloId: undefined, kind: 'rule' }), 'https://hub')).toBe('https://hub/services/checkout');
    expect(alertLink(sloTransition({ sloId: undefined, kind: 'rule', labels: {} }), 'https://hub')).toBe('https://hub');
    expect(alertLink(sloTransition(), undefined)).toBeUndefined();
  });
});

describe('fingerprint', () => {
  it("is Prometheus' empty label set signature for no labels (FNV-1a offset basis)", () => {
    expect(fingerprint({})).toBe('cbf29ce484222325');
  });

  it('does not depend on key order, and does on every name and value', () => {
    expect(fingerprint({ a: '1', b: '2' })).toBe(fingerprint({ b: '2', a: '1' }));
    expect(fingerprint({ a: '1', b: '2' })).not.toBe(fingerprint({ a: '1', b: '3' }));
    // the 0xff separators keep name/value boundaries apart
    expect(fingerprint({ ab: 'c' })).not.toBe(fingerprint({ a: 'bc' }));
    expect(fingerprint({ a: '1' })).toMatch(/^[0-9a-f]{16}$/);
  });
});
