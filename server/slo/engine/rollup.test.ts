import { describe, expect, it } from 'vitest';
import type { SloDefinition } from '../model.js';
import { planSli } from './plan.js';
import { MAX_BATCH, rowInserts, type EvaluablePlan, type RollupTarget } from './rollup.js';

const target = (service: string, i: number, fromMs: number, toMs: number, groupBy: string[] = []): RollupTarget => ({
  sloId: `${service}-${i}`,
  plan: planSli({ sli: { kind: 'span_latency', total: { service }, thresholdSeconds: i }, groupBy } as Pick<SloDefinition, 'sli' | 'groupBy'>) as EvaluablePlan,
  fromMs,
  toMs,
});

const shape = (inserts: ReturnType<typeof rowInserts>) => inserts.map((scans) => scans.map((scan) => scan.length));

describe('rowInserts', () => {
  it('scans a backfill per service, and packs the scans into INSERTs of at most MAX_BATCH SLOs', () => {
    const targets = Array.from({ length: 25 }, (_, s) => Array.from({ length: 10 }, (_, i) => target(`svc-${String(s).padStart(2, '0')}`, i, 0, 86_400_000))).flat();
    const inserts = rowInserts(targets);
    expect(shape(inserts)).toEqual([Array(20).fill(10), Array(5).fill(10)]);
    expect(inserts[0]![0]!.every((t) => t.sloId.startsWith('svc-00-'))).toBe(true);
  });

  it("scans a cycle's recent minutes across services, grouped SLOs apart, in chunks of MAX_BATCH", () => {
    const targets = [
      ...Array.from({ length: MAX_BATCH + 10 }, (_, i) => target(`svc-${i % 7}`, i, 0, 360_000)),
      target('svc-1', 999, 0, 360_000, ['http.route']),
    ];
    expect(shape(rowInserts(targets))).toEqual([[MAX_BATCH], [10, 1]]);
  });

  it('never mixes ranges in one INSERT', () => {
    expect(shape(rowInserts([target('a', 1, 0, 360_000), target('a', 2, 60_000, 420_000)]))).toEqual([[1], [1]]);
  });
});
