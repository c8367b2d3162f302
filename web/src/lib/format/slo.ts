import type { AlertInfo, SloAlertTier, SloSource, SloStatus, SloSummary } from '$shared/api';
import { formatValue } from './units';

/** A chip's colour: good, attention, bad, nothing to say, or a neutral fact. */
export type Tone = 'ok' | 'warn' | 'bad' | 'none' | 'info';

/** Error budget left at or above this share is green; below it amber. */
export const BUDGET_WARN_BELOW = 0.5;
/** Error budget left below this share is red. */
export const BUDGET_BAD_BELOW = 0.2;

export type BudgetLevel = 'ok' | 'warn' | 'bad' | 'overspent' | 'none';

/**
 * The colour of a remaining error budget (1 = untouched, 0 = spent, negative = overspent).
 * @example budgetLevel(0.3) // 'warn'
 */
export function budgetLevel(remaining: number | null | undefined): BudgetLevel {
  if (remaining === null || remaining === undefined || !Number.isFinite(remaining)) return 'none';
  if (remaining < 0) return 'overspent';
  if (remaining < BUDGET_BAD_BELOW) return 'bad';
  if (remaining < BUDGET_WARN_BELOW) return 'warn';
  return 'ok';
}

const clamp01 = (v: number) => Math.min(1, Math.max(0, v));

/**
 * The budget bar's geometry in percent of its track: `fill` is what is left, `overspent`
 * how far past zero the budget went (drawn in red from the left, capped at the whole track).
 */
export function budgetBar(remaining: number | null | undefined): { level: BudgetLevel; fill: number; overspent: number } {
  const level = budgetLevel(remaining);
  if (level === 'none') return { level, fill: 0, overspent: 0 };
  const r = remaining as number;
  return { level, fill: clamp01(r) * 100, overspent: clamp01(-r) * 100 };
}

/** `73.2%`, `-23.0%`; a dash without data. */
export const formatBudget = (remaining: number | null | undefined) => formatValue(remaining, 'percentunit', 1);

const windowUnits: [string, number][] = [
  ['d', 86400],
  ['h', 3600],
  ['m', 60],
  ['s', 1],
];

/**
 * A window in the largest unit that divides it, as Sloth and Prometheus write them.
 * @example formatWindow(300) // '5m'; formatWindow(5400) // '90m'; formatWindow(2592000) // '30d'
 */
export function formatWindow(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds <= 0) return '–';
  for (const [unit, size] of windowUnits) {
    if (seconds % size === 0) return `${seconds / size}${unit}`;
  }
  return `${seconds}s`;
}

const unitSeconds: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/**
 * `5m` → 300; NaN when the text is not a window.
 * @example parseWindow('1h') // 3600
 */
export function parseWindow(text: string): number {
  const match = /^(\d+(?:\.\d+)?)([smhdw])$/.exec(text.trim());
  return match ? Number(match[1]) * unitSeconds[match[2]!]! : Number.NaN;
}

/** `1h / 5m`: a tier's long and short windows. */
export const windowPair = (tier: Pick<SloAlertTier, 'longWindow' | 'shortWindow'>) => `${tier.longWindow} / ${tier.shortWindow}`;

const severityRank: Record<string, number> = { page: 0, ticket: 1 };

/**
 * Tiers in reading order: pages before tickets, then the fastest (shortest long window)
 * first, then the higher threshold; ties by name. Returns a new array.
 */
export function sortTiers<T extends Pick<SloAlertTier, 'name' | 'severity' | 'longWindow' | 'threshold'>>(tiers: readonly T[]): T[] {
  const seconds = (w: string) => {
    const s = parseWindow(w);
    return Number.isNaN(s) ? Number.POSITIVE_INFINITY : s;
  };
  return [...tiers].sort(
    (a, b) =>
      (severityRank[a.severity] ?? 9) - (severityRank[b.severity] ?? 9) ||
      seconds(a.longWindow) - seconds(b.longWindow) ||
      b.threshold - a.threshold ||
      a.name.localeCompare(b.name),
  );
}

/** Fewest decimals (0–4) that show a percentage exactly: 99.9 → 1, 99.95 → 2, 99 → 0. */
export function percentDecimals(ratio: number): number {
  const percent = ratio * 100;
  for (let d = 0; d < 4; d++) {
    const scaled = percent * 10 ** d;
    if (Math.abs(scaled - Math.round(scaled)) < 1e-6) return d;
  }
  return 4;
}

