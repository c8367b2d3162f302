import { describe, expect, it } from 'vitest';
import { parseAttributeFilter, type AttributeFilter } from '../../../query/search-filter.js';
import { matchingTraceIdsSql, scanWindow, traceFacetsSql, traceLatencySql, traceSpanCountSql, traceSpansSql, traceSummariesSql, traceWindowSql } from './query.js';

const range = { fromMs: 1795557600000, toMs: 1795558200000 };
const filter = (text: string) => parseAttributeFilter(text) as AttributeFilter;
const ids = ['0af7651916cd43dd8448eb211c80319c', '4bf92f3577b34da6a3ce929d0e0e4736'];

describe('traces SQL', () => {
  it('finds trace ids with no filter', () => {
    expect(matchingTraceIdsSql({ ...range, limit: 20 })).toMatchSnapshot();
  });
  it('finds trace ids with every filter on one span', () => {
    expect(
      matchingTraceIdsSql({
        ...range,
        service: { text: 'checkout', exact: true },
        operation: { text: 'cart', exact: false },
        status: 'Error',
        minDurationNs: 1_500_000,
        maxDurationNs: 2_000_000_000,
        limit: 5,
      }),
    ).toMatchSnapshot();
  });
  it('binds every attribute filter, = on one key as one IN', () => {
    const filters = ['http.route=/cart', 'http.route=/pay', 'resource.host.name!=web-1', 'error.type=~^Timeout', 'user.id!~^test-', 'http.response.status_code>=500', 'retries<3', 'span.name=GET /cart', 'service.name=tax'].map(filter);
    expect(matchingTraceIdsSql({ ...range, filters, limit: 20 })).toMatchSnapshot();
  });
  it('continues after a cursor, reading spans up to its time only', () => {
    expect(matchingTraceIdsSql({ ...range, limit: 21, after: { startNs: '1795557700123456789', traceId: ids[0]! } })).toMatchSnapshot();
  });
  it('counts facet values in traces over the matching spans', () => {
    expect(traceFacetsSql({ ...range, service: { text: 'pay', exact: false }, filters: [filter('http.route=/cart')] }, 10)).toMatchSnapshot();
  });
  it('counts the matching spans per latency bucket', () => {
    expect(traceLatencySql({ ...range, service: { text: 'pay', exact: false }, status: 'Error', filters: [filter('http.route=/cart')] })).toMatchSnapshot();
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
