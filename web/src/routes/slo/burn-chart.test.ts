import type { DataFrameJSON, SloAlertTier } from '$shared/api';
import { describe, expect, it } from 'vitest';
import { burnSeriesColors, burnThresholds, historyFrame, windowColors, windowPalette } from './burn-chart';

const tier = (name: string, severity: 'page' | 'ticket', longWindow: string, threshold: number, enabled = true): SloAlertTier => ({
  name,
  severity,
  longWindow,
  shortWindow: '5m',
  threshold,
  longBurn: null,
  shortBurn: null,
  state: 'inactive',
  since: null,
  enabled,
  timeToExhaustionSeconds: null,
});

const tiers = [tier('ticket-slow', 'ticket', '3d', 1), tier('page-fast', 'page', '1h', 14.4), tier('page-slow', 'page', '6h', 6), tier('ticket-fast', 'ticket', '1d', 3, false)];

describe('burn chart', () => {
  it('gives each long window a colour, fastest tier first', () => {
    expect([...windowColors(tiers)]).toEqual([
      ['1h', windowPalette[0]],
      ['6h', windowPalette[1]],
      ['1d', windowPalette[2]],
      ['3d', windowPalette[3]],
    ]);
  });

  it('draws the enabled tiers’ thresholds in their window colour', () => {
    expect(burnThresholds(tiers, windowColors(tiers))).toEqual([
      { value: 14.4, color: windowPalette[0], label: 'page-fast 14.4×' },
      { value: 6, color: windowPalette[1], label: 'page-slow 6×' },
      { value: 1, color: windowPalette[3], label: 'ticket-slow 1×' },
    ]);
  });

  it('colours the frame’s series by their window label, in field order', () => {
    const field = (window: string) => ({ name: 'burn', type: 'number', labels: { window } });
    const frame: DataFrameJSON = {
      schema: { name: 'burn', fields: [{ name: 'time', type: 'time' }, field('6h'), field('1h'), field('2h')] },
      data: { values: [[1000], [0.5], [2], [1]] },
    };
    expect(burnSeriesColors(frame, windowColors(tiers))).toEqual([windowPalette[1], windowPalette[0], windowPalette[4]]);
    expect(historyFrame([{ schema: { name: 'budget', fields: [] } }, frame], 'burn')).toBe(frame);
    expect(historyFrame([], 'sli')).toBeUndefined();
  });
});
