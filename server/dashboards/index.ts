import { resolve } from 'node:path';
import type { DashboardError } from '../../shared/dashboards.js';
import type { Logger } from '../lib/log.js';
import { watchDirectory } from '../slo/engine/watch.js';
import { formatSpecError, type SpecError } from '../slo/spec/errors.js';
import { loadDashboardDirectory, type LoadedDashboard } from './load.js';

export interface DashboardsDeps {
  /** the dashboards directory (OCTOLENS_DASHBOARDS_DIR) */
  dir: string;
  log?: Logger;
  /** watch the directory and reload on change (default true) */
  watch?: boolean;
  /** quiet time after a change before reloading; default 300 ms */
  debounceMs?: number;
}

export interface DashboardsState {
  dir: string;
  loadedAt: number | null;
  dashboards: LoadedDashboard[];
  errors: DashboardError[];
}

export interface Dashboards {
  /** loads the directory, then watches it */
  start(): Promise<void>;
  /** stops the watch; safe twice or before start */
  stop(): Promise<void>;
  /** reads the directory again now */
  reload(): Promise<DashboardsState>;
  current(): DashboardsState;
}

export const toDashboardError = (e: SpecError): DashboardError => ({ ...e, text: formatSpecError(e) });

/**
 * The dashboards of a directory, kept loaded: read at start and again whenever a file under
 * it changes (the SLO engine's watch, debounced), so a commit or a ConfigMap update shows
 * without a restart. Loads are serialised; a failed read keeps the last good state.
 */
export function createDashboards(deps: DashboardsDeps): Dashboards {
  const dir = resolve(deps.dir);
  let state: DashboardsState = { dir, loadedAt: null, dashboards: [], errors: [] };
  let chain: Promise<unknown> = Promise.resolve();
  let closeWatch: (() => void) | null = null;
  let stopped = false;

  const load = (): Promise<DashboardsState> => {
    const next = chain.then(async () => {
      const loaded = await loadDashboardDirectory(dir);
      state = { dir, loadedAt: Date.now(), dashboards: loaded.dashboards, errors: loaded.errors.map(toDashboardError) };
      if (loaded.errors.length > 0) deps.log?.warn('dashboard files with errors were not loaded', { dir, errors: state.errors.map((e) => e.text).join('\n') });
      return state;
    });
    chain = next.catch((error: unknown) => deps.log?.error('dashboards not reloaded', { dir, error }));
    return next;
  };

  return {
    async start() {
      await load();
      if (deps.watch !== false && !stopped) {
        closeWatch = watchDirectory(
          dir,
          deps.debounceMs ?? 300,
          () => void load().catch(() => undefined),
          (error) => deps.log?.warn('dashboards directory not watched (reload by restarting)', { dir, error }),
        );
      }
    },
    async stop() {
      stopped = true;
      closeWatch?.();
      closeWatch = null;
      await chain;
    },
    reload: load,
    current: () => state,
  };
}
