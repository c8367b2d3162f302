import { describe, expect, it } from 'vitest';
import { parseGitlabTime } from './schema.js';

// Expected values computed apart from the code, with Python's datetime.fromisoformat(...).timestamp().
describe('parseGitlabTime', () => {
  it.each([
    ['2026-03-02T10:15:00Z', 1772446500000],
    ['2026-03-02T12:15:00+02:00', 1772446500000],
    ['2026-03-02T10:15:00.250Z', 1772446500250],
    ['2026-03-02T10:15:00.123456789Z', 1772446500123],
    ['2026-03-02 10:15:00 UTC', 1772446500000],
    ['2021-04-28 21:50:00 +0200', 1619639400000],
    ['2026-03-02 05:15:00 -0500', 1772446500000],
    ['1970-01-01T00:00:00Z', 0],
  ])('%s → %d', (text, ms) => {
    expect(parseGitlabTime(text)).toBe(ms);
  });

  it.each(['yesterday', '2026-03-02', '2026-03-02T10:15:00', '1969-12-31T23:59:59Z', '2100-01-01T00:00:00Z', '2026-13-02T10:15:00Z'])('refuses %s', (text) => {
    expect(parseGitlabTime(text)).toBeUndefined();
  });
});
