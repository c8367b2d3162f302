import { describe, expect, it } from 'vitest';
import { formatDuration, formatFrequency, formatRate, levelLabel, seriesFrame } from './format';

describe('portfolio formats', () => {
  it('says durations as people do', () => {
    expect([formatDuration(null), formatDuration(15), formatDuration(150), formatDuration(180), formatDuration(5280), formatDuration(-60)]).toEqual([
      '–', '15 min', '2 h 30 min', '3 h', '3 d 16 h', '−1 h',
    ]);
  });
  it('says rates and frequencies, per week below one a day', () => {
    expect([formatRate(0.5), formatRate(1 / 3), formatRate(null)]).toEqual(['50 %', '33.3 %', '–']);
    expect([formatFrequency(6 / 7), formatFrequency(2.45), formatFrequency(14.2), formatFrequency(null)]).toEqual(['6 / week', '2.5 / day', '14 / day', '–']);
    expect([levelLabel('elite'), levelLabel(null)]).toEqual(['Elite', '–']);
  });
  it('turns a series into a frame of one metric', () => {
    const frame = seriesFrame([{ time: 1, deployments: 2, changeFailureRate: 0.5, reworkRate: null, leadTimeMedianMinutes: 60, recoveryMedianMinutes: null }], 'changeFailureRate');
    expect(frame.data?.values).toEqual([[1], [0.5]]);
    expect(frame.schema?.fields.map((f) => f.type)).toEqual(['time', 'number']);
  });
});
