import { describe, expect, it } from 'vitest';
import { listMetricsSql, resolveMetricSql } from '../../../query/metrics/catalog-query.js';
import { seriesName } from './frames.js';
import { increaseSql } from '../../../query/metrics/increase-query.js';
import { mergeIncreases } from './query.js';
import { rateSql } from '../../../query/metrics/rate-query.js';
import { parseLabelRef, type Selector } from '../../../query/metrics/selector.js';
import { valueSql } from '../../../query/metrics/value-query.js';

const sel: Selector = {
  name: 'http.server.request.duration',
  fromMs: 1795557600000,
  toMs: 1795558200000,
  stepSeconds: 60,
  filters: [
    { label: parseLabelRef('http.route'), values: ['/cart', '/pay'] },
    { label: parseLabelRef('service.name'), values: ['checkout'] },
    { label: parseLabelRef('resource.k8s.namespace.name'), values: ['shop'] },
  ],
  groupBy: [parseLabelRef('http.route'), parseLabelRef('resource.host.name')],
};
const bare: Selector = { ...sel, filters: [], groupBy: [] };

describe('metrics SQL', () => {
  it('lists metrics across the five tables', () => {
    expect(listMetricsSql({ fromMs: sel.fromMs, toMs: sel.toMs })).toMatchSnapshot();
  });
  it('finds which tables hold a name', () => {
    expect(resolveMetricSql('http.server.request.duration')).toMatchSnapshot();
  });
  it('aggregates gauge values with filters and groups', () => {
    expect(valueSql(sel, 'gauge', 'avg')).toMatchSnapshot();
  });
  it('adds up the latest value of each sum series', () => {
    expect(valueSql(bare, 'sum', 'sum')).toMatchSnapshot();
  });
  it('computes a reset-aware rate with a lookback of max(step, 5 min)', () => {
    const q = rateSql(sel);
    expect(q.params.scanFromMs).toBe(sel.fromMs - 300_000);
    expect(q).toMatchSnapshot();
  });
  it('counts histogram bucket increases per bound set', () => {
    expect(increaseSql(sel, 'histogram', { buckets: true })).toMatchSnapshot();
  });
  it('counts summary observations without buckets', () => {
    expect(increaseSql(bare, 'summary', { buckets: false })).toMatchSnapshot();
  });
});

describe('label references', () => {
  it.each([
    ['service.name', { text: 'service.name', column: 'ServiceName' }],
    ['resource.host.name', { text: 'resource.host.name', column: 'ResourceAttributes', key: 'host.name' }],
    ['resource.', { text: 'resource.', column: 'Attributes', key: 'resource.' }],
    ['http.route', { text: 'http.route', column: 'Attributes', key: 'http.route' }],
  ])('%s', (text, ref) => {
    expect(parseLabelRef(text)).toEqual(ref);
  });
});

describe('mergeIncreases', () => {
  it('adds bucket counts of different bound sets by bound, +Inf arriving as null', () => {
    const merged = mergeIncreases([
      { time: 0, labels: [], count: 10, sum: 400, bounds: [10, 50, 100, null], buckets: [2, 6, 2, 0] },
      { time: 0, labels: [], count: 10, sum: 150, bounds: [10, 20, null], buckets: [0, 10, 0] },
      { time: 60_000, labels: [], count: 1, sum: 5, bounds: [10, null], buckets: [1, 0] },
    ]);
    expect(merged).toEqual([
      {
        time: 0, labels: [], count: 20, sum: 550,
        buckets: [{ upperBound: 10, count: 2 }, { upperBound: 50, count: 6 }, { upperBound: 100, count: 2 }, { upperBound: Infinity, count: 0 }, { upperBound: 20, count: 10 }],
      },
      { time: 60_000, labels: [], count: 1, sum: 5, buckets: [{ upperBound: 10, count: 1 }, { upperBound: Infinity, count: 0 }] },
    ]);
  });
});

it('names a series as Prometheus prints it', () => {
  expect(seriesName('m', {})).toBe('m');
  expect(seriesName('m', { route: '/a', 'host.name': 'h"1' })).toBe('m{route="/a", host.name="h\\"1"}');
});
