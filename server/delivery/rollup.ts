import type { Logger } from '../lib/log.js';
import type { TelemetryStore } from '../storage/index.js';
import {
  anyArrivalSql,
  arrivalsSql,
  deleteStaleSql,
  deriveIncidentFactsSql,
  deriveServiceFactsSql,
  environmentSeenSql,
  readStateSql,
  writeStateSql,
} from './facts-sql.js';

/**
 * How far behind the newest arrival the durable watermark stays: an insert that started
 * earlier may become visible after a later one did, so the background catch-up derives the
 * last few seconds' services again rather than miss one.
 */
const VISIBILITY_MARGIN_MS = 10_000;

/** '' (every production environment, what DORA reads by default) is always kept. */
const PRODUCTION = '';

/**
 * The version of the rules in server/query/delivery/derive: bump it when a change alters what
 * a fact holds, and the first pass after the upgrade derives every fact again.
 */
const RULES_VERSION = 1;

export interface DeliveryFactsOptions {
  /** a store with the background query bounds: a first derivation reads years of events */
  store: TelemetryStore;
  log?: Logger;
  linkWindowMs: number;
  /** how often `start()` catches up; default 30 s */
  intervalMs?: number;
  /** services derived per statement: fewer bound memory, more share scans; default 10 */
  batchServices?: number;
  /** how long `fresh()` waits for a running derivation before refusing; default 10 s */
  waitMs?: number;
}

export interface CatchUpResult {
  services: number;
  ms: number;
}

/** A read asked for facts that a long derivation (the first one, a backfill, a new target) is still making. */
export class FactsPendingError extends Error {
  constructor(readonly done: number, readonly total: number) {
    super(`DORA facts are being derived from the stored events (${done} of ${total} services done); retry shortly`);
  }
}

export interface DeliveryFacts {
  /**
   * Resolves once the facts of `target` ('' for production, else an environment name)
   * include every event stored so far: one indexed query when they already do. Throws
   * FactsPendingError when deriving takes longer than `waitMs`.
   */
  fresh(target?: string): Promise<void>;
  /** Derives, for every kept target, the facts of the services with events after the durable watermark. */
  catchUp(): Promise<CatchUpResult>;
  start(): void;
  stop(): Promise<void>;
}

interface State {
  watermarkMs: number;
  version: number;
  targets: string[];
  /** the rules and link window the stored facts were derived by */
  rules: string;
}

/**
 * Keeps the DORA facts tables (migration 0009) in step with the delivery events, per target:
 * each catch-up finds the services whose events arrived since the last one (IngestedAt),
 * derives their facts from their whole history under a new version, marks deleted the facts
 * that version no longer holds, then re-links every incident over the stored facts. A target
 * other than production is derived for every service the first time a read asks for it, and
 * kept from then on. Reads call `fresh()` first, so an answer includes what was stored before
 * it was asked.
 */
