import { resolve } from 'node:path';
import type { AlertTransition, Notifier } from '../../alerting/types.js';
import type { Logger } from '../../lib/log.js';
import type { MetaDb } from '../../meta/index.js';
import type { TelemetryStore } from '../../storage/index.js';
import type { Evaluation, EvaluationInput } from '../evaluate/types.js';
import type { SloDefinition } from '../model.js';
import { alertChanges, memoriesOf, type StoredAlert, type StoredAlerts } from './alerts.js';
import { instanceId, lookbackSeconds } from './describe.js';
import { mergeMinutes, readMinutes, type InstanceMinutes } from './minutes.js';
import { loadRollupMarks, loadStoredAlerts, saveCycle, saveEngineLoad, saveRollupMarks, type CycleWrites, type RollupMark, type StatusRow } from './persist.js';
import { planSli, type SliPlan } from './plan.js';
import { rollup, type EvaluablePlan, type RollupTarget } from './rollup.js';
import { loadSpecDirectory, type LoadedSpecs, type SpecLoader } from './specs.js';
import { watchDirectory } from './watch.js';

export interface SloEngineDeps {
  store: TelemetryStore;
  meta: MetaDb;
  log: Logger;
  /** the spec directory (OCTOLENS_SLO_DIR) */
  dir: string;
  /** evaluation interval (OCTOLENS_SLO_INTERVAL_MS) */
  intervalMs: number;
  /** the pure evaluator, server/slo/evaluate */
  evaluate: (input: EvaluationInput) => Evaluation;
  notifier?: Notifier;
  /** defaults to server/slo/spec's loadSpecDirectory */
  loadSpecs?: SpecLoader;
  /** epoch ms; tests pin it */
  clock?: () => number;
  /** minutes this far behind the last rollup are rolled up again, for late telemetry; default 5 min */
  latenessMs?: number;
  /** watch the directory for changes (default true) */
  watch?: boolean;
  /** quiet time after a change before reloading; default 500 ms */
  debounceMs?: number;
  /** called after every load that read the directory, e.g. to hand the alert rules to their evaluator */
  onLoad?: (specs: LoadedSpecs) => void;
}

export interface CycleStats {
  /** epoch ms of the evaluation */
  at: number;
  slos: number;
  instances: number;
  /** SLOs rolled up, and of those how many from scratch (added or changed) */
  rolledUp: number;
  backfilled: number;
  queries: number;
  transitions: number;
  ms: { rollup: number; read: number; evaluate: number; persist: number; total: number };
}

export interface SloEngineStatus {
  dir: string;
  loadedAt: number | null;
  slos: number;
  errors: string[];
  lastCycle: CycleStats | null;
  lastError: string | null;
}

export interface SloEngine {
  /** loads the specs, starts the evaluation loop (first cycle at once) and the directory watch */
  start(): Promise<void>;
  /** stops the loop and the watch, waits for the cycle and notifications in flight; safe twice or before start */
  stop(): Promise<void>;
  /** reads the spec directory again and evaluates at once */
  reload(): Promise<{ errors: string[] }>;
  /** one evaluation cycle: rollup, read, evaluate, persist, notify (serialised with the loop); loads the specs first if nothing loaded them yet */
  cycle(): Promise<CycleStats>;
  status(): SloEngineStatus;
}

interface LoadedSlo {
  def: SloDefinition;
  plan: SliPlan;
  lookbackMs: number;
  /** minutes before this (epoch ms) are in slo_sli_minutes under plan.hash; null → backfill the whole lookback */
  rolledTo: number | null;
  /**
   * what slo_rollups records: the definition hash and the lookback, so a longer period (same
   * SLI) is backfilled over its new length too
   */
  markKey: string | null;
  /** the last rollup's problem, shown as the status message */
  problem: string | null;
}

interface CachedMinutes {
  hash: string;
  groups: Map<string, InstanceMinutes>;
}

