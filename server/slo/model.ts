/**
 * The one in-memory shape of an SLO, whatever file format it came from (octolens/v1,
 * Sloth, OpenSLO). Loaders produce it; the compiler, the engine and the API consume it.
 * Times are seconds, ratios are 0..1 (objective 0.999, not 99.9).
 */

export type SpanKindName = 'Server' | 'Client' | 'Internal' | 'Producer' | 'Consumer' | 'Unspecified';
export type SpanStatusName = 'Unset' | 'Ok' | 'Error';

/** Prometheus-style label/attribute matcher. */
export interface Matcher {
  key: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
}

/** Which spans count; every field narrows (AND); lists are any-of. */
export interface SpanSelector {
  /** ServiceName; defaults to the SLO's service when a loader builds the selector */
  service?: string;
  spanNames?: string[];
  spanKinds?: SpanKindName[];
  statuses?: SpanStatusName[];
  /** span attributes (SpanAttributes) */
  attributes?: Matcher[];
  /** resource attributes (ResourceAttributes) */
  resource?: Matcher[];
}

/** A counter: an OTLP monotonic sum, or a Prometheus counter stored as one. */
export interface MetricSelector {
  metric: string;
  matchers: Matcher[];
}

export interface LogSelector {
  service?: string;
  /** minimum SeverityNumber (1–24) */
  minSeverity?: number;
  /** case-insensitive substring of Body */
  bodyContains?: string;
  attributes?: Matcher[];
}

/** Generic events (business_events): a named event with attributes. */
export interface EventSelector {
  name: string;
  attributes?: Matcher[];
}

/**
 * How good and total events are counted. For ratio kinds exactly one of `good`/`bad` is
 * set; it narrows `total` further (good ⊆ total).
 */
export type Sli =
  | { kind: 'span_ratio'; total: SpanSelector; good?: SpanSelector; bad?: SpanSelector }
  /** good = spans of `total` with Duration ≤ thresholdSeconds, exact (no bucket rounding) */
  | { kind: 'span_latency'; total: SpanSelector; thresholdSeconds: number }
  | { kind: 'metric_ratio'; total: MetricSelector; good?: MetricSelector; bad?: MetricSelector }
  /** good = observations ≤ threshold (in the histogram's unit), from the bucket whose bound is the threshold */
  | { kind: 'histogram_threshold'; metric: string; matchers: Matcher[]; threshold: number }
  | { kind: 'log_ratio'; total: LogSelector; good?: LogSelector; bad?: LogSelector }
  | { kind: 'event_ratio'; total: EventSelector; good?: EventSelector; bad?: EventSelector }
  /**
   * PromQL as Sloth writes it, `{{.window}}` standing for the range. Either an error and a
   * total query, or one error-ratio query. Compiled to Prometheus rules as is; the hub
   * evaluates it only when `planPromql` (server/slo/promql.ts) can translate it.
   */
  | { kind: 'promql'; errorQuery?: string; totalQuery?: string; errorRatioQuery?: string };

export type SliKind = Sli['kind'];

export type Period =
  | { kind: 'rolling'; seconds: number }
  /** a calendar week (starting Monday) or month, in an IANA timezone */
  | { kind: 'calendar'; unit: 'week' | 'month'; timezone: string };

export type Budgeting =
  | { method: 'occurrences' }
  /**
   * The period is cut into slices; a slice is good when its own good/total ≥ sliceObjective.
   * The SLI is then good slices / slices with data.
   */
  | { method: 'timeslices'; sliceSeconds: number; sliceObjective: number };

/**
 * One multi-window burn-rate alert tier (SRE workbook ch. 5): fires when the error ratio
 * over both windows exceeds burnRate × (1 − objective).
 */
