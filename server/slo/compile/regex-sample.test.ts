import { describe, expect, it } from 'vitest';
import { fullMatch, sampleMatches } from './regex-sample.js';

describe('sampleMatches', () => {
  it.each([
    ['(5..|429)', ['500', '429']],
    ['[45]\\d\\d', ['400']],
    ['GET|POST', ['GET', 'POST']],
    ['x{3}', ['xxx']],
  ])('%s is matched by %j', (pattern, some) => {
    expect(sampleMatches(pattern)).toEqual(expect.arrayContaining(some));
  });
});

describe('fullMatch', () => {
  it('anchors like Prometheus matchers do', () => {
    expect(fullMatch('5..', '500')).toBe(true);
    expect(fullMatch('5..', '5000')).toBe(false);
    expect(fullMatch('(', 'x')).toBe(false);
  });
});
