import { nominalPeriodSeconds, type SloDefinition } from '../model.js';
import { promDuration } from './durations.js';
import { promLabelName, promString } from './names.js';

/** Sloth's label names (sloth internal/prometheus/conventions.go); its dashboards select on them. */
export const sloLabel = {
  id: 'sloth_id',
  service: 'sloth_service',
  slo: 'sloth_slo',
  window: 'sloth_window',
  severity: 'sloth_severity',
} as const;

/** The three labels that identify one SLO's series. */
export function sloIdLabels(slo: SloDefinition): Record<string, string> {
  return { [sloLabel.id]: slo.id, [sloLabel.service]: slo.service, [sloLabel.slo]: slo.name };
}

const byKey = ([a]: [string, string], [b]: [string, string]) => (a < b ? -1 : a > b ? 1 : 0);
const labelsMemo = new WeakMap<SloDefinition, Record<string, string>>();
const filterMemo = new WeakMap<SloDefinition, string>();

/**
 * The SLO's own labels (names made valid) under its id labels, which always win; keys in
 * sorted order, as rule files print them. Computed once per SLO: treat as read-only.
 */
export function sloLabels(slo: SloDefinition): Readonly<Record<string, string>> {
  let labels = labelsMemo.get(slo);
  if (!labels) {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(slo.labels)) out[promLabelName(k)] = v;
    labels = Object.fromEntries(Object.entries({ ...out, ...sloIdLabels(slo) }).sort(byKey));
    labelsMemo.set(slo, labels);
  }
  return labels;
}

const windowKeysMemo = new WeakMap<SloDefinition, string[]>();

/** sloLabels plus `sloth_window`, still in key order. */
export function windowLabels(slo: SloDefinition, window: string): Record<string, string> {
  const base = sloLabels(slo);
  let keys = windowKeysMemo.get(slo);
  if (!keys) {
    keys = [...Object.keys(base).filter((k) => k !== sloLabel.window), sloLabel.window].sort();
    windowKeysMemo.set(slo, keys);
  }
  const out: Record<string, string> = {};
  for (const k of keys) out[k] = k === sloLabel.window ? window : base[k]!;
  return out;
}

/** `{sloth_id="…", sloth_service="…", sloth_slo="…"}`, spelled as Sloth spells it. */
export function sloFilter(slo: SloDefinition): string {
  let filter = filterMemo.get(slo);
  if (filter === undefined) {
    filter = `{${Object.entries(sloIdLabels(slo))
      .map(([k, v]) => `${k}=${promString(v)}`)
      .join(', ')}}`;
    filterMemo.set(slo, filter);
  }
  return filter;
}

export const sliErrorRatio = (window: string) => `slo:sli_error:ratio_rate${window}`;

/** Error and total event rates over 5m (events/s): the inputs of the event-weighted period ratio. */
export const sliErrorEvents = 'slo:sli_error:events_rate5m';
export const sliTotalEvents = 'slo:sli_total:events_rate5m';

export const periodSeconds = (slo: SloDefinition) => nominalPeriodSeconds(slo.period);
export const periodWindow = (slo: SloDefinition) => promDuration(periodSeconds(slo));

/** Why a calendar SLO is recorded over a rolling window, for rule comments. */
export function calendarNote(slo: SloDefinition): string | undefined {
  if (slo.period.kind !== 'calendar') return undefined;
  return (
    `calendar ${slo.period.unit} (${slo.period.timezone}): Prometheus has no calendar windows, so this is a rolling ` +
    `${periodWindow(slo)} (the nominal length); the hub evaluates the calendar ${slo.period.unit} itself`
  );
}

/** A number as PromQL and Sloth print it, without float noise (1 − 0.999 is 0.001). */
export function num(value: number): string {
  return String(Number(value.toPrecision(12)));
}

export const errorBudget = (slo: SloDefinition) => num(1 - slo.objective);
