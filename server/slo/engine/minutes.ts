import type { TelemetryStore } from '../../storage/index.js';
import type { MinuteCounts } from '../evaluate/types.js';

/** The minutes of one SLO instance, sorted. */
export interface InstanceMinutes {
  groupKey: string;
  group: Record<string, string>;
  minutes: MinuteCounts[];
}

/** SLO id → group key → minutes. */
export type MinutesBySlo = Map<string, Map<string, InstanceMinutes>>;

export interface MinutesQuery {
  /** SLO id → the definition hash whose minutes count */
  slos: Map<string, string>;
  fromMs: number;
  toMs: number;
}

/**
 * Reads slo_sli_minutes (FINAL: a minute rolled up again counts once) for many SLOs over
 * one range, one row per instance with its minutes as an array: a thousand instances over a
 * month are a thousand rows, not forty million.
 */
export async function readMinutes(store: TelemetryStore, q: MinutesQuery): Promise<MinutesBySlo> {
  const out: MinutesBySlo = new Map();
  if (q.slos.size === 0 || q.toMs <= q.fromMs) return out;
  const rows = await store.query<{ sloId: string; hash: string; groupKey: string; group: Record<string, string>; minutes: Array<[number, number, number]> }>(
    `SELECT SloId AS sloId, DefinitionHash AS hash, GroupKey AS groupKey, any(\`Group\`) AS group,
       arraySort(x -> x.1, groupArray((toUInt32(Minute), Good, Total))) AS minutes
     FROM slo_sli_minutes FINAL
     WHERE SloId IN {ids:Array(String)}
       AND DefinitionHash IN {hashes:Array(String)}
       AND Minute >= toDateTime(intDiv({fromMs:Int64}, 1000))
       AND Minute < toDateTime(intDiv({toMs:Int64}, 1000))
     GROUP BY SloId, DefinitionHash, GroupKey`,
    { ids: [...q.slos.keys()], hashes: [...new Set(q.slos.values())], fromMs: q.fromMs, toMs: q.toMs },
  );
  for (const r of rows) {
    if (q.slos.get(r.sloId) !== r.hash) continue;
    if (!out.has(r.sloId)) out.set(r.sloId, new Map());
    out.get(r.sloId)!.set(r.groupKey, {
      groupKey: r.groupKey,
      group: r.group,
      minutes: r.minutes.map(([minute, good, total]) => ({ minute, good, total })),
    });
  }
  return out;
}

/** Index of the first minute ≥ `at` in a sorted list. */
export function firstAtOrAfter(minutes: readonly MinuteCounts[], at: number): number {
  let lo = 0;
  let hi = minutes.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (minutes[mid]!.minute < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Replaces the minutes in [from, ∞) of `into` by `fresh` (sorted, all ≥ from) and drops the
 * minutes before `keepFrom`, in place. Epoch seconds.
 */
export function mergeMinutes(into: MinuteCounts[], fresh: readonly MinuteCounts[], from: number, keepFrom: number): void {
  into.splice(firstAtOrAfter(into, from), Infinity, ...fresh);
  const drop = firstAtOrAfter(into, keepFrom);
  if (drop > 0) into.splice(0, drop);
}
