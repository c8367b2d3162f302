import { describe, expect, it } from 'vitest';
import { matchingTraceIdsSql, scanWindow, traceSpanCountSql, traceSpansSql, traceSummariesSql, traceWindowSql } from './query.js';

const range = { fromMs: 1795557600000, toMs: 1795558200000 };
const ids = ['0af7651916cd43dd8448eb211c80319c', '4bf92f3577b34da6a3ce929d0e0e4736'];

describe('traces SQL', () => {
  it('finds trace ids with no filter', () => {
    expect(matchingTraceIdsSql({ ...range, limit: 20 })).toMatchSnapshot();
  });
  it('finds trace ids with every filter on one span', () => {
    expect(
      matchingTraceIdsSql({ ...range, service: 'checkout', operation: 'GET /cart', status: 'Error', minDurationNs: 1_500_000, maxDurationNs: 2_000_000_000, limit: 5 }),
    ).toMatchSnapshot();
  });
  it('looks the traces up in the TraceId → time table', () => {
    expect(traceWindowSql(ids)).toMatchSnapshot();
  });
  it('widens the lookup window by a minute each side (and the end by its second)', () => {
    expect(scanWindow({ startMs: 1795557610000, endMs: 1795557612000 })).toEqual({ windowFromMs: 1795557550000, windowToMs: 1795557673000 });
  });
  it('summarises the traces', () => {
    expect(traceSummariesSql(ids, { windowFromMs: 1795557550000, windowToMs: 1795557673000 })).toMatchSnapshot();
  });
  it('reads every span of a trace', () => {
    expect(traceSpansSql(ids[0]!, { windowFromMs: 1795557550000, windowToMs: 1795557673000 }, 10_001)).toMatchSnapshot();
    expect(traceSpanCountSql(ids[0]!, { windowFromMs: 1795557550000, windowToMs: 1795557673000 })).toMatchSnapshot();
  });
});
