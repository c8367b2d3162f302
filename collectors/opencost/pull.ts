/**
 * Pulls OpenCost's allocation API every `intervalMs` for the last `days` days (today
 * included), one request per day, and imports each day as a FOCUS import of its own
 * (allocationsToFocusCsv → importFocus): re-pulling a day replaces it. One pull at a time; a
 * failed day is logged and pulled again at the next interval.
 */
import { Readable } from 'node:stream';
import type { CostRules } from '../../server/cost/rules.js';
import { importFocus } from '../focus/import.js';
import type { CollectorDeps } from '../types.js';
import type { OpencostConfig } from './config.js';
import { allocationResponse, allocationsToFocusCsv } from './parse.js';

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

export function createOpencostPull(config: OpencostConfig & { url: string }, rules: CostRules, deps: CollectorDeps, now: () => number = Date.now) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let stopped = false;

  async function pullDay(dayStart: number): Promise<number> {
    const day = { start: iso(dayStart), end: iso(dayStart + DAY) };
    const url = new URL('/allocation', config.url);
    url.searchParams.set('window', `${day.start},${day.end}`);
    url.searchParams.set('aggregate', config.aggregate);
    url.searchParams.set('accumulate', 'true');
    const res = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(60_000) });
    if (res.status !== 200) throw new Error(`GET ${url.pathname} answered ${res.status}`);
    const parsed = allocationResponse.safeParse(await res.json());
    if (!parsed.success) throw new Error(`unexpected allocation answer: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`);
    const { csv, rows } = allocationsToFocusCsv(parsed.data, day, config.currency);
    const at = now();
    await importFocus(Readable.from([Buffer.from(csv)]), false, { importId: `opencost-${day.start.slice(0, 10)}-${at}`, part: 0, final: true, importedAtMs: at, source: 'upload', file: url.href }, {
      queue: deps.queue,
      counters: deps.counters,
      rules,
      batchRows: 20_000,
      inFlight: 2,
      maxQueueWaitMs: 120_000,
      maxRejections: 100,
    });
    return rows;
  }

  /** One pull of every day; resolves with the allocations imported. */
  async function pull(): Promise<number> {
    const today = Math.floor(now() / DAY) * DAY;
    let total = 0;
    for (let d = config.days - 1; d >= 0; d--) {
      try {
        total += await pullDay(today - d * DAY);
      } catch (error) {
        deps.log.warn('OpenCost pull failed; retrying at the next interval', { day: iso(today - d * DAY), error });
      }
    }
    return total;
  }

  return {
    pull: () => (running ??= pull().finally(() => (running = undefined))),
    async start(): Promise<void> {
      if (timer || stopped) return;
      void this.pull();
      timer = setInterval(() => void this.pull(), config.intervalMs);
      timer.unref();
    },
    async stop(): Promise<void> {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = undefined;
      await running?.catch(() => {});
    },
  };
}
