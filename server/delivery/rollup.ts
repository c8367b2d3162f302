import type { Logger } from '../lib/log.js';
import type { TelemetryStore } from '../storage/index.js';
import {
  anyArrivalSql,
  arrivalsSql,
  deleteStaleSql,
  deriveIncidentFactsSql,
  deriveServiceFactsSql,
  readStateSql,
  writeStateSql,
} from './facts-sql.js';

/**
 * How far behind the newest arrival the durable watermark stays: an insert that started
 * earlier may become visible after a later one did, so the background catch-up derives the
 * last few seconds' services again rather than miss one.
 */
const VISIBILITY_MARGIN_MS = 10_000;

export interface DeliveryFactsOptions {
  /** a store with the background query bounds: a first derivation reads years of events */
  store: TelemetryStore;
  log?: Logger;
  linkWindowMs: number;
  /** how often `start()` catches up; default 30 s */
  intervalMs?: number;
  /** services derived per statement: fewer bound memory, more share scans; default 10 */
  batchServices?: number;
  /** how long `fresh()` waits for a running catch-up before refusing; default 10 s */
  waitMs?: number;
}

export interface CatchUpResult {
  services: number;
  ms: number;
}

/** A read asked for facts that a long catch-up (the first one, a backfill) is still deriving. */
export class FactsPendingError extends Error {
  constructor(readonly done: number, readonly total: number) {
    super(`DORA facts are being derived from the stored events (${done} of ${total} services done); retry shortly`);
  }
}

export interface DeliveryFacts {
  /**
   * Resolves once the facts include every event stored so far (one indexed query when they
   * already do); throws FactsPendingError when that takes longer than `waitMs`.
   */
  fresh(): Promise<void>;
  /** Derives the facts of every service with events after the durable watermark. */
  catchUp(): Promise<CatchUpResult>;
  start(): void;
  stop(): Promise<void>;
}

/**
 * Keeps the DORA facts tables (migration 0009) in step with the delivery events: each
 * catch-up finds the services whose events arrived since the last one (IngestedAt), derives
 * their facts from their whole history under a new version, marks deleted the facts that
 * version no longer holds, then re-links every incident over the stored facts. Reads call
 * `fresh()` first, so an answer includes what was stored before it was asked.
 */
export function createDeliveryFacts({ store, log, linkWindowMs, intervalMs = 30_000, batchServices = 10, waitMs = 10_000 }: DeliveryFactsOptions): DeliveryFacts {
  let state: Promise<{ watermarkMs: number; version: number }> | undefined;
  /** the newest arrival this process has derived: `fresh()` only looks past it */
  let seenMs = 0;
  let running: Promise<CatchUpResult> | undefined;
  let progress = { done: 0, total: 0 };
  let timer: NodeJS.Timeout | undefined;

  const loadState = () =>
    (state ??= store.query<{ watermarkMs: number; version: number }>(readStateSql).then(([r]) => {
      const s = { watermarkMs: Number(r?.watermarkMs ?? 0), version: Number(r?.version ?? 0) };
      seenMs = Math.max(seenMs, s.watermarkMs);
      return s;
    }));

  async function derive(afterMs: number): Promise<CatchUpResult> {
    const started = Date.now();
    const current = await loadState();
    const q = arrivalsSql(afterMs);
    const arrivals = await store.query<{ service: string; lastMs: number; nowMs: number }>(q.sql, q.params);
    if (arrivals.length === 0) return { services: 0, ms: Date.now() - started };
    const version = Math.max(current.version + 1, Date.now());
    const services = arrivals.map((a) => a.service);
    progress = { done: 0, total: services.length };
    for (let i = 0; i < services.length; i += batchServices) {
      const batch = services.slice(i, i + batchServices);
      for (const table of ['delivery_deployment_facts', 'delivery_commit_facts'] as const) {
        await run(deriveServiceFactsSql(table, batch, version, linkWindowMs));
        await run(deleteStaleSql(table, version, batch));
      }
      progress = { done: Math.min(i + batchServices, services.length), total: services.length };
      if (services.length > batchServices) log?.info('deriving DORA facts', { services: `${progress.done} of ${progress.total}` });
    }
    await run(deriveIncidentFactsSql(version, linkWindowMs));
    await run(deleteStaleSql('delivery_incident_facts', version));
    const lastMs = Math.max(...arrivals.map((a) => Number(a.lastMs)));
    const watermarkMs = Math.max(current.watermarkMs, Math.min(lastMs, Number(arrivals[0]!.nowMs) - VISIBILITY_MARGIN_MS));
    await run(writeStateSql(watermarkMs, version));
    state = Promise.resolve({ watermarkMs, version });
    seenMs = Math.max(seenMs, lastMs);
    return { services: services.length, ms: Date.now() - started };
  }

  const run = (q: { sql: string; params: Record<string, unknown> }) => store.query(q.sql, q.params);

  /** One derivation at a time in this process; a caller arriving during one shares it. */
  function once(after: (s: { watermarkMs: number }) => number): Promise<CatchUpResult> {
    running ??= loadState()
      .then((s) => derive(after(s)))
      .finally(() => {
        running = undefined;
      });
    return running;
  }

  async function stale(): Promise<boolean> {
    await loadState();
    const q = anyArrivalSql(seenMs);
    const [r] = await store.query<{ n: number }>(q.sql, q.params);
    return Number(r?.n ?? 0) > 0;
  }

  async function waitFor(p: Promise<unknown>): Promise<void> {
    let timeout: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timeout = setTimeout(() => resolve('late'), waitMs);
    });
    try {
      if ((await Promise.race([p, late])) === 'late') throw new FactsPendingError(progress.done, progress.total);
    } finally {
      clearTimeout(timeout);
    }
  }

  return {
    async fresh() {
      if (running) await waitFor(running);
      if (await stale()) await waitFor(once(() => seenMs));
    },
    catchUp: () => once((s) => s.watermarkMs),
    start() {
      const tick = () => {
        void once((s) => s.watermarkMs)
          .catch((error: unknown) => log?.warn('DORA facts catch-up failed; retrying next interval', { error }))
          .finally(() => {
            if (timer) timer = setTimeout(tick, intervalMs);
          });
      };
      timer = setTimeout(tick, 0);
    },
    async stop() {
      const t = timer;
      timer = undefined;
      clearTimeout(t);
      await running?.catch(() => undefined);
    },
  };
}
