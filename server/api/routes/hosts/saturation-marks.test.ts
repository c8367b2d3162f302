import { describe, expect, it } from 'vitest';
import type { DiskForecast } from '../../../../shared/api.js';
import type { SustainedRow } from '../../../query/hosts/saturation.js';
import { saturationMarks } from './saturation-marks.js';

const use = (resource: 'cpu' | 'memory', low: number, minutes = 5): SustainedRow => ({ host: 'h', resource, low, minutes });
const fs = (mountpoint: string, utilization: number | null, secondsToFull: number | null): DiskForecast => ({
  source: 'otel', device: 'd', mountpoint, usedBytes: 0, usableBytes: 0, capacityBytes: 0, utilization, bytesPerHour: 0, fullAt: null, secondsToFull, points: 2,
});

describe('saturationMarks', () => {
  it.each([
    ['CPU at 90 % every minute', [use('cpu', 0.9)], [], [{ resource: 'cpu', label: 'CPU ≥ 90 % for 5 min' }]],
    ['CPU dipping under 90 % once', [use('cpu', 0.89)], [], []],
    ['memory at 95 %', [use('memory', 0.95)], [], [{ resource: 'memory', label: 'memory ≥ 90 % for 5 min' }]],
    ['no minute with data', [use('cpu', 1, 0)], [], []],
    ['a disk full in 23 h 40 min', [], [fs('/', 0.5, 23 * 3600 + 2400)], [{ resource: 'disk', label: 'disk / full in 24 h' }]],
    ['a disk full in 25 h', [], [fs('/', 0.5, 25 * 3600)], []],
    ['a disk full in 10 min', [], [fs('/a', 0.5, 86_000), fs('/b', 0.2, 600)], [{ resource: 'disk', label: 'disk /b full in 10 min' }]],
    ['a disk 93 % used, not filling', [], [fs('/data', 0.93, null)], [{ resource: 'disk', label: 'disk /data 93 % used' }]],
  ] as Array<[string, SustainedRow[], DiskForecast[], unknown]>)('%s', (_, sustained, filesystems, marks) => {
    expect(saturationMarks(sustained, filesystems)).toEqual(marks);
  });
});
