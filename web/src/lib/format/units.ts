import { dateTimeFormat, formattedValueToString, getValueFormat } from '@grafana/data';

/** Grafana unit ids this UI uses: nanosecond, millisecond and second durations, requests per second, 0–1 ratios, plain numbers. */
export type Unit = 'ns' | 'ms' | 's' | 'reqps' | 'percentunit' | 'short' | 'none';

/**
 * Formats a number in a Grafana unit; `–` for missing or non-finite values.
 * @example formatValue(1_500_000, 'ns') // '1.50 ms'
 */
export function formatValue(value: number | null | undefined, unit: Unit, decimals?: number): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return formattedValueToString(getValueFormat(unit)(value, decimals));
}

export const formatDuration = (ns: number | null | undefined) => formatValue(ns, 'ns');
export const formatRate = (perSecond: number | null | undefined) => formatValue(perSecond, 'reqps');
export const formatPercent = (ratio: number | null | undefined) => formatValue(ratio, 'percentunit');

/** `2025-11-24 22:56:01.123` in the browser's time zone */
export function formatTime(time: string | number): string {
  const ms = typeof time === 'number' ? time : Date.parse(time);
  return Number.isFinite(ms) ? dateTimeFormat(ms, { format: 'YYYY-MM-DD HH:mm:ss.SSS' }) : String(time);
}

/** `22:56:01.123`, for rows where the date is shown once above */
export function formatClock(time: string | number): string {
  const ms = typeof time === 'number' ? time : Date.parse(time);
  return Number.isFinite(ms) ? dateTimeFormat(ms, { format: 'HH:mm:ss.SSS' }) : String(time);
}