/**
 * The SLO engine of the worker role. Every interval it
 * 1. rolls the minutes since the last rollup (less a lateness margin) into slo_sli_minutes,
 *    or the whole lookback (period + longest window) for an SLO that is new or whose SLI
 *    changed, so its budget is right from its first evaluation;
 * 2. reads the minutes it just wrote and merges them into the minutes it keeps per instance
 *    (read in full once per SLO and definition), so a cycle moves a few minutes per
 *    instance, not a month;
 * 3. evaluates every instance, persists the evaluation and alert states in one transaction,
 *    and hands state changes (and alerts still firing) to the notifier.
 */
export function createSloEngine(deps: SloEngineDeps): SloEngine {
  const { store, meta, log } = deps;
  const dir = resolve(deps.dir);
  const clock = deps.clock ?? Date.now;
  const latenessMs = deps.latenessMs ?? 300_000;
  const loadSpecs = deps.loadSpecs ?? loadSpecDirectory;

  let slos = new Map<string, LoadedSlo>();
  let loadErrors: string[] = [];
  let loadedAt: number | null = null;
  let marks: Map<string, RollupMark> | undefined;
  let stored: StoredAlerts | undefined;
  const cache = new Map<string, CachedMinutes>();

  let chain: Promise<unknown> = Promise.resolve();
  let notifying: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  let closeWatch: (() => void) | null = null;
  let started = false;
  let stopping: Promise<void> | undefined;
  let reloadWanted = false;
  let lastCycle: CycleStats | null = null;
  let lastError: string | null = null;

  /** Runs `fn` after whatever is in flight: cycles and loads never overlap. */
  function serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = chain.then(fn, fn);
    chain = run.catch(() => undefined);
    return run;
  }

  async function ensureState(): Promise<void> {
    marks ??= await loadRollupMarks(meta);
    stored ??= await loadStoredAlerts(meta);
  }

  async function load(): Promise<void> {
    await ensureState();
    let loaded: LoadedSpecs;
    try {
      loaded = await loadSpecs(dir);
    } catch (e) {
      // A directory that cannot be read keeps what was loaded before.
      loadErrors = [`${deps.dir}: ${(e as Error).message}`];
      loadedAt = clock();
      await saveEngineLoad(meta, { dir: deps.dir, loadedAt, errors: loadErrors, slos: slos.size });
      log.warn('SLO specs not loaded', { dir, error: e });
      return;
    }
    const errors = [...loaded.errors];
    const next = new Map<string, LoadedSlo>();
    for (const def of loaded.slos) {
      if (next.has(def.id)) {
        const first = next.get(def.id)!.def.source;
        errors.push(`${def.source.file}:${def.source.line}:${def.source.column}: SLO id "${def.id}" is already defined at ${first.file}:${first.line}; this one is ignored`);
        continue;
      }
      const plan = planSli(def);
      const before = slos.get(def.id);
      const lookbackMs = lookbackSeconds(def) * 1000;
      const markKey = plan.hubEvaluable ? `${plan.hash}:${lookbackMs / 1000}` : null;
      let rolledTo: number | null = null;
      if (markKey !== null) {
        if (before?.markKey === markKey) rolledTo = before.rolledTo;
        else if (marks!.get(def.id)?.hash === markKey) rolledTo = marks!.get(def.id)!.rolledTo;
      }
      if (!plan.hubEvaluable || cache.get(def.id)?.hash !== plan.hash) cache.delete(def.id);
      const sameSli = before?.plan.hubEvaluable && plan.hubEvaluable && before.plan.hash === plan.hash;
      next.set(def.id, { def, plan, lookbackMs, rolledTo, markKey, problem: sameSli ? before!.problem : null });
    }
    for (const id of cache.keys()) if (!next.has(id)) cache.delete(id);
    slos = next;
    loadErrors = errors;
    loadedAt = clock();
    await saveEngineLoad(meta, { dir: deps.dir, loadedAt, errors, slos: slos.size });
    log.info('SLO specs loaded', { dir, slos: slos.size, rules: loaded.rules.length, errors: errors.length });
    deps.onLoad?.(loaded);
  }

  async function runCycle(): Promise<CycleStats> {
    await ensureState();
    if (reloadWanted || loadedAt === null) {
      reloadWanted = false;
      await load();
    }
    const t0 = performance.now();
    const nowMs = clock();
    const now = Math.floor(nowMs / 1000);
    const end = Math.floor(nowMs / 60_000) * 60_000;

    // 1. Rollup.
    const targets: RollupTarget[] = [];
    for (const [id, s] of slos) {
      if (!s.plan.hubEvaluable) continue;
      const keepFrom = end - s.lookbackMs;
      const from = s.rolledTo === null ? keepFrom : Math.max(keepFrom, s.rolledTo - latenessMs);
      if (from < end) targets.push({ sloId: id, plan: s.plan, fromMs: from, toMs: end });
    }
    const rolled = await rollup(store, targets);
    const newMarks = new Map<string, RollupMark>();
    const backfilled = new Set<string>();
    for (const t of targets) {
      const s = slos.get(t.sloId)!;
      const problem = rolled.problems.get(t.sloId) ?? null;
      s.problem = problem;
      if (rolled.failed.has(t.sloId)) continue;
      if (s.rolledTo === null) backfilled.add(t.sloId);
      s.rolledTo = end;
      newMarks.set(t.sloId, { hash: s.markKey!, rolledTo: end });
    }
    await saveRollupMarks(meta, newMarks);
    for (const [id, m] of newMarks) marks!.set(id, m);
    const t1 = performance.now();

    // 2. Minutes: in full for SLOs not cached yet, else what this rollup rewrote.
    const reads = new Map<string, { fromMs: number; full: boolean; slos: Map<string, string> }>();
    for (const t of targets) {
      const s = slos.get(t.sloId)!;
      if (s.rolledTo !== end) continue;
      const full = backfilled.has(t.sloId) || cache.get(t.sloId)?.hash !== t.plan.hash;
      const fromMs = full ? end - s.lookbackMs : t.fromMs;
      const key = `${full}:${fromMs}`;
      if (!reads.has(key)) reads.set(key, { fromMs, full, slos: new Map() });
      reads.get(key)!.slos.set(t.sloId, t.plan.hash);
    }
    for (const r of reads.values()) {
      const fresh = await readMinutes(store, { slos: r.slos, fromMs: r.fromMs, toMs: end });
      for (const [sloId, hash] of r.slos) {
        const s = slos.get(sloId)!;
        const keepFrom = (end - s.lookbackMs) / 1000;
        const got = fresh.get(sloId) ?? new Map<string, InstanceMinutes>();
        if (r.full) {
          cache.set(sloId, { hash, groups: got });
          continue;
        }
        const cached = cache.get(sloId)!;
        for (const [key, g] of got) {
          const existing = cached.groups.get(key);
          if (existing) mergeMinutes(existing.minutes, g.minutes, r.fromMs / 1000, keepFrom);
          else cached.groups.set(key, g);
        }
        for (const [key, g] of cached.groups) {
          if (!got.has(key)) mergeMinutes(g.minutes, [], r.fromMs / 1000, keepFrom);
          if (g.minutes.length === 0) cached.groups.delete(key);
        }
      }
    }
    const t2 = performance.now();

    // 3. Evaluate.
    const writes: CycleWrites = { statuses: [], evaluatedSlos: new Set(), loadedSlos: new Set(slos.keys()), alertUpserts: [], alertDeletes: [], transitions: [] };
    const notify: AlertTransition[] = [];
    const nextStored: StoredAlerts = new Map();
    const evaluatedAt = new Date(nowMs);
    const absorb = (id: string, changes: ReturnType<typeof alertChanges>) => {
      if (changes.memory.size > 0) nextStored.set(id, changes.memory);
      notify.push(...changes.notify);
      writes.transitions.push(...changes.history);
      writes.alertUpserts.push(...changes.upserts);
      for (const name of changes.deletes) writes.alertDeletes.push([id, name]);
    };
    let instances = 0;
    for (const [sloId, s] of slos) {
      writes.evaluatedSlos.add(sloId);
      const definition = JSON.stringify(s.def);
      if (!s.plan.hubEvaluable) {
        writes.statuses.push(statusRow(sloId, '', {}, definition, null, null, s.plan.reason, null));
        instances++;
        continue;
      }
      const plan: EvaluablePlan = s.plan;
      const groups = cache.get(sloId)?.groups;
      const list: InstanceMinutes[] = groups && groups.size > 0 ? [...groups.values()] : [{ groupKey: '', group: {}, minutes: [] }];
      for (const g of list) {
        const id = instanceId(sloId, g.groupKey);
        const previous = stored!.get(id);
        let evaluation: Evaluation;
        try {
          evaluation = deps.evaluate({ slo: s.def, now, minutes: g.minutes, previous: memoriesOf(previous) });
        } catch (e) {
          writes.statuses.push(statusRow(sloId, g.groupKey, g.group, definition, plan.hash, null, `evaluation failed: ${(e as Error).message}`, evaluatedAt));
          if (previous) nextStored.set(id, previous);
          instances++;
          continue;
        }
        writes.statuses.push(statusRow(sloId, g.groupKey, g.group, definition, plan.hash, evaluation, s.problem, evaluatedAt));
        absorb(id, alertChanges({ instanceId: id, slo: s.def, group: g.group }, id, previous, evaluation, now));
        instances++;
      }
    }
    // Instances that are gone (SLO removed, group aged out, now Prometheus only): their alerts resolve.
    const live = new Set(writes.statuses.map((r) => r.instance_id));
    for (const [id, previous] of stored!) {
      if (live.has(id)) continue;
      absorb(id, alertChanges(null, id, previous, null, now));
    }
    const t3 = performance.now();

    // 4. Persist, then notify.
    await saveCycle(meta, writes);
    stored = nextStored;
    if (notify.length > 0 && deps.notifier) {
      const notifier = deps.notifier;
      notifying = notifying.then(() => notifier.notify(notify)).catch((error) => log.error('alert notification failed', { error }));
    }
    const t4 = performance.now();

    const stats: CycleStats = {
      at: nowMs,
      slos: slos.size,
      instances,
      rolledUp: newMarks.size,
      backfilled: backfilled.size,
      queries: rolled.queries + reads.size,
      transitions: writes.transitions.length,
      ms: { rollup: t1 - t0, read: t2 - t1, evaluate: t3 - t2, persist: t4 - t3, total: t4 - t0 },
    };
    lastCycle = stats;
    lastError = null;
    log.debug('SLO cycle', { slos: stats.slos, instances, rolledUp: stats.rolledUp, backfilled: backfilled.size, ms: Math.round(stats.ms.total) });
    return stats;
  }

  function schedule(delayMs: number): void {
    if (stopping) return;
    timer = setTimeout(() => {
      timer = undefined;
      serial(runCycle)
        .catch((e) => {
          lastError = (e as Error).message;
          log.error('SLO evaluation cycle failed', { error: e });
        })
        .finally(() => schedule(deps.intervalMs));
    }, delayMs);
    timer.unref();
  }

  return {
    async start() {
      if (started || stopping) return;
      started = true;
      await serial(load);
      if (deps.watch !== false) {
        closeWatch = watchDirectory(
          dir,
          deps.debounceMs ?? 500,
          () => {
            reloadWanted = true;
            void serial(runCycle).catch((e) => log.error('SLO reload failed', { error: e }));
          },
          (error) => log.warn('SLO spec directory not watched', { dir, error }),
        );
      }
      schedule(0);
    },
    stop() {
      stopping ??= (async () => {
        if (timer) clearTimeout(timer);
        timer = undefined;
        closeWatch?.();
        closeWatch = null;
        await chain;
        await notifying;
      })();
      return stopping;
    },
    async reload() {
      await serial(async () => {
        await load();
        await runCycle();
      });
      return { errors: loadErrors };
    },
    cycle: () => serial(runCycle),
    status: () => ({ dir, loadedAt, slos: slos.size, errors: loadErrors, lastCycle, lastError }),
  };
}

function statusRow(
  sloId: string,
  groupKey: string,
  group: Record<string, string>,
  definition: string,
  hash: string | null,
  evaluation: Evaluation | null,
  message: string | null,
  evaluatedAt: Date | null,
): StatusRow {
  return {
    instance_id: instanceId(sloId, groupKey),
    slo_id: sloId,
    group_key: groupKey,
    group_values: JSON.stringify(group),
    definition,
    definition_hash: hash,
    evaluation: evaluation ? JSON.stringify(evaluation) : null,
    message,
    evaluated_at: evaluatedAt,
  };
}

export type { StoredAlert };
