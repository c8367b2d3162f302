import { describe, expect, it } from 'vitest';
import { incidentWindow } from './timeline.js';

const H = 3_600_000;
const base = { openedMs: 100 * H, resolvedMs: null, lastTransitionMs: 100 * H, nowMs: 200 * H, causeFinishedMs: null, signalMs: null, lookbackMs: 24 * H, maxMs: 31 * 24 * H };

describe('incidentWindow', () => {
  it('spans an hour before the opening to half an hour after the resolution', () => {
    expect(incidentWindow({ ...base, resolvedMs: 101 * H })).toEqual({ from: 99 * H, to: 101.5 * H });
  });
  it('reaches back to 15 minutes before the cause or the signal, never past the lookback', () => {
    expect(incidentWindow({ ...base, resolvedMs: 101 * H, causeFinishedMs: 97 * H }).from).toBe(97 * H - 0.25 * H);
    expect(incidentWindow({ ...base, resolvedMs: 101 * H, signalMs: 98 * H }).from).toBe(98 * H - 0.25 * H);
    expect(incidentWindow({ ...base, resolvedMs: 101 * H, causeFinishedMs: 10 * H }).from).toBe(100 * H - 24.25 * H);
  });
  it('runs an open incident to now, at most a day past the opening, never past now, and within the search cap', () => {
    expect(incidentWindow({ ...base, nowMs: 102 * H }).to).toBe(102 * H);
    expect(incidentWindow({ ...base, resolvedMs: 101 * H, nowMs: 101.2 * H }).to).toBe(101.2 * H);
    expect(incidentWindow(base).to).toBe(124.5 * H);
    expect(incidentWindow({ ...base, maxMs: 2 * H })).toEqual({ from: 99 * H, to: 101 * H });
  });
});