export function createDeliveryFacts({ store, log, linkWindowMs, intervalMs = 30_000, batchServices = 10, waitMs = 10_000 }: DeliveryFactsOptions): DeliveryFacts {
  let state: Promise<State> | undefined;
  /** the newest arrival this process has derived: `fresh()` only looks past it */
  let seenMs = 0;
  let running: Promise<CatchUpResult> | undefined;
  let progress = { done: 0, total: 0 };
  let timer: NodeJS.Timeout | undefined;
  const rules = JSON.stringify({ rules: RULES_VERSION, linkWindowMs });
  /** the stored incident links used another link window: re-link even without new events */
  let relink = false;

  const run = (q: { sql: string; params: Record<string, unknown> }) => store.query(q.sql, q.params);
  const one = async <T>(q: { sql: string; params: Record<string, unknown> }) => (await store.query<T>(q.sql, q.params))[0];

  const loadState = () =>
    (state ??= store.query<{ watermarkMs: number; version: number; targets: string[]; rules: string }>(readStateSql).then(([r]) => {
      const targets = r?.targets ?? [];
      const stored = r?.rules ? (JSON.parse(r.rules) as { rules: number; linkWindowMs: number }) : undefined;
      // facts of older rules are derived again from the start; another link window only re-links
      const sameRules = stored?.rules === RULES_VERSION;
      relink = sameRules && stored.linkWindowMs !== linkWindowMs;
      const s: State = {
        watermarkMs: sameRules ? Number(r?.watermarkMs ?? 0) : 0,
        version: Number(r?.version ?? 0),
        targets: targets.includes(PRODUCTION) ? targets : [PRODUCTION, ...targets],
        rules,
      };
      seenMs = Math.max(seenMs, s.watermarkMs);
      return s;
    }));

  /** The facts of `targets` for the services with events after `afterMs`; then the state. */
  async function derive(current: State, afterMs: number, targets: string[]): Promise<CatchUpResult> {
    const started = Date.now();
    const q = arrivalsSql(afterMs);
    const arrivals = await store.query<{ service: string; lastMs: number; nowMs: number }>(q.sql, q.params);
    if (arrivals.length === 0 && !relink) return { services: 0, ms: Date.now() - started };
    const version = Math.max(current.version + 1, Date.now());
    const services = arrivals.map((a) => a.service);
    progress = { done: 0, total: services.length };
    for (let i = 0; i < services.length; i += batchServices) {
      const batch = services.slice(i, i + batchServices);
      for (const target of targets) {
        for (const table of ['delivery_deployment_facts', 'delivery_commit_facts'] as const) {
          await run(deriveServiceFactsSql(table, target, batch, version));
          await run(deleteStaleSql(table, target, version, batch));
        }
      }
      progress = { done: Math.min(i + batchServices, services.length), total: services.length };
      if (services.length > batchServices) log?.info('deriving DORA facts', { services: `${progress.done} of ${progress.total}`, targets: targets.map((t) => t || 'production').join(', ') });
    }
    for (const target of targets) {
      await run(deriveIncidentFactsSql(target, version, linkWindowMs));
      await run(deleteStaleSql('delivery_incident_facts', target, version));
    }
    // only a pass over every kept target moves the watermark; a new target's first pass does not
    const complete = current.targets.every((t) => targets.includes(t));
    const lastMs = Math.max(current.watermarkMs, ...arrivals.map((a) => Number(a.lastMs)));
    const safeMs = arrivals.length === 0 ? lastMs : Math.min(lastMs, Number(arrivals[0]!.nowMs) - VISIBILITY_MARGIN_MS);
    const next: State = {
      watermarkMs: complete ? Math.max(current.watermarkMs, safeMs) : current.watermarkMs,
      version,
      targets: [...new Set([...current.targets, ...targets])],
      rules,
    };
    await run(writeStateSql(next));
    state = Promise.resolve(next);
    if (complete) {
      seenMs = Math.max(seenMs, lastMs);
      relink = false;
    }
    return { services: services.length, ms: Date.now() - started };
  }

  /** One derivation at a time in this process; a caller arriving during one shares it. */
  function once(job: (s: State) => Promise<CatchUpResult>): Promise<CatchUpResult> {
    running ??= loadState()
      .then(job)
      .finally(() => {
        running = undefined;
      });
    return running;
  }

  const catchUp = () => once((s) => derive(s, s.watermarkMs, s.targets));

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
    async fresh(target = PRODUCTION) {
      if (running) await waitFor(running);
      const s = await loadState();
      if (!s.targets.includes(target)) {
        // an environment nothing deployed to has no facts to derive: its reads find none ("no data")
        if (Number((await one<{ n: number }>(environmentSeenSql(target)))?.n ?? 0) === 0) return;
        await waitFor(once((current) => (current.targets.includes(target) ? Promise.resolve({ services: 0, ms: 0 }) : derive(current, 0, [target]))));
      }
      if (relink || Number((await one<{ n: number }>(anyArrivalSql(seenMs)))?.n ?? 0) > 0) await waitFor(once((current) => derive(current, seenMs, current.targets)));
    },
    catchUp,
    start() {
      const tick = () => {
        void catchUp()
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
