/**
 * The organisation's own DORA targets (OCTOLENS_DORA_TARGETS) against a scope's figures: a
 * frequency meets its target at or above it, times and rates at or below it.
 */
import type { DoraTarget, DoraTargets } from '../../../../shared/api.js';
import type { DoraTargets as TargetConfig } from '../../../query/delivery/config.js';

const MINUTE_MS = 60_000;

export interface TargetFigures {
  perDay: number | null;
  leadTimeMedian: number | null;
  changeFailureRate: number | null;
  recoveryMedian: number | null;
  reworkRate: number | null;
}

const target = (value: number | null, limit: number | undefined, atLeast: boolean): DoraTarget | undefined =>
  limit === undefined ? undefined : { target: limit, met: value === null ? null : atLeast ? value >= limit : value <= limit };

export function doraTargets(t: TargetConfig, f: TargetFigures): DoraTargets {
  const out: DoraTargets = {
    deploymentFrequency: target(f.perDay, t.deploymentFrequency, true),
    leadTimeMinutes: target(f.leadTimeMedian, t.leadTime === undefined ? undefined : t.leadTime / MINUTE_MS, false),
    changeFailureRate: target(f.changeFailureRate, t.changeFailureRate, false),
    failedDeploymentRecoveryMinutes: target(f.recoveryMedian, t.recovery === undefined ? undefined : t.recovery / MINUTE_MS, false),
    reworkRate: target(f.reworkRate, t.reworkRate, false),
  };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined)) as DoraTargets;
}
