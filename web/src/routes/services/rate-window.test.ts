import { describe, expect, it } from 'vitest';
import { rateWindowNote } from './rate-window';

const hour = { from: 0, to: 3_600_000 };

describe('rateWindowNote', () => {
  it.each([
    [3600, null],
    [3500, null],
    [3300, 'over 55 mins'],
    [300, 'over 5 mins'],
    [5, 'over 5 s'],
  ])('a rate over %d s of an hour reads %s', (rateSeconds, note) => {
    expect(rateWindowNote({ rateSeconds }, hour)).toBe(note);
  });
});
