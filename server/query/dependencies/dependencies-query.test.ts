import { describe, expect, it } from 'vitest';
import { CHILD_SLACK_MS, dependencyEdgesSql, dependencyServicesSql } from './dependencies-query.js';

const q = { fromMs: 1741000000000, toMs: 1741003600000 };

describe('dependency SQL', () => {
  it('reads calls in the range and their children a little either side of it', () => {
    const sql = dependencyEdgesSql(q);
    expect(sql.params).toEqual({ ...q, childFromMs: q.fromMs - CHILD_SLACK_MS, childToMs: q.toMs + CHILD_SLACK_MS });
    expect(sql.sql).not.toContain('{service:String}');
    expect(sql).toMatchSnapshot();
  });
  it('keeps the edges from or to one service', () => {
    const sql = dependencyEdgesSql({ ...q, service: 'checkout' });
    expect(sql.params).toMatchObject({ service: 'checkout' });
    expect(sql.sql).toContain("(caller = {service:String} OR (calleeKind = 'service' AND callee = {service:String}))");
    // both sides of the join read only the traces the service has a span in
    expect(sql.sql.match(/TraceId IN \(SELECT TraceId FROM otel_traces WHERE ServiceName = \{service:String\}/g)).toHaveLength(2);
    expect(sql).toMatchSnapshot();
  });
  it('lists the services of the range', () => {
    expect(dependencyServicesSql(q)).toMatchSnapshot();
    expect(dependencyServicesSql({ ...q, service: 'checkout' }).sql).toContain('ServiceName = {service:String}');
  });
});
