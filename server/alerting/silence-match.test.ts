import { describe, expect, it } from 'vitest';
import { anchored, matchesAll, selectsSomething } from './silence-match.js';

const labels = { alertname: 'CheckoutAvailability', service: 'checkout', severity: 'page', octolens_alert: 'checkout-availability:page-fast' };

describe('silence matchers', () => {
  it.each([
    [[{ label: 'service', op: '=', value: 'checkout' }], true],
    [[{ label: 'service', op: '=', value: 'check' }], false],
    [[{ label: 'service', op: '!=', value: 'tax' }], true],
    [[{ label: 'octolens_alert', op: '=~', value: 'checkout-.*:page-.*' }], true],
    // anchored at both ends, as Alertmanager's
    [[{ label: 'service', op: '=~', value: 'check' }], false],
    [[{ label: 'severity', op: '!~', value: 'page|ticket' }], false],
    // every matcher must hold
    [[{ label: 'service', op: '=', value: 'checkout' }, { label: 'severity', op: '=', value: 'ticket' }], false],
    // an absent label reads as ""
    [[{ label: 'team', op: '=', value: '' }], true],
    [[{ label: 'team', op: '!=', value: 'payments' }], true],
  ] as const)('%j → %s', (matchers, expected) => {
    expect(matchesAll(matchers, labels)).toBe(expected);
  });

  it('refuses a set that would match every alert', () => {
    expect(selectsSomething([{ label: 'team', op: '=~', value: '.*' }])).toBe(false);
    expect(selectsSomething([{ label: 'team', op: '!=', value: 'x' }])).toBe(false);
    expect(selectsSomething([{ label: 'team', op: '!=', value: 'x' }, { label: 'service', op: '=', value: 'checkout' }])).toBe(true);
  });

  it('runs regular expressions in RE2: linear in the value whatever the pattern, with Alertmanager’s (Go) syntax', () => {
    // 2^40 paths for a backtracking engine before it fails, which would outlast the test's timeout
    expect(anchored('(a+)+').test('a'.repeat(40) + 'b')).toBe(false);
    expect([anchored('check(out|in)').test('checkout'), anchored('check(out|in)').test('checkouts'), anchored('(?i)CHECKOUT').test('checkout')]).toEqual([true, false, true]);
    // lookarounds and backreferences are not RE2: refused when the silence is created
    expect(() => anchored('(?=check)checkout')).toThrow('invalid or unsupported Perl syntax');
    expect(() => anchored('(a)\\1')).toThrow();
  });
});
