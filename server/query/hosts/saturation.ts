/**
 * When a host counts as saturated (docs/infrastructure.md, "Saturation"):
 * - CPU or memory: every one-minute average with data in the last 5 minutes of the range is
 *   ≥ 90 % (sustained, as an alert rule's `for: 5m`; one busy minute is not saturation);
 * - disk: a filesystem ≥ 90 % used, or forecast full within 24 hours of its newest point.
 */
import type { SqlQuery } from '../sql.js';
import { hostCpuSql, hostMemorySql } from './host-metrics-query.js';

export const SATURATION = {
  /** share of CPU or memory in use */
  utilization: 0.9,
  /** over this much of the range's end */
  sustainedMs: 5 * 60_000,
  /** in one-minute averages */
  stepSeconds: 60,
  /** share of a filesystem in use */
  diskUtilization: 0.9,
  /** a filesystem forecast full sooner than this */
  diskFullWithinSeconds: 24 * 3600,
} as const;

export interface SustainedRow {
  host: string;
  resource: 'cpu' | 'memory';
  /** the lowest one-minute average in the window */
  low: number;
  minutes: number;
}

/** Per host, the lowest one-minute CPU and memory utilisation over the last 5 minutes before `toMs` (of one host, or of all). */
export function sustainedUseSql(q: { toMs: number; host?: string }): SqlQuery {
  const window = { fromMs: q.toMs - SATURATION.sustainedMs, toMs: q.toMs, stepSeconds: SATURATION.stepSeconds, host: q.host };
  const cpu = hostCpuSql(window);
  const memory = hostMemorySql(window);
  return {
    sql: `SELECT host, 'cpu' AS resource, min(value) AS low, count() AS minutes FROM (
${cpu.sql}
) GROUP BY host
UNION ALL
SELECT host, 'memory' AS resource, min(value) AS low, count() AS minutes FROM (
${memory.sql}
) GROUP BY host`,
    // both are built from the same window, so their parameters are the same
    params: { ...cpu.params, ...memory.params },
  };
}
