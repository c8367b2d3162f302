import type { MetaDb } from '../meta/index.js';
import { recordSeenServices } from '../meta/services.js';
import { metricTables } from '../query/metrics/types.js';
import type { TelemetryStore } from '../storage/index.js';

const sources = [['otel_traces', 'Timestamp'], ['otel_logs', 'Timestamp'], ...Object.values(metricTables).map((table) => [table, 'TimeUnix'])] as const;

/** Records in the catalog every service that sent any signal since `sinceMs`. */
export async function discoverServices({ store, meta, sinceMs }: { store: TelemetryStore; meta: MetaDb; sinceMs: number }) {
  const union = sources
    .map(([table, ts]) => `SELECT ServiceName, min(${ts}) AS first, max(${ts}) AS last FROM ${table}
       WHERE ${ts} >= fromUnixTimestamp64Milli({since:Int64}) AND ServiceName != '' GROUP BY ServiceName`)
    .join(' UNION ALL ');
  const rows = await store.query<{ name: string; first: number; last: number }>(
    `SELECT ServiceName AS name, toUnixTimestamp64Milli(min(first)) AS first, toUnixTimestamp64Milli(max(last)) AS last
     FROM (${union}) GROUP BY ServiceName`,
    { since: sinceMs },
  );
  await recordSeenServices({
    db: meta,
    input: rows.map((r) => ({ name: r.name, firstSeen: new Date(r.first), lastSeen: new Date(r.last) })),
  });
  return rows.length;
}

/**
 * Runs discovery on an interval, each pass overlapping the last by a few minutes so
 * late-arriving telemetry is still seen. The first pass looks back one day.
 */
export function createServiceDiscovery(deps: { store: TelemetryStore; meta: MetaDb; intervalMs: number; onError: (e: unknown) => void }) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let since = Date.now() - 86_400_000;
  const pass = () => {
    const started = Date.now();
    running = discoverServices({ store: deps.store, meta: deps.meta, sinceMs: since })
      .then(() => (since = started - 5 * 60_000))
      .catch(deps.onError);
    return running;
  };
  return {
    pass,
    async start() {
      await pass();
      timer = setInterval(pass, deps.intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
