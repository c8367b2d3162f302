import { describe, expect, it } from 'vitest';
import { severityLevel } from './severity';

describe('severityLevel', () => {
  it.each([
    [1, '', 'TRACE'],
    [8, '', 'DEBUG'],
    [9, 'whatever', 'INFO'],
    [13, '', 'WARN'],
    [17, '', 'ERROR'],
    [24, '', 'FATAL'],
    [0, 'warning', 'WARN'],
    [0, 'Error', 'ERROR'],
    [0, 'critical', 'FATAL'],
    [0, '', 'UNSET'],
    [0, 'notice', 'UNSET'],
  ] as const)('(%i, %s) → %s', (n, text, level) => {
    expect(severityLevel(n, text)).toBe(level);
  });
});
