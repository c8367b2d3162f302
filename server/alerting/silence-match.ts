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

const compiled = new Map<string, RegExp>();

/** The matcher's pattern, anchored; throws SyntaxError when it is not a regular expression. */
export function anchored(pattern: string): RegExp {
  let re = compiled.get(pattern);
  if (!re) {
    re = new RegExp(`^(?:${pattern})$`, 'u');
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