export interface BurnRateTier {
  /** unique within the SLO: page-fast, page-slow, ticket-fast, ticket-slow by default */
  name: string;
  severity: 'page' | 'ticket';
  longWindowSeconds: number;
  shortWindowSeconds: number;
  burnRate: number;
  /** condition must hold this long before pending becomes firing */
  forSeconds: number;
  enabled: boolean;
  /** added to this tier's alert only, over Alerting.labels (Sloth's page_alert/ticket_alert labels) */
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface Alerting {
  /** alert name base (Sloth's page_alert/ticket_alert name); defaults from the SLO */
  name: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  tiers: BurnRateTier[];
  /** low-traffic guard: a tier cannot fire unless its long window holds ≥ minEvents total events */
  minEvents: number;
  /** fires when no total events arrive for this long; 0 disables it */
  noDataSeconds: number;
  /** fires while the period's budget is used up */
  budgetExhausted: boolean;
}

export type SourceFormat = 'octolens/v1' | 'sloth/prometheus/v1' | 'sloth/k8s/v1' | 'openslo/v1' | 'openslo/v1alpha';

export interface SourceLocation {
  /** path relative to the SLO directory */
  file: string;
  line: number;
  column: number;
  format: SourceFormat;
  /** the git commit that last changed the file, when the directory is a git checkout */
  commit?: string;
}

export interface SloDefinition {
  /** stable, unique, [a-z0-9-]: `<service>-<name>` unless the file says otherwise */
  id: string;
  name: string;
  service: string;
  description: string;
  labels: Record<string, string>;
  /** e.g. 0.999 */
  objective: number;
  period: Period;
  budgeting: Budgeting;
  sli: Sli;
  /** attribute/label keys: one SLO instance per distinct value combination */
  groupBy: string[];
  alerting: Alerting;
  source: SourceLocation;
}

/** Windows every SLO is recorded over (Sloth's set), plus the period itself. */
export const standardWindowsSeconds = [300, 1800, 3600, 7200, 21600, 86400, 259200] as const;

/**
 * Default tiers, from the share of the budget each may burn in its long window
 * (2% in 1h, 5% in 6h, 10% in 1d, 10% in 3d): over 30 days that is 14.4×, 6×, 3× and 1×,
 * the SRE workbook's table; other periods keep the shares, so the factors scale.
 */
export function defaultTiers(periodSeconds: number): BurnRateTier[] {
  const tier = (name: string, severity: 'page' | 'ticket', share: number, long: number, short: number): BurnRateTier => ({
    name,
    severity,
    longWindowSeconds: long,
    shortWindowSeconds: short,
    burnRate: Math.round(((share * periodSeconds) / long) * 1e6) / 1e6,
    forSeconds: 0,
    enabled: true,
  });
  return [
    tier('page-fast', 'page', 0.02, 3600, 300),
    tier('page-slow', 'page', 0.05, 21600, 1800),
    tier('ticket-fast', 'ticket', 0.1, 86400, 7200),
    tier('ticket-slow', 'ticket', 0.1, 259200, 21600),
  ];
}

/** Nominal length of a period (a calendar month counts 30 days) for burn-rate scaling. */
export function nominalPeriodSeconds(period: Period): number {
  if (period.kind === 'rolling') return period.seconds;
  return period.unit === 'week' ? 7 * 86400 : 30 * 86400;
}

/**
 * A general alert rule (threshold or absence on any span, log or metric query), evaluated
 * and notified through the same path as SLO burn-rate alerts.
 */
export type AlertQuery =
  | { signal: 'spans'; selector: SpanSelector; measure: 'count' | 'rate' | 'error_ratio' | 'p50' | 'p95' | 'p99' }
  | { signal: 'logs'; selector: LogSelector; measure: 'count' | 'rate' }
  | { signal: 'metrics'; selector: MetricSelector; measure: 'avg' | 'min' | 'max' | 'sum' | 'last' | 'rate' }
  /** seconds until the soonest-filling filesystem is full, from the trend over the window (docs/infrastructure.md) */
  | { signal: 'disk'; selector: DiskSelector; measure: 'time_to_full' };

/** Filesystems by host and mount point; an absent field matches every one. */
export interface DiskSelector {
  host?: string;
  mountpoint?: string;
}

export interface AlertRuleDefinition {
  id: string;
  name: string;
  service: string;
  description: string;
  severity: 'page' | 'ticket' | 'info';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  query: AlertQuery;
  /** the query runs over the last windowSeconds */
  windowSeconds: number;
  /** `absent`: fires when the query saw no data in the window */
  condition: { op: '>' | '>=' | '<' | '<='; threshold: number } | { absent: true };
  forSeconds: number;
  source: SourceLocation;
}
