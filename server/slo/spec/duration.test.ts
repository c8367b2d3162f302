import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from './duration.js';

describe('durations', () => {
  it.each([
    ['300ms', 0.3],
    ['30s', 30],
    ['5m', 300],
    ['1h30m', 5400],
    ['7d', 604800],
    ['2w', 1209600],
    ['0', 0],
    ['0s', 0],
  ])('%s is %d seconds', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it.each(['', '5', '5 m', '1.5h', '5min', '-5m', 'm5'])('%j is not a duration', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  it.each([
    [0.3, '300ms'],
    [300, '5m'],
    [5400, '1h30m'],
    [2592000, '4w2d'],
    [0, '0s'],
  ])('%d seconds print as %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});
