import { describe, expect, it } from 'vitest';
import { formatTime } from '../../lib/format/units';
import { exemplarMarks, exemplarsOnValue } from './exemplar-marks';

describe('exemplar marks', () => {
  it.each([
    ['histogram', 'p95', true],
    ['histogram', 'avg', true],
    ['histogram', 'count', false],
    ['gauge', 'max', true],
    ['gauge', 'count', false],
    ['sum', 'rate', false],
    ['sum', 'avg', false],
    ['summary', 'avg', false],
  ])('a %s chart of %s places exemplars at their value: %s', (type, agg, onValue) => {
    expect(exemplarsOnValue(type, agg)).toBe(onValue);
  });

  it('links each exemplar to its trace and says its value, time and series', () => {
    const traceId = '5b8efff798038103d269b633813fc60c';
    const e = { time: 1_796_205_660_000, value: 120, traceId, spanId: 'eee19b7ec3c1b174', labels: { route: '/cart' } };
    expect(exemplarMarks([e], true, (v) => `${v} ms`)).toEqual([
      { time: 1_796_205_660_000, value: 120, href: `/traces/${traceId}`, label: `trace 5b8efff7…: 120 ms at ${formatTime(1_796_205_660_000)} (route=/cart)` },
    ]);
    expect(exemplarMarks([{ ...e, labels: {} }], false, String)[0]).toMatchObject({ value: null, label: `trace 5b8efff7…: 120 at ${formatTime(1_796_205_660_000)}` });
  });
});
