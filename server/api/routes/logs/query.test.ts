import { describe, expect, it } from 'vitest';
import { containsPattern, logsSql } from './query.js';

const range = { fromMs: 1795557600000, toMs: 1795558200000, limit: 100 };

describe('logs SQL', () => {
  it('reads the newest records in range', () => {
    expect(logsSql(range)).toMatchSnapshot();
  });
  it('looks ASCII text up as a lowercase LIKE, which the trigram index serves', () => {
    expect(logsSql({ ...range, q: 'TimeOut', service: 'checkout', severity: 13 })).toMatchSnapshot();
  });
  it('matches non-ASCII text with positionCaseInsensitiveUTF8', () => {
    expect(logsSql({ ...range, q: 'Été déclined', traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331' })).toMatchSnapshot();
  });
  it.each([
    ['timeout', '%timeout%'],
    ['Card Declined', '%card declined%'],
    ['50%', '%50\\%%'],
    ['user_id', '%user\\_id%'],
    ['C:\\temp', '%c:\\\\temp%'],
    ['%_\\', '%\\%\\_\\\\%'],
  ])('escapes %j as the LIKE pattern %j', (text, pattern) => {
    expect(containsPattern(text)).toBe(pattern);
  });
});
