import { diskForecastSql, type DiskForecastRow } from '../query/hosts/hosts-query.js';
import type { DiskSelector } from '../slo/model.js';
import type { TelemetryStore } from '../storage/index.js';
import type { RuleWindow } from './rule-query.js';

/**
 * Seconds from the end of the window until the soonest-filling matching filesystem is full,
 * by the same least-squares trend over the window as the host page's forecast
 * (server/query/hosts/hosts-query.ts); Infinity when none is filling, null when no matching
 * filesystem reported in the window (no data, which only `absent` fires on). One alert per
 * rule, as for every other rule kind: the host page says which filesystem it is.
 */
export async function secondsToFull(selector: DiskSelector, store: TelemetryStore, w: RuleWindow): Promise<number | null> {
  const q = diskForecastSql({ ...w, ...(selector.host === undefined ? {} : { host: selector.host }) });
  let soonest: number | null = null;
  for (const row of await store.query<DiskForecastRow>(q.sql, q.params)) {
    if (selector.mountpoint !== undefined && row.mountpoint !== selector.mountpoint) continue;
    const seconds = row.fullAtMs === null ? Number.POSITIVE_INFINITY : Math.max(0, (Number(row.fullAtMs) - w.toMs) / 1000);
    soonest = Math.min(soonest ?? Number.POSITIVE_INFINITY, seconds);
  }
  return soonest;
}
