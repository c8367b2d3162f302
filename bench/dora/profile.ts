/**
 * Which part of the DORA SQL costs what: each of the three metric queries alone, then, for
 * the slowest, `WITH … SELECT count() FROM <cte>` for each of its CTEs in order. A CTE's time
 * includes the CTEs it reads (ClickHouse inlines them), so the step from one line to the next
 * is what that CTE adds.
 */
import { leadTimeSql } from '../../server/query/delivery/lead-time-query.js';
import type { DeliveryQuery } from '../../server/query/delivery/scope.js';
import { deploymentStatsSql, recoverySql } from '../../server/query/delivery/stability-query.js';
import type { SqlQuery } from '../../server/query/sql.js';
import { QueryLimitError, type TelemetryStore } from '../../server/storage/index.js';

export interface ProfileLine {
  name: string;
  ms: number;
  /** stopped by the store's time limit: the real time is longer */
  bounded: boolean;
}

/** median of 3 runs; one when a run takes over 5 s; a run the store's time bound stops counts as its time (`bounded`) */
async function median(run: () => Promise<unknown>): Promise<{ ms: number; bounded: boolean }> {
  const ms: number[] = [];
  let bounded = false;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    try {
      await run();
    } catch (err) {
      if (!(err instanceof QueryLimitError)) throw err;
      bounded = true;
    }
    ms.push(performance.now() - t0);
    if (ms[i]! > 5000) break;
  }
  return { ms: ms.sort((a, b) => a - b)[Math.floor((ms.length - 1) / 2)]!, bounded };
}

export async function profileDora(store: TelemetryStore, q: DeliveryQuery): Promise<ProfileLine[]> {
  const queries: Array<[string, SqlQuery]> = [
    ['deployment stats (frequency, CFR, rework)', deploymentStatsSql(q)],
    ['lead time', leadTimeSql(q)],
    ['recovery', recoverySql(q)],
  ];
  const lines: ProfileLine[] = [];
  let slowest = { ms: -1, sql: queries[0]![1], name: '' };
  for (const [name, sql] of queries) {
    const { ms, bounded } = await median(() => store.query(sql.sql, sql.params));
    lines.push({ name: `query: ${name}`, ms, bounded });
    if (ms > slowest.ms) slowest = { ms, sql, name };
  }
  const text = slowest.sql.sql;
  const finalSelect = text.lastIndexOf('\nSELECT ');
  const withPart = text.slice(0, finalSelect).replace(/,\s*$/, '');
  for (const m of withPart.matchAll(/^(?:WITH )?(\w+) AS \(/gm)) {
    const cte = m[1]!;
    const { ms, bounded } = await median(() => store.query(`${withPart}\nSELECT count() AS n FROM ${cte}`, slowest.sql.params));
    lines.push({ name: `${slowest.name}: up to CTE \`${cte}\``, ms, bounded });
  }
  return lines;
}
