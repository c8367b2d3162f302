import type { z } from 'zod';
import { didYouMean } from './did-you-mean.js';
import type { PathSegment } from './yaml-source.js';

/** A schema problem ready to be located: the path, the message, and whether to point at the key. */
export interface FlatIssue {
  path: PathSegment[];
  message: string;
  at: 'key' | 'value';
}

/**
 * The error map every spec parse uses, so messages read the same everywhere: what was
 * expected, what came instead, and the nearest valid name for a typo.
 */
export const errorMap: z.core.$ZodErrorMap = (iss) => {
  switch (iss.code) {
    case 'invalid_type':
      return iss.input === undefined ? 'is required' : `expected ${expectedName(iss.expected)}, got ${describe(iss.input)}`;
    case 'invalid_value': {
      const values = iss.values.map(String);
      const got = describe(iss.input);
      return `expected ${oneOf(values)}, got ${got}${typeof iss.input === 'string' ? didYouMean(iss.input, values) : ''}`;
    }
    case 'unrecognized_keys': {
      // One message per key, newline-separated: flattenIssues gives each key its own error and location.
      const known = Object.keys((iss.inst as { _zod?: { def?: { shape?: object } } } | undefined)?._zod?.def?.shape ?? {});
      return iss.keys.map((key) => `unknown field "${key}"${didYouMean(key, known) || ` (expected one of: ${known.join(', ')})`}`).join('\n');
    }
    case 'too_small':
      if (iss.origin === 'array') return `needs at least ${String(iss.minimum)} ${iss.minimum === 1 ? 'entry' : 'entries'}`;
      if (iss.origin === 'string') return iss.minimum === 1 ? 'must not be empty' : `must be at least ${String(iss.minimum)} characters`;
      return `must be ${iss.inclusive ? 'at least' : 'above'} ${String(iss.minimum)}, got ${describe(iss.input)}`;
    case 'too_big':
      if (iss.origin === 'array') return `takes at most ${String(iss.maximum)} ${iss.maximum === 1 ? 'entry' : 'entries'}`;
      return `must be ${iss.inclusive ? 'at most' : 'below'} ${String(iss.maximum)}, got ${describe(iss.input)}`;
    default:
      return undefined;
  }
};

/**
 * Zod issues → one located problem each. A union that failed is explained by the branch
 * whose shape matched the input (a map for a map), or by the union's own message.
 */
export function flattenIssues(issues: readonly z.core.$ZodIssue[], base: readonly PathSegment[] = []): FlatIssue[] {
  const out: FlatIssue[] = [];
  // An unknown field usually explains its object's own complaint ("needs one SLI kind" next
  // to `latncy:`), so that complaint is left out.
  // Likewise a typo explains the field it was meant to be: `objectve:` and no "objective is required".
  const unknownKeys = issues.filter((i) => i.code === 'unrecognized_keys');
  const withUnknownKeys = new Set(unknownKeys.map((i) => JSON.stringify(i.path)));
  const meant = new Set(unknownKeys.flatMap((i) => [...i.message.matchAll(/did you mean "([^"]+)"/g)].map((m) => JSON.stringify([...i.path, m[1]]))));
  for (const issue of issues) {
    if (issue.code === 'custom' && withUnknownKeys.has(JSON.stringify(issue.path))) continue;
    if (issue.message === 'is required' && meant.has(JSON.stringify(issue.path))) continue;
    const path = [...base, ...(issue.path as PathSegment[])];
    if (issue.code === 'unrecognized_keys') {
      const messages = issue.message.split('\n');
      issue.keys.forEach((key, i) => out.push({ path: [...path, key], message: messages[i] ?? `unknown field "${key}"`, at: 'key' }));
    } else if (issue.code === 'invalid_union') {
      const matching = issue.errors.filter((branch) => !isTypeMismatch(branch));
      if (matching.length === 1) out.push(...flattenIssues(matching[0]!, path));
      else out.push({ path, message: issue.message, at: 'value' });
    } else {
      out.push({ path, message: issue.message, at: 'value' });
    }
  }
  return out;
}

/** A union branch that failed only because the input is of another type (a string for a map). */
function isTypeMismatch(branch: readonly z.core.$ZodIssue[]): boolean {
  if (branch.length !== 1 || branch[0]!.path.length > 0) return false;
  const issue = branch[0]!;
  return issue.code === 'invalid_type' || (issue.code === 'invalid_union' && issue.errors.every(isTypeMismatch));
}

/** A received value as an error message shows it. */
export function describe(value: unknown): string {
  if (value === undefined || value === null) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return 'a list';
  return 'a map';
}

function expectedName(expected: string): string {
  const names: Record<string, string> = { object: 'a map', array: 'a list', string: 'a string', number: 'a number', boolean: 'true or false', record: 'a map' };
  return names[expected] ?? expected;
}

export function oneOf(values: readonly string[]): string {
  return values.length === 1 ? `"${values[0]}"` : `one of ${values.map((v) => `"${v}"`).join(', ')}`;
}
