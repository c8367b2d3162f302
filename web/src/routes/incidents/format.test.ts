import { describe, expect, it } from 'vitest';
import { formatMinutes, incidentTone } from './format';

describe('incident formatting', () => {
  it('says durations in the largest sensible units', () => {
    expect(formatMinutes(null)).toBe('–');
    expect(formatMinutes(0.5)).toBe('30 s');
    expect(formatMinutes(3.5)).toBe('3.5 min');
    expect(formatMinutes(60)).toBe('1 h');
    expect(formatMinutes(185)).toBe('3 h 5 min');
    expect(formatMinutes(52 * 60)).toBe('2 d 4 h');
  });
  it('colours open incidents as bad, acknowledged as a warning', () => {
    expect(incidentTone('open')).toBe('bad');
    expect(incidentTone('acknowledged')).toBe('warn');
    expect(incidentTone('resolved')).toBe('ok');
  });
});
