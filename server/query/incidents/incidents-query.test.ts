import { describe, expect, it } from 'vitest';
import { incidentListSql, incidentLocationSql, incidentTransitionsSql } from './incidents-query.js';
import { downstreamServicesSql } from './timeline-query.js';

const q = { fromMs: 1740960000000, toMs: 1741564800000, limit: 101 };

describe('incident SQL', () => {
  it('lists incidents with their DORA facts', () => {
    const sql = incidentListSql(q);
    expect(sql.sql).toContain('FROM delivery_incident_facts FINAL');
    expect(sql.sql).not.toContain('{services:Array(String)}');
    expect(sql).toMatchSnapshot();
  });
  it('narrows the incidents, not their causes, to the services; filters severity and status', () => {
    const sql = incidentListSql({ ...q, services: ['checkout'], severity: 'SEV2', status: 'open' });
    // the facts link every incident over every service's deployments; the filter picks incidents
    expect(sql.sql).toContain('i.Service IN {services:Array(String)}');
    expect(sql.sql).not.toContain('deploymentService IN');
    expect(sql.params).toMatchObject({ services: ['checkout'], severity: 'SEV2', status: 'open' });
    expect(sql).toMatchSnapshot();
  });
  it('finds one incident and its transitions', () => {
    expect(incidentLocationSql('pd:Q1')).toMatchSnapshot();
    expect(incidentTransitionsSql('checkout', 'pd:Q1')).toMatchSnapshot();
  });
  it('finds callees from client → server spans', () => {
    expect(downstreamServicesSql({ service: 'checkout', fromMs: q.fromMs, toMs: q.fromMs + 7_200_000 })).toMatchSnapshot();
  });
});
