import { describe, expect, it } from 'vitest';
import { bucketStartNs, fillBuckets, latencyBucketSql } from './latency.js';

describe('latency buckets', () => {
  it.each([
    [0, 0],
    [1, 1.5],
    [2, 2],
    [5, 7],
    [6, 10],
    [7, 15],
    [18, 1_000],
    [36, 1_000_000],
    [37, 1_500_000],
    [38, 2_000_000],
    [39, 3_000_000],
    [40, 5_000_000],
    [41, 7_000_000],
    [42, 10_000_000],
    [44, 20_000_000],
    [46, 50_000_000],
    [54, 1_000_000_000],
    [59, 7_000_000_000],
    [60, 10_000_000_000],
  ])('bucket %i starts at %d ns', (index, ns) => {
    expect(bucketStartNs(index)).toBe(ns);
  });

  it('fills the empty buckets between the lowest and highest, with their bounds', () => {
    expect(
      fillBuckets([
        { bucket: 38, spans: 3, errors: 1 },
        { bucket: 41, spans: 2, errors: 0 },
      ]),
    ).toEqual([
      { minNs: 2_000_000, maxNs: 3_000_000, spans: 3, errors: 1 },
      { minNs: 3_000_000, maxNs: 5_000_000, spans: 0, errors: 0 },
      { minNs: 5_000_000, maxNs: 7_000_000, spans: 0, errors: 0 },
      { minNs: 7_000_000, maxNs: 10_000_000, spans: 2, errors: 0 },
    ]);
  });

  it('reads ClickHouse counts given as strings (UInt64 in JSON)', () => {
    expect(fillBuckets([{ bucket: '0' as unknown as number, spans: '4' as unknown as number, errors: '0' as unknown as number }])).toEqual([{ minNs: 0, maxNs: 1.5, spans: 4, errors: 0 }]);
  });

  it('answers no bucket without spans', () => {
    expect(fillBuckets([])).toEqual([]);
  });

  it('computes the bucket in integer arithmetic', () => {
    expect(latencyBucketSql('d')).toBe(
      '((length(toString(d)) AS latency_digits) - 1) * 6 + multiIf((intDiv(toUInt128(d) * 10, intExp10(latency_digits - 1)) AS latency_lead) < 15, 0, latency_lead < 20, 1, latency_lead < 30, 2, latency_lead < 50, 3, latency_lead < 70, 4, 5)',
    );
  });
});
