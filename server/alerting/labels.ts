import type { AlertTransition } from './types.js';

/** What a notification says about an alert; transitions that are neither are not sent. */
export type NotifyStatus = 'firing' | 'resolved';

/**
 * firing while `to` is firing; resolved when it stops firing (normally firing → resolved;
 * an evaluator that goes straight back to inactive or pending counts too).
 */
export function notifyStatus(t: AlertTransition): NotifyStatus | null {
  if (t.to === 'firing') return 'firing';
  if (t.to === 'resolved' || t.from === 'firing') return 'resolved';
  return null;
}

/**
 * Prometheus label names are `[a-zA-Z_][a-zA-Z0-9_]*` and Alertmanager refuses an alert
 * with any other (400 "invalid label set"), so `http.route` is sent as `http_route`.
 * @example labelName('http.route') === 'http_route'
 */
export function labelName(key: string): string {
  const name = key.replace(/[^a-zA-Z0-9_]/g, '_');
  return /^[0-9]/.test(name) ? `_${name}` : name || '_';
}

function sortedNames(pairs: Array<[string, string | undefined]>): Record<string, string> {
  const out: Record<string, string> = {};
  // An empty value is an absent label in Prometheus' model; later pairs win.
  for (const [key, value] of pairs) if (value !== undefined && value !== '') out[labelName(key)] = value;
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * The labels that identify an alert at every target: its own labels, then `alertname`,
 * `severity` (unless the alert's labels already set one: routes often match on their own
 * severity names), `octolens_alert` (the alert id, so two tiers of one SLO stay two alerts)
 * and for SLO alerts `octolens_slo` and Sloth's `sloth_id`, `sloth_service`, `sloth_slo`,
 * `sloth_severity`, so routes and dashboards written for Sloth's alerts keep matching.
 */
export function alertLabels(t: Pick<AlertTransition, 'id' | 'name' | 'kind' | 'severity' | 'labels' | 'sloId'>): Record<string, string> {
  const pairs: Array<[string, string | undefined]> = Object.entries(t.labels);
  if (!t.labels.severity) pairs.push(['severity', t.severity]);
  pairs.push(['alertname', t.name], ['octolens_alert', t.id]);
  if (t.kind === 'slo') {
    pairs.push(
      ['octolens_slo', t.sloId],
      ['sloth_id', t.sloId],
      ['sloth_service', t.labels.service],
      ['sloth_slo', t.labels.slo],
      ['sloth_severity', t.severity],
    );
  }
  return sortedNames(pairs);
}

/**
 * Significant digits enough to read, never an exponent for everyday magnitudes.
 * @example formatValue(25.33333) === '25.33'
 */
export const formatValue = (v: number): string => String(Number(v.toPrecision(4)));

/**
 * An SLO alert's name within its SLO (a tier, `no-data`, `budget-exhausted`): the part of its
 * id (`<slo instance id>:<alert name>`) after the last `:`; undefined for other alerts.
 */
export const sloAlertName = (t: Pick<AlertTransition, 'id' | 'kind'>) => (t.kind === 'slo' ? t.id.slice(t.id.lastIndexOf(':') + 1) : undefined);

/**
 * What an alert's value is and how it reads: a tier's burn rate (`25.33×`), the budget left of
 * a budget-exhausted alert (a ratio, `-67.9%`), a rule's figure as is; `no data` without one.
 */
export function valueField(t: AlertTransition): { label: string; text: string } {
  const budget = sloAlertName(t) === 'budget-exhausted';
  const label = budget ? 'Budget left' : t.kind === 'slo' ? 'Burn rate' : 'Value';
  if (t.value === null || !Number.isFinite(t.value)) return { label, text: 'no data' };
  return { label, text: budget ? `${formatValue(t.value * 100)}%` : t.kind === 'slo' ? `${formatValue(t.value)}×` : formatValue(t.value) };
}

/** `burn rate 25.33×` for SLO tiers, `budget left -67.9%` for budget-exhausted, `value 0.5` for rules, `no data` without a value. */
export function describeValue(t: AlertTransition): string {
  const { label, text } = valueField(t);
  return text === 'no data' ? text : `${label.toLowerCase()} ${text}`;
}

/** The alert's annotations, plus a `summary` when it has none and the measured value as `octolens_value`. */
export function alertAnnotations(t: AlertTransition): Record<string, string> {
  const pairs: Array<[string, string | undefined]> = Object.entries(t.annotations);
  if (!t.annotations.summary) pairs.push(['summary', `${t.name}: ${describeValue(t)}`]);
  if (t.value !== null && Number.isFinite(t.value)) pairs.push(['octolens_value', String(t.value)]);
  return sortedNames(pairs);
}

/** Where a reader goes from a notification: the evaluator's link, else the SLO's or the service's page in the hub. */
export function alertLink(t: AlertTransition, publicUrl: string | undefined): string | undefined {
  if (t.generatorUrl) return t.generatorUrl;
  if (!publicUrl) return undefined;
  if (t.sloId) return `${publicUrl}/slos/${encodeURIComponent(t.sloId)}`;
  if (t.labels.service) return `${publicUrl}/services/${encodeURIComponent(t.labels.service)}`;
  return publicUrl;
}

const FNV_OFFSET = 14695981039346656037n;
const FNV_PRIME = 1099511628211n;
const MASK = (1n << 64n) - 1n;

/**
 * Alertmanager's fingerprint of a label set (Prometheus `model.LabelSet.Fingerprint`:
 * FNV-1a 64 over the names in byte order, each name and value followed by 0xff), as the
 * 16 hex digits its API and webhooks show, so a webhook receiver can match alerts across both.
 * @example fingerprint({ alertname: 'x' }) === fingerprint({ alertname: 'x' })
 */
export function fingerprint(labels: Record<string, string>): string {
  let h = FNV_OFFSET;
  const add = (bytes: Uint8Array) => {
    for (const b of bytes) h = ((h ^ BigInt(b)) * FNV_PRIME) & MASK;
  };
  const sep = Uint8Array.of(0xff);
  const enc = new TextEncoder();
  const names = Object.keys(labels).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  for (const name of names) {
    add(enc.encode(name));
    add(sep);
    add(enc.encode(labels[name]));
    add(sep);
  }
  return h.toString(16).padStart(16, '0');
}
