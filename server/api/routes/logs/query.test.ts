import { describe, expect, it } from 'vitest';
import { isSingleToken, logsSql, tokenSpellings } from './query.js';

const range = { fromMs: 1795557600000, toMs: 1795558200000, limit: 100 };

describe('logs SQL', () => {
  it('reads the newest records in range', () => {
    expect(logsSql(range)).toMatchSnapshot();
  });
  it('looks a single word up through the token index', () => {
    expect(logsSql({ ...range, q: 'Timeout', service: 'checkout', severity: 13 })).toMatchSnapshot();
  });
  it('matches a phrase as a case-insensitive substring', () => {
    expect(logsSql({ ...range, q: 'card declined', traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331' })).toMatchSnapshot();
  });
  it.each([
    ['timeout', true],
    ['été', true],
    ['a1B2', true],
    ['user_id', false],
    ['time out', false],
    ['/cart', false],
    ['x-request-id', false],
  ])('%j is a single token: %s', (text, single) => {
    expect(isSingleToken(text)).toBe(single);
  });
  it('spells a word four ways at most', () => {
    expect(tokenSpellings('tImeout')).toEqual(['tImeout', 'timeout', 'TIMEOUT', 'Timeout']);
    expect(tokenSpellings('timeout')).toEqual(['timeout', 'TIMEOUT', 'Timeout']);
    expect(tokenSpellings('42')).toEqual(['42']);
  });
});
