/**
 * Bounds the number of active metric series, per metric name and in all, the way Mimir's
 * max_global_series_per_metric and max_global_series_per_user do: a series is active while it
 * sent a sample within the last hour; a new series past a bound is refused, while the active
 * ones keep flowing. One limiter per process, shared by the OTLP receivers (HTTP and gRPC)
 * and remote_write, so a metric counts the same whichever way its series arrive.
 *
 * Memory is bounded by `maxSeries`: one small integer key and its slot per active series
 * (about 30 bytes each in a V8 Map). A series is known by a 32-bit hash of its identity:
 * two series colliding count as one, which lets at most a handful past a bound of 10^5.
 */
import type { Attributes } from '../server/storage/rows.js';

export interface SeriesLimitSettings {
  /** active series one metric name may have (OCTOLENS_MAX_SERIES_PER_METRIC) */
  maxPerMetric: number;
  /** active series of all metrics together (OCTOLENS_MAX_SERIES) */
  max: number;
}

/** Activity is tracked in ten-minute slots: a series unseen for six of them (an hour) is dropped. */
const SLOT_MS = 600_000;
const ACTIVE_SLOTS = 6;

export class SeriesLimiter {
  /** metric name → series key → the last slot it sent in */
  private readonly metrics = new Map<string, Map<number, number>>();
  private total = 0;
  private slot = -Infinity;

  constructor(private readonly settings: SeriesLimitSettings) {}

  /** Active series of all metrics, for /metrics. */
  get activeSeries(): number {
    return this.total;
  }

  /**
   * The slot `nowMs` falls in, for admit(); when it is a new one, the series idle for an hour
   * are dropped first. Called once per request: the sweep walks every active series, which
   * at a million takes tens of milliseconds, six times an hour.
   */
  slotAt(nowMs: number): number {
    const slot = Math.floor(nowMs / SLOT_MS);
    if (slot > this.slot) {
      this.slot = slot;
      this.expire(slot - ACTIVE_SLOTS);
    }
    return slot;
  }

  /**
   * Undefined when series `key` of `metric` may be stored (it is active, or there was room
   * for it), else why not, naming the setting that refused it.
   */
  admit(metric: string, key: number, slot: number): string | undefined {
    let series = this.metrics.get(metric);
    const seen = series?.get(key);
    if (seen !== undefined) {
      if (seen !== slot) series!.set(key, slot);
      return undefined;
    }
    if (this.total >= this.settings.max) {
      return `a new series of "${metric}" refused: ${this.total} series are active, the most OCTOLENS_MAX_SERIES allows (a series stays active until it has sent nothing for an hour)`;
    }
    if (series === undefined) this.metrics.set(metric, (series = new Map()));
    else if (series.size >= this.settings.maxPerMetric) {
      return `a new series of "${metric}" refused: it has ${series.size} active series, the most OCTOLENS_MAX_SERIES_PER_METRIC allows (a label with unbounded values, such as a user or request id, makes one series each; a series stays active until it has sent nothing for an hour)`;
    }
    series.set(key, slot);
    this.total++;
    return undefined;
  }

  private expire(before: number): void {
    for (const [metric, series] of this.metrics) {
      for (const [key, slot] of series) {
        if (slot > before) continue;
        series.delete(key);
        this.total--;
      }
      if (series.size === 0) this.metrics.delete(metric);
    }
  }
}

/**
 * A 32-bit FNV-1a hash of a series' identity: `seed` (the hash of what it shares with its
 * neighbours, such as its resource), its name, and its attributes in key order, so the same
 * labels sent in another order are the same series.
 *
 * @example seriesKey(seriesKey(0, 'checkout', { 'service.name': 'checkout' }), 'http.server.duration', { route: '/pay' })
 */
export function seriesKey(seed: number, name: string, attributes: Attributes): number {
  let h = mix(seed ^ 0x811c9dc5, name);
  const keys = Object.keys(attributes);
  if (keys.length > 1) keys.sort();
  for (const k of keys) h = mix(mix(h, k), attributes[k]!);
  return h;
}

/** FNV-1a over a string's UTF-16 code units, then a separator (so "ab","c" differs from "a","bc"). */
function mix(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return Math.imul(h ^ 0xffff, 0x01000193);
}
