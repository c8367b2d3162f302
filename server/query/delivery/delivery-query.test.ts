import { describe, expect, it } from 'vitest';
import { duration } from './config.js';
import { leadTimeSql } from './lead-time-query.js';
import { bucketSql, type DeliveryQuery } from './scope.js';
import { deploymentStatsSql, recoverySql } from './stability-query.js';

const org: DeliveryQuery = { fromMs: 1740960000000, toMs: 1741564800000 };
const team: DeliveryQuery = { ...org, services: ['checkout', 'ledger'], environment: 'staging', bucket: 'week' };

describe('delivery SQL', () => {
  it('counts deployments, failures and rework for the organisation', () => {
    expect(deploymentStatsSql(org)).toMatchSnapshot();
  });
  it('scopes to services and one environment, bucketed by week', () => {
    const q = deploymentStatsSql(team);
    expect(q.sql).toContain('Service IN {services:Array(String)}');
    expect(q.params).toMatchObject({ target: 'staging', services: ['checkout', 'ledger'] });
    expect(q.sql).toContain('GROUPING SETS ((bucket), ())');
    expect(q).toMatchSnapshot();
  });
  it('measures recovery from the linked incidents', () => {
    expect(recoverySql(team)).toMatchSnapshot();
  });
  it('measures lead time through windows and pull-request commits', () => {
    expect(leadTimeSql(org)).toMatchSnapshot();
  });
  it('reads the stored facts of the target: production, or the environment named', () => {
    expect(leadTimeSql(org).sql).toContain('FROM delivery_commit_facts FINAL WHERE Target = {target:String}');
    expect(leadTimeSql(org).params.target).toBe('');
    expect(leadTimeSql(team).params.target).toBe('staging');
  });
  it('buckets by UTC day, Monday week and month', () => {
    expect(['day', 'week', 'month'].map((b) => bucketSql(b as 'day', 'finish'))).toMatchSnapshot();
  });
  it('parses link windows', () => {
    expect(duration.parse('24h')).toBe(86_400_000);
    expect(duration.parse('90m')).toBe(5_400_000);
    expect(duration.parse('1500')).toBe(1500);
    expect(duration.safeParse('soon').error?.issues[0]?.message).toBe('expected a duration such as 24h, 90m or 2d, got "soon"');
  });
});