/**
 * An objective as people write it.
 * @example formatObjective(0.999) // '99.9%'; formatObjective(0.9995) // '99.95%'
 */
export const formatObjective = (objective: number) => formatValue(objective, 'percentunit', percentDecimals(objective));

/**
 * An SLI next to its objective: two more decimals than the objective has, truncated rather
 * than rounded, so an SLI just under the objective never reads as meeting it
 * (0.99895 against 99.9% shows 99.895%, not 99.90%).
 */
export function formatSli(sli: number | null | undefined, objective: number): string {
  if (sli === null || sli === undefined || !Number.isFinite(sli)) return '–';
  const decimals = Math.min(5, percentDecimals(objective) + 2);
  const scale = 10 ** (decimals + 2);
  // the epsilon undoes binary noise (0.999 * 1e5 = 99899.99999…), not real differences
  const truncated = Math.floor(sli * scale + 1e-7) / scale;
  return formatValue(truncated, 'percentunit', sli >= 1 ? 0 : decimals);
}

/**
 * A burn rate (or a tier threshold) as a multiple of the sustainable rate.
 * @example formatBurn(14.4) // '14.4×'; formatBurn(6) // '6×'; formatBurn(0.5) // '0.5×'
 */
export function formatBurn(rate: number | null | undefined): string {
  const text = formatValue(rate, 'none');
  if (text === '–') return text;
  return `${text.includes('.') ? text.replace(/\.?0+$/, '') : text}×`;
}

/** How long until the budget runs out; "not burning" when it is not. */
export function formatExhaustion(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return 'not burning';
  if (seconds <= 0) return 'exhausted';
  return formatValue(seconds, 's');
}

/** Seconds from `from` to `to` (RFC 3339); null when either is missing. */
export function secondsBetween(from: string | null | undefined, to: string | null | undefined): number | null {
  if (!from || !to) return null;
  const d = (Date.parse(to) - Date.parse(from)) / 1000;
  return Number.isFinite(d) ? d : null;
}

const statusText: Record<SloStatus, string> = { ok: 'ok', warning: 'warning', critical: 'critical', no_data: 'no data', prometheus_only: 'Prometheus only' };
const statusTones: Record<SloStatus, Tone> = { ok: 'ok', warning: 'warn', critical: 'bad', no_data: 'none', prometheus_only: 'info' };

export const statusLabel = (status: SloStatus) => statusText[status] ?? String(status);
export const statusTone = (status: SloStatus): Tone => statusTones[status] ?? 'none';

/** An alert state's colour: firing red, pending amber, resolved green, inactive grey. */
export function stateTone(state: string): Tone {
  return state === 'firing' ? 'bad' : state === 'pending' ? 'warn' : state === 'resolved' ? 'ok' : 'none';
}

/** `checkout.yaml:12 @ 1a2b3c4` */
export function sourceLabel(source: SloSource): string {
  const where = `${source.file}:${source.line}`;
  return source.commit ? `${where} @ ${source.commit.slice(0, 7)}` : where;
}

/** `route=/cart` chips of a group instance, in key order. */
export const groupChips = (group: Record<string, string>) =>
  Object.keys(group)
    .sort()
    .map((k) => `${k}=${group[k]}`);

/**
 * The SLO list's filter: `service` exactly, `q` a case-insensitive substring of the name,
 * id or a group value.
 */
export function matchesSlo(slo: Pick<SloSummary, 'id' | 'name' | 'service' | 'group'>, filter: { service?: string; q?: string }): boolean {
  if (filter.service && slo.service !== filter.service) return false;
  const needle = filter.q?.trim().toLowerCase();
  if (!needle) return true;
  return [slo.name, slo.id, ...groupChips(slo.group)].some((text) => text.toLowerCase().includes(needle));
}

const alertRank: Record<string, number> = { firing: 0, pending: 1, resolved: 2 };

/** Firing, then pending, then resolved; newest first within a state. */
export function sortAlerts<T extends Pick<AlertInfo, 'state' | 'since' | 'name'>>(alerts: readonly T[]): T[] {
  return [...alerts].sort((a, b) => (alertRank[a.state] ?? 9) - (alertRank[b.state] ?? 9) || Date.parse(b.since) - Date.parse(a.since) || a.name.localeCompare(b.name));
}

/** The path of an SLO instance's page; ids carry `/`, `=` and `,`, so the id is one encoded segment. */
export const sloPath = (id: string) => `/slos/${encodeURIComponent(id)}`;
