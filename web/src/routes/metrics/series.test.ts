import { describe, expect, it } from 'vitest';
import { framesToSeries, seriesFrame, seriesStats } from './series';

const frame = (route: string, times: number[], values: Array<number | null>) => ({
  schema: { name: `http{route="${route}"}`, fields: [{ name: 'time', type: 'time' }, { name: 'value', type: 'number', labels: { route } }] },
  data: { values: [times, values] },
});

describe('series', () => {
  it('joins the groups on time, a gap where a group has no point, and sums them up', () => {
    const series = framesToSeries([frame('/a', [0, 60_000], [2, 4]), frame('/b', [60_000], [1])]);
    expect(series.map((s) => s.name)).toEqual(['route=/a', 'route=/b']);
    expect(seriesFrame(series).data!.values).toEqual([[0, 60_000], [2, 4], [null, 1]]);
    expect(seriesStats(series)).toEqual([
      { name: 'route=/a', last: 4, avg: 3, max: 4 },
      { name: 'route=/b', last: 1, avg: 1, max: 1 },
    ]);
  });
});
