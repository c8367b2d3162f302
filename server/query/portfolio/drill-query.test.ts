import { describe, expect, it } from 'vitest';
import { changeListSql, deploymentListSql, incidentListSql, type DrillQuery } from './drill-query.js';

const team: DrillQuery = { fromMs: 1740960000000, toMs: 1741564800000, services: ['checkout'], limit: 50 };

describe('drill-down SQL', () => {
  it('lists deployments with their failure and rework reasons, filtered', () => {
    expect(deploymentListSql(team, 'failed')).toMatchSnapshot();
    expect(deploymentListSql(team, 'all').sql).not.toContain('WHERE failed');
    expect(deploymentListSql({ ...team, environment: 'staging' }, 'all').params.target).toBe('staging');
  });
  it('lists the lead-time samples and the incidents, bounded by limit', () => {
    expect(changeListSql(team)).toMatchSnapshot();
    expect(incidentListSql(team)).toMatchSnapshot();
    expect(incidentListSql(team).params).toMatchObject({ limit: 50, services: ['checkout'] });
  });
});
