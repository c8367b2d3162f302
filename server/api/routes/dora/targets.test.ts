import { describe, expect, it } from 'vitest';
import { doraTargets as parseTargets } from '../../../query/delivery/config.js';
import { doraTargets } from './targets.js';

const none = { perDay: null, leadTimeMedian: null, changeFailureRate: null, recoveryMedian: null, reworkRate: null };

describe('DORA targets', () => {
  it('parses metric=target pairs in each metric\'s unit', () => {
    expect(parseTargets.parse('deploymentFrequency=5/week, leadTime=2d,changeFailureRate=15%,recovery=90m,reworkRate=0.1')).toEqual({
      deploymentFrequency: 5 / 7, leadTime: 2 * 86_400_000, changeFailureRate: 0.15, recovery: 90 * 60_000, reworkRate: 0.1,
    });
    expect(parseTargets.parse('deploymentFrequency=2/month').deploymentFrequency).toBe(2 / 30);
    expect(parseTargets.parse('')).toEqual({});
  });

  it('names what is wrong', () => {
    expect(parseTargets.safeParse('lead=2d').error?.issues[0]?.message).toBe('Unrecognized key: "lead"');
    expect(parseTargets.safeParse('leadTime').error?.issues[0]?.message).toBe('expected metric=target pairs separated by commas, got "leadTime"');
    expect(parseTargets.safeParse('changeFailureRate=lots').error?.issues[0]).toMatchObject({ path: ['changeFailureRate'], message: 'expected a rate such as 15% or 0.15, got "lots"' });
    expect(parseTargets.safeParse('deploymentFrequency=daily').error?.issues[0]?.message).toBe('expected a deployment frequency such as 1/day, 5/week or 2/month, got "daily"');
    expect(parseTargets.safeParse('changeFailureRate=150%').success).toBe(false);
  });

  it('meets a frequency at or above it, times and rates at or below it; no value, no verdict', () => {
    const targets = parseTargets.parse('deploymentFrequency=1/day,leadTime=1h,changeFailureRate=10%,recovery=1h');
    expect(doraTargets(targets, { ...none, perDay: 1, leadTimeMedian: 61, changeFailureRate: 0.1 })).toEqual({
      deploymentFrequency: { target: 1, met: true },
      leadTimeMinutes: { target: 60, met: false },
      changeFailureRate: { target: 0.1, met: true },
      failedDeploymentRecoveryMinutes: { target: 60, met: null },
    });
    expect(doraTargets({}, none)).toEqual({});
  });
});
