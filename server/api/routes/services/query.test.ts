import { describe, expect, it } from 'vitest';
import { serviceOperationsSql, serviceSeriesSql, serviceStatsSql } from './query.js';

const range = { fromMs: 1795557600000, toMs: 1795558200000 };

describe('services SQL', () => {
  it('summarises every service', () => {
    expect(serviceStatsSql(range)).toMatchSnapshot();
  });
  it('summarises one service', () => {
    expect(serviceStatsSql({ ...range, service: 'checkout' })).toMatchSnapshot();
  });
  it('buckets one service, filling empty buckets from the aligned start', () => {
    const q = serviceSeriesSql({ ...range, fromMs: range.fromMs + 15_000, service: 'checkout', stepSeconds: 60 });
    expect(q.params.fillFromMs).toBe(range.fromMs);
    expect(q).toMatchSnapshot();
  });
  it('groups requests by operation', () => {
    expect(serviceOperationsSql({ ...range, service: 'checkout' })).toMatchSnapshot();
  });
});
