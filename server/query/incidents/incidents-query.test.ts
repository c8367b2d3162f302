import { describe, expect, it } from 'vitest';
import { incidentListSql, incidentLocationSql, incidentTransitionsSql } from './incidents-query.js';
import { downstreamServicesSql } from './timeline-query.js';

const q = { fromMs: 1740960000000, toMs: 1741564800000, linkWindowMs: 86_400_000, limit: 101 };

describe('incident SQL', () => {
  it('lists incidents with the DORA link CTEs', () => {
    const sql = incidentListSql(q);
    expect(sql.sql).toContain('heuristicLink AS');
    expect(sql.sql).not.toContain('{services:Array(String)}');
    expect(sql).toMatchSnapshot();
  });
  it('narrows the incidents, not the deployments, to the services; filters severity and status', () => {
    const sql = incidentListSql({ ...q, services: ['checkout'], severity: 'SEV2', status: 'open' });
    // the deployments CTE reads every service, so an explicit cause in another service still links
    expect(sql.sql.split('FROM deployments FINAL')[1]!.split('\n')[1]).not.toContain('Service IN');
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
