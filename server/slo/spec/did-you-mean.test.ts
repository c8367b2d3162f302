import { describe, expect, it } from 'vitest';
import { closest, levenshtein } from './did-you-mean.js';

describe('did you mean', () => {
  it('measures edits, ignoring case', () => {
    expect(levenshtein('objectve', 'objective')).toBe(1);
    expect(levenshtein('GroupBy', 'groupBy')).toBe(0);
    expect(levenshtein('errorQuery', 'error_query')).toBe(1);
  });

  it.each([
    ['objectve', 'objective'],
    ['sevice', 'service'],
    ['lables', 'labels'],
    ['latncy', 'latency'],
    ['ic', 'id'],
  ])('%s → %s', (word, match) => {
    expect(closest(word, ['id', 'name', 'service', 'objective', 'labels', 'latency'])).toBe(match);
  });

  it('suggests nothing far away', () => {
    expect(closest('owner', ['id', 'name', 'service'])).toBeUndefined();
    expect(closest('xy', ['id'])).toBeUndefined();
  });
});
