import { dateMath, rangeUtil } from '@grafana/data';
import { formatTime } from '../format/units';
import type { Router } from '../router/router.svelte';

export const DEFAULT_FROM = 'now-1h';
export const DEFAULT_TO = 'now';

export interface QuickRange {
  /** the button text */
  short: string;
  from: string;
  to: string;
}

export const quickRanges: QuickRange[] = ['5m', '15m', '1h', '6h', '24h', '7d'].map((short) => ({ short, from: `now-${short}`, to: 'now' }));

/** True for what the API accepts: epoch milliseconds, RFC 3339 dates, or date math such as now-1h. */
export function isValidTimeText(text: string): boolean {
  if (/^\d{10,16}$/.test(text)) return true;
  if (!text.startsWith('now') && !/^\d{4}-\d{2}-\d{2}/.test(text)) return false;
  return dateMath.isValid(text);
}

const validOr = (text: string, fallback: string) => (isValidTimeText(text) ? text : fallback);

/** Resolves a time text to epoch milliseconds (`roundUp` for the end of a range), or NaN. */
export function resolveTime(text: string, roundUp: boolean): number {
  if (/^\d{10,16}$/.test(text)) return Number(text);
  const parsed = dateMath.toDateTime(text, { roundUp });
  return parsed?.isValid() ? parsed.valueOf() : NaN;
}

/**
 * The page's time range. The URL (`?from=now-1h&to=now`) is where it lives, so a link
 * reproduces the view; this class reads it from the router, writes it back, and counts
 * refreshes so relative ranges (`now-1h`) are fetched again when the user asks.
 */
export class TimeRange {
  readonly #router: Router;
  #refreshedAt = $state(Date.now());
  // Derived, so that a URL change elsewhere in the query (a filter, ?span=) does not look
  // like a new time range to the queries that read it.
  #from = $derived.by(() => validOr(this.#router.param('from', DEFAULT_FROM), DEFAULT_FROM));
  #to = $derived.by(() => validOr(this.#router.param('to', DEFAULT_TO), DEFAULT_TO));

  constructor(router: Router) {
    this.#router = router;
  }

  get from(): string {
    return this.#from;
  }

  get to(): string {
    return this.#to;
  }

  /** when the range was last (re)applied; relative ranges are resolved against it */
  get refreshedAt(): number {
    return this.#refreshedAt;
  }

  /**
   * `{ from, to }` for an API call. Reading it also subscribes to refreshes, so a query
   * built from it runs again on refresh().
   */
  get params(): { from: string; to: string } {
    void this.#refreshedAt;
    return { from: this.from, to: this.to };
  }

  /** the range in epoch milliseconds, as of the last refresh */
  get resolved(): { from: number; to: number } {
    void this.#refreshedAt;
    return { from: resolveTime(this.from, false), to: resolveTime(this.to, true) };
  }

  /** "Last 1 hour"; absolute ends as local date-times ("2025-01-31 12:00:00 to now") */
  get label(): string {
    const { from, to } = this;
    if (from.startsWith('now') && to.startsWith('now')) return rangeUtil.describeTimeRange({ from, to });
    const show = (text: string, roundUp: boolean) => (text.startsWith('now') ? text : formatTime(resolveTime(text, roundUp)).slice(0, 19));
    const start = show(from, false);
    const end = show(to, true);
    // The same day twice reads better once: "2025-01-31 12:00:00 to 12:10:00".
    return `${start} to ${end.slice(0, 11) === start.slice(0, 11) ? end.slice(11) : end}`;
  }

  get quick(): QuickRange | undefined {
    return quickRanges.find((r) => r.from === this.from && r.to === this.to);
  }

  /** A list's page cursor points into the old range, so a new range starts at its first page. */
  set(from: string, to: string): void {
    this.#router.setQuery({ from: from === DEFAULT_FROM && to === DEFAULT_TO ? undefined : from, to: to === DEFAULT_TO ? undefined : to, cursor: undefined });
    this.#refreshedAt = Date.now();
  }

  refresh(): void {
    this.#refreshedAt = Date.now();
  }

  /** the range as query parameters for links, leaving out the defaults */
  get linkParams(): { from?: string; to?: string } {
    return { from: this.from === DEFAULT_FROM ? undefined : this.from, to: this.to === DEFAULT_TO ? undefined : this.to };
  }
}
