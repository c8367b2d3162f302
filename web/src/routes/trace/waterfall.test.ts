import { describe, expect, it } from 'vitest';
import type { Span } from '$shared/api';
import { buildWaterfall, logWindow, serviceColors, visibleRows } from './waterfall';

const base = 1_700_000_000_000_000_000n;
function span(spanId: string, parentSpanId: string, startMs: number, durationMs: number, statusCode = 'Unset'): Span {
  return {
    traceId: 't',
    spanId,
    parentSpanId,
    name: spanId,
    kind: 'Internal',
    serviceName: 'svc',
    startTime: '',
    startTimeUnixNano: String(base + BigInt(startMs * 1e6)),
    durationNs: durationMs * 1e6,
    statusCode,
    statusMessage: '',
    scopeName: '',
    scopeVersion: '',
    resourceAttributes: {},
    attributes: {},
    events: [],
    links: [],
  };
}

describe('buildWaterfall', () => {
  it('puts children under their parent, siblings by start time, with offsets from the first start', () => {
    const w = buildWaterfall([span('c2', 'root', 30, 5), span('root', '', 0, 100), span('c1', 'root', 10, 50, 'Error'), span('g1', 'c1', 20, 10)]);
    expect(w.rows.map((r) => [r.span.spanId, r.depth, r.offsetNs / 1e6])).toEqual([
      ['root', 0, 0],
      ['c1', 1, 10],
      ['g1', 2, 20],
      ['c2', 1, 30],
    ]);
    expect(w.durationNs).toBe(100e6);
    expect(w.errorCount).toBe(1);
    expect(w.rows[1]).toMatchObject({ isError: true, childCount: 1 });
  });

  it('keeps spans whose parent is missing, as marked roots, and spans caught in a cycle', () => {
    const w = buildWaterfall([span('root', '', 0, 10), span('lost', 'gone', 5, 1), span('a', 'b', 2, 1), span('b', 'a', 3, 1)]);
    expect(w.rows.map((r) => r.span.spanId).sort()).toEqual(['a', 'b', 'lost', 'root']);
    expect(w.rows.find((r) => r.span.spanId === 'lost')).toMatchObject({ depth: 0, orphan: true });
  });

  it('measures the trace to the latest end, not the root span end', () => {
    const w = buildWaterfall([span('root', '', 0, 10), span('async', 'root', 5, 95)]);
    expect(w.durationNs).toBe(100e6);
  });

  it('copes with an empty trace', () => {
    expect(buildWaterfall([])).toMatchObject({ rows: [], durationNs: 1, errorCount: 0 });
  });
});

describe('visibleRows', () => {
  it('hides the descendants of collapsed spans only', () => {
    const w = buildWaterfall([span('root', '', 0, 100), span('c1', 'root', 10, 50), span('g1', 'c1', 20, 10), span('c2', 'root', 30, 5)]);
    expect(visibleRows(w.rows, new Set(['c1'])).map((r) => r.span.spanId)).toEqual(['root', 'c1', 'c2']);
    expect(visibleRows(w.rows, new Set(['root'])).map((r) => r.span.spanId)).toEqual(['root']);
  });
});

describe('logWindow', () => {
  it('pads the trace by five minutes each side, in epoch milliseconds', () => {
    expect(logWindow(1_700_000_000_000_000_000n, 2_500_000)).toEqual({ from: String(1_700_000_000_000 - 300_000), to: String(1_700_000_000_003 + 300_000) });
  });
});

describe('serviceColors', () => {
  // 'a' and 'k' hash to the same slot (97 and 107, mod 10 = 7): the palette's #6366f1
  it('gives a service the colour its name hashes to', () => {
    expect(serviceColors(['a']).get('a')).toBe('#6366f1');
    expect(serviceColors(['k']).get('k')).toBe('#6366f1');
  });

  it('gives two services of one trace two colours, the one later by name moving to the next free slot', () => {
    const colors = serviceColors(['k', 'a', 'k']);
    expect([...colors]).toEqual([
      ['a', '#6366f1'],
      ['k', '#14b8a6'],
    ]);
  });

  it('keeps every colour distinct past the palette', () => {
    const names = Array.from({ length: 14 }, (_, i) => `service-${i}`);
    const colors = serviceColors(names);
    expect(colors.size).toBe(14);
    expect(new Set(colors.values()).size).toBe(14);
    expect([...colors.values()].filter((c) => c.startsWith('hsl(')).length).toBe(4);
  });

  it('comes with the waterfall, for its services', () => {
    const w = buildWaterfall([{ ...span('root', '', 0, 10), serviceName: 'k' }, { ...span('child', 'root', 1, 5), serviceName: 'a' }]);
    expect(w.services).toEqual(['a', 'k']);
    expect([...w.colors]).toEqual([
      ['a', '#6366f1'],
      ['k', '#14b8a6'],
    ]);
  });
});
