import { describe, expect, it } from 'vitest';
import { nextAlertState } from './alert-state.js';
import type { AlertMemory, AlertState } from './types.js';

describe('nextAlertState', () => {
  // previous state (since 1000), condition, for, now → next state and since
  it.each<[AlertState | 'none', boolean, number, number, AlertState, number]>([
    ['none', false, 300, 2000, 'inactive', 2000],
    ['none', true, 300, 2000, 'pending', 2000],
    ['none', true, 0, 2000, 'firing', 2000],
    ['inactive', false, 300, 2000, 'inactive', 1000],
    ['inactive', true, 300, 2000, 'pending', 2000],
    ['inactive', true, 0, 2000, 'firing', 2000],
    ['pending', true, 300, 1240, 'pending', 1000], // 240 s < 300 s
    ['pending', true, 300, 1300, 'firing', 1300], // 300 s ≥ 300 s: firing since the evaluation that saw it
    ['pending', true, 300, 1900, 'firing', 1900],
    ['pending', false, 300, 1240, 'inactive', 1240],
    ['firing', true, 300, 2000, 'firing', 1000], // since: when it started firing
    ['firing', false, 300, 2000, 'resolved', 2000],
    ['resolved', false, 300, 2000, 'inactive', 2000],
    ['resolved', true, 300, 2000, 'pending', 2000],
    ['resolved', true, 0, 2000, 'firing', 2000],
  ])('%s + condition %s (for %d) at %d → %s since %d', (state, condition, forSeconds, now, next, since) => {
    const previous: AlertMemory | undefined = state === 'none' ? undefined : { state, since: 1000 };
    expect(nextAlertState(previous, condition, now, forSeconds)).toEqual({ state: next, since });
  });

  it('returns a new memory, never the one it was given', () => {
    const previous: AlertMemory = { state: 'firing', since: 1000 };
    const next = nextAlertState(previous, true, 2000, 0);
    expect(next).not.toBe(previous);
    expect(previous).toEqual({ state: 'firing', since: 1000 });
  });
});
