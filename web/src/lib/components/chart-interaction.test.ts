import { describe, expect, it } from 'vitest';
import { bucketWindow, inferStep, msToPixel, nearestSeries, pixelToMs, selectionWindow } from './chart-interaction';

// a plot 800 px wide over one hour from 2026-12-02T10:00:00Z (1796205600 s)
const scale = { min: 1_796_205_600, max: 1_796_209_200 };

describe('pixels and time', () => {
  it('maps a pixel to its moment and back: 3600 s over 800 px is 4.5 s a pixel', () => {
    expect(pixelToMs(0, 800, scale)).toBe(1_796_205_600_000);
    expect(pixelToMs(200, 800, scale)).toBe(1_796_206_500_000);
    expect(pixelToMs(800, 800, scale)).toBe(1_796_209_200_000);
    expect(msToPixel(1_796_206_500_000, 800, scale)).toBe(200);
    expect(msToPixel(1_796_205_600_000 + 2_250, 800, scale)).toBe(0.5);
  });

  it('turns a drag into the window it covers, to the millisecond', () => {
    expect(selectionWindow(200, 160, 800, scale)).toEqual({ from: 1_796_206_500_000, to: 1_796_207_220_000 });
    // 1 px = 4500 ms, so 101.3 px = 455 850 ms; 37.77 px wide ends at 139.07 px = 625 815 ms
    expect(selectionWindow(101.3, 37.77, 800, scale)).toEqual({ from: 1_796_205_600_000 + 455_850, to: 1_796_205_600_000 + 625_815 });
  });

  it('takes a drag narrower than 4 px for a click', () => {
    expect(selectionWindow(200, 3.9, 800, scale)).toBeUndefined();
    expect(selectionWindow(200, 4, 800, scale)).toEqual({ from: 1_796_206_500_000, to: 1_796_206_518_000 });
    expect(selectionWindow(0, 100, 0, scale)).toBeUndefined();
  });
});

describe('buckets', () => {
  it('covers step seconds from the bucket start, cut to the queried range', () => {
    expect(bucketWindow(1_796_205_660_000, 60)).toEqual({ from: 1_796_205_660_000, to: 1_796_205_720_000 });
    const range = { from: 1_796_205_630_000, to: 1_796_205_750_000 };
    expect(bucketWindow(1_796_205_600_000, 60, range)).toEqual({ from: 1_796_205_630_000, to: 1_796_205_660_000 });
    expect(bucketWindow(1_796_205_660_000, 60, range)).toEqual({ from: 1_796_205_660_000, to: 1_796_205_720_000 });
    expect(bucketWindow(1_796_205_720_000, 60, range)).toEqual({ from: 1_796_205_720_000, to: 1_796_205_750_000 });
  });

  it('infers the step from the smallest gap between bucket starts', () => {
    expect(inferStep([60, 120, 300, 360])).toBe(60);
    expect(inferStep([60])).toBe(0);
    expect(inferStep([])).toBe(0);
  });

  it('picks the series drawn closest to the click', () => {
    expect(nearestSeries(50, [null, 10, 45, 70])).toBe(2);
    expect(nearestSeries(65, [null, 10, 45, 70])).toBe(3);
    expect(nearestSeries(5, [null, null])).toBeUndefined();
  });
});
