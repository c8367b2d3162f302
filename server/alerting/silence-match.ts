import { RE2JS } from 're2js';
import type { SilenceMatcher } from '../../shared/api.js';

/**
 * Whether every matcher holds for a label set, as Alertmanager matches silences: an absent
 * label reads as "", regular expressions are anchored at both ends.
 * @example matchesAll([{ label: 'service', op: '=', value: 'checkout' }], { service: 'checkout' }) === true
 */
export function matchesAll(matchers: readonly SilenceMatcher[], labels: Record<string, string>): boolean {
  return matchers.every((m) => {
    const value = labels[m.label] ?? '';
    switch (m.op) {
      case '=':
        return value === m.value;
      case '!=':
        return value !== m.value;
      case '=~':
        return anchored(m.value).test(value);
      case '!~':
        return !anchored(m.value).test(value);
    }
  });
}

const compiled = new Map<string, { test(value: string): boolean }>();

/**
 * The matcher's pattern, anchored at both ends, in RE2 (re2js): matching takes time linear in
 * the label's length whatever the pattern, so a user's regex cannot stall the notifiers (the JS
 * engine backtracks: `(a+)+$` is exponential), and the syntax is Alertmanager's, Go's RE2.
 * Throws when it is not an RE2 regular expression (lookarounds and backreferences are not).
 */
export function anchored(pattern: string): { test(value: string): boolean } {
  let re = compiled.get(pattern);
  if (!re) {
    const whole = RE2JS.compile(`(?:${pattern})`);
    re = { test: (value) => whole.matches(value) };
    if (compiled.size > 1000) compiled.clear();
    compiled.set(pattern, re);
  }
  return re;
}

/**
 * A silence that matches everything would mute every page: at least one matcher must need a
 * non-empty value (Alertmanager refuses such silences too).
 */
export const selectsSomething = (matchers: readonly SilenceMatcher[]) => matchers.some((m) => !matchesAll([m], {}));
