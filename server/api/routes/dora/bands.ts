/**
 * DORA's published software delivery performance clusters (Accelerate State of DevOps
 * Report 2023 and 2024, the cluster table of each; https://dora.dev/research/). The clusters
 * are survey answers, not thresholds: each cell is a range (lead time, deployment frequency,
 * recovery) or a typical value (change failure rate). A metric gets the best level whose cell
 * it meets: at least the frequency's lower end, at most the time's upper end, at most the
 * rate. Where two levels share a cell the better one wins; past every cell, `low`.
 * The reports publish no cluster for rework rate.
 */
import type { DoraBand, DoraBands, DoraLevel } from '../../../../shared/api.js';

export const BANDS_YEARS = [2023, 2024] as const;
export type BandsYear = (typeof BANDS_YEARS)[number];

const HOUR = 60;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
const MONTH = 30 * DAY;

interface Cell<T> {
  level: DoraLevel;
  published: string;
  meets: (v: T) => boolean;
}

/** deployments per day; "on demand" read as more than one a day (high's range ends at daily) */
const frequency = (rows: Array<[DoraLevel, string, number]>): Array<Cell<number>> =>
  rows.map(([level, published, minPerDay]) => ({ level, published, meets: (perDay) => (level === 'elite' ? perDay > minPerDay : perDay >= minPerDay) }));
const atMost = (rows: Array<[DoraLevel, string, number]>): Array<Cell<number>> =>
  rows.map(([level, published, max]) => ({ level, published, meets: (v) => v <= max }));

const tables: Record<BandsYear, { deploymentFrequency: Array<Cell<number>>; leadTime: Array<Cell<number>>; changeFailureRate: Array<Cell<number>>; recovery: Array<Cell<number>> }> = {
  2023: {
    deploymentFrequency: frequency([['elite', 'on demand', 1], ['high', 'once a day to once a week', 1 / 7], ['medium', 'once a week to once a month', 1 / 30], ['low', 'once a week to once a month', 1 / 30]]),
    leadTime: atMost([['elite', 'less than one day', DAY], ['high', 'one day to one week', WEEK], ['medium', 'one week to one month', MONTH], ['low', 'one week to one month', MONTH]]),
    changeFailureRate: atMost([['elite', '5%', 0.05], ['high', '10%', 0.1], ['medium', '15%', 0.15], ['low', '64%', 0.64]]),
    recovery: atMost([['elite', 'less than one hour', HOUR], ['high', 'less than one day', DAY], ['medium', 'one day to one week', WEEK], ['low', 'one month to six months', 6 * MONTH]]),
  },
  2024: {
    deploymentFrequency: frequency([['elite', 'on demand (multiple deploys per day)', 1], ['high', 'once a day to once a week', 1 / 7], ['medium', 'once a week to once a month', 1 / 30], ['low', 'once a month to once every six months', 1 / 182]]),
    leadTime: atMost([['elite', 'less than one day', DAY], ['high', 'one day to one week', WEEK], ['medium', 'one week to one month', MONTH], ['low', 'one month to six months', 6 * MONTH]]),
    // 2024's medium cluster has the lower rate (10%) than high (20%): a rate ≤ 20% is high.
    changeFailureRate: atMost([['elite', '5%', 0.05], ['high', '20%', 0.2], ['medium', '10%', 0.1], ['low', '40%', 0.4]]),
    recovery: atMost([['elite', 'less than one hour', HOUR], ['high', 'less than one day', DAY], ['medium', 'less than one day', DAY], ['low', 'one week to one month', MONTH]]),
  },
};

function band<T>(year: BandsYear, cells: Array<Cell<T>>, value: T | null, reason: string): DoraBand {
  if (value === null) return { level: null, reason, year };
  const cell = cells.find((c) => c.meets(value)) ?? { level: 'low' as const, published: cells[cells.length - 1]!.published };
  return { level: cell.level, published: cell.published, year };
}

export function doraBands(year: BandsYear, m: { perDay: number | null; leadTimeMedian: number | null; changeFailureRate: number | null; recoveryMedian: number | null }): DoraBands {
  const t = tables[year];
  const none = 'no value to place in a cluster';
  return {
    year,
    source: `DORA Accelerate State of DevOps Report ${year}, software delivery performance clusters`,
    deploymentFrequency: band(year, t.deploymentFrequency, m.perDay, none),
    leadTimeMinutes: band(year, t.leadTime, m.leadTimeMedian, none),
    changeFailureRate: band(year, t.changeFailureRate, m.changeFailureRate, none),
    failedDeploymentRecoveryMinutes: band(year, t.recovery, m.recoveryMedian, none),
    reworkRate: { level: null, reason: `the ${year} report publishes no cluster for rework rate`, year },
  };
}
