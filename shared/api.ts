/**
 * The query API's response shapes: the one contract between server/api and web.
 * Times: `*UnixNano` fields are decimal strings (exact, past 2^53); `time` fields are
 * RFC 3339 strings with millisecond precision for display. Durations are nanoseconds.
 */

/** A Grafana data frame as produced by @grafana/data's `dataFrameToJSON`. */
export interface DataFrameJSON {
  schema?: {
    name?: string;
    refId?: string;
    fields: Array<{ name: string; type: string; labels?: Record<string, string>; config?: Record<string, unknown> }>;
  };
  data?: { values: unknown[][] };
}

export interface TimeRange {
  /** epoch milliseconds */
  from: number;
  to: number;
}

export interface ServiceSummary {
  name: string;
  team: string | null;
  firstSeen: string | null;
  lastSeen: string | null;
  /**
   * every span of the service in the range (added; optional for compatibility): tells a
   * service that only has client/internal spans (requests 0) from one with no spans at all
   */
  spans?: number;
  /** server and consumer spans in the range */
  requests: number;
  /** requests per second over `rateSeconds` */
  rate: number;
  /**
   * the seconds `rate` is over: the part of the range since the service started sending (its
   * catalog firstSeen or first span), up to now (docs/services.md); less than the range for a
   * service that began inside it
   */
  rateSeconds: number;
  /** errored requests / requests, 0 when there were none */
  errorRatio: number;
  /** exact latency quantiles of the requests (linear interpolation between order statistics), 0 when there were none */
  p50Ns: number;
  p95Ns: number;
  p99Ns: number;
}

export interface ServicesResult {
  range: TimeRange;
  services: ServiceSummary[];
}

export interface OperationSummary {
  name: string;
  kind: string;
  requests: number;
  rate: number;
  errorRatio: number;
  p50Ns: number;
  p95Ns: number;
  p99Ns: number;
}

export interface ServiceResult {
  range: TimeRange;
  /** bucket width in seconds */
  step: number;
  service: ServiceSummary;
  /** one frame: fields time, rate (req/s), errorRatio, p50, p95, p99 (ns) */
  series: DataFrameJSON;
  operations: OperationSummary[];
}

export interface TraceSummary {
  traceId: string;
  rootService: string;
  rootOperation: string;
  startTime: string;
  startTimeUnixNano: string;
  durationNs: number;
  spanCount: number;
  errorCount: number;
  services: string[];
}

export interface TracesResult {
  range: TimeRange;
  traces: TraceSummary[];
  /** pass as `cursor` (same filters) for the next, older page; null on the last page */
  nextCursor: string | null;
}

/** GET /api/v1/traces/facets and /api/v1/logs/facets: top values of common keys (docs/search.md) */
export interface FacetValue {
  value: string;
  /** traces (trace facets) or records (log facets) the search finds with `key=value` added */
  count: number;
}

export interface Facet {
  /** a filter key: adding `filter=<key>=<value>` narrows the search to that value */
  key: string;
  values: FacetValue[];
}

export interface FacetsResult {
  range: TimeRange;
  facets: Facet[];
}

/** GET /api/v1/ingest: the ports this hub receives OTLP on (the configured ones). */
export interface IngestInfoResult {
  otlp: { httpPort: number; grpcPort: number };
}

/** One log-scale duration bucket of GET /api/v1/traces/latency: spans with minNs ≤ duration < maxNs. */
export interface LatencyBucket {
  minNs: number;
  maxNs: number;
  /** matching spans in the bucket, errors included */
  spans: number;
  /** of those, the ones with status Error */
  errors: number;
}

/** GET /api/v1/traces/latency (docs/search.md): lowest to highest non-empty bucket, empty ones between; [] without spans. */
export interface TraceLatencyResult {
  range: TimeRange;
  buckets: LatencyBucket[];
}

export interface SpanEvent {
  timeUnixNano: string;
  name: string;
  attributes: Record<string, string>;
}

export interface SpanLink {
  traceId: string;
  spanId: string;
  traceState: string;
  attributes: Record<string, string>;
}

export interface Span {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  /** Server, Client, Internal, Producer, Consumer, Unspecified */
  kind: string;
  serviceName: string;
  startTime: string;
  startTimeUnixNano: string;
  durationNs: number;
  /** Unset, Ok, Error */
  statusCode: string;
  statusMessage: string;
  scopeName: string;
  scopeVersion: string;
  resourceAttributes: Record<string, string>;
  attributes: Record<string, string>;
  events: SpanEvent[];
  links: SpanLink[];
}

export interface TraceResult {
  traceId: string;
  /** ordered by start time; the first OCTOLENS_TRACE_MAX_SPANS of them when the trace is longer */
  spans: Span[];
  /** true when the trace has more spans than `spans` holds */
  truncated: boolean;
  /** every span of the trace (equals `spans.length` unless truncated) */
  spanCount: number;
}

export interface LogRecord {
  time: string;
  timeUnixNano: string;
  severityText: string;
  severityNumber: number;
  serviceName: string;
  body: string;
  traceId: string;
  spanId: string;
  attributes: Record<string, string>;
  resourceAttributes: Record<string, string>;
}

export interface LogsResult {
  range: TimeRange;
  logs: LogRecord[];
  /** pass as `cursor` (same filters) for the next, older page; null on the last page */
  nextCursor: string | null;
}

/** GET /api/v1/logs/volume: records per time bucket and severity level */
export interface LogVolumeResult {
  range: TimeRange;
  /** bucket width in seconds */
  step: number;
  /** one frame: time (bucket start, ms), then a count field per level: TRACE … FATAL, UNSET */
  frame: DataFrameJSON;
}

/** GET /api/v1/logs/around: one service's records either side of a moment */
export interface LogsAroundResult {
  service: string;
  /** the moment asked about */
  timeUnixNano: string;
  /** newest first: up to `count` later records, those at the moment itself, up to `count` earlier ones */
  logs: LogRecord[];
}

export interface MetricInfo {
  name: string;
  /** gauge, sum, histogram, exponential_histogram, summary */
  type: string;
  unit: string;
  description: string;
  services: string[];
}

export interface MetricsListResult {
  range: TimeRange;
  metrics: MetricInfo[];
}

export interface MetricQueryResult {
  range: TimeRange;
  step: number;
  /** the metric's point type: gauge, sum, histogram, exponential_histogram, summary (added; optional for compatibility) */
  type?: string;
  /** the aggregation applied, the default one when none was asked for (added; optional for compatibility) */
  agg?: string;
  /** one frame per group: fields time and value, value labels carry the group-by values */
  frames: DataFrameJSON[];
  /**
   * Present when asked for with `exemplars=N` (N ≤ 200): at most N exemplars with a trace
   * link, oldest first. Per step and group only the largest is kept, then the N largest of
   * those; only exemplars lying in the range. Summaries have none (added).
   */
  exemplars?: MetricExemplar[];
}

/** A measurement the SDK sampled with the span it was recorded in (an OTLP exemplar). */
export interface MetricExemplar {
  /** when it was measured, epoch ms */
  time: number;
  /** the measurement, in the metric's unit (a histogram's observation, a counter's increment) */
  value: number;
  traceId: string;
  spanId: string;
  /** the group-by values of the series it belongs to, as the frames' value labels */
  labels: Record<string, string>;
}

/** Every 4xx/5xx body. */
export interface ApiError {
  code: string;
  message: string;
  details?: unknown;
  requestId: string;
}

// --- Service health: SLOs and alerts -------------------------------------------------

export type SloStatus = 'ok' | 'warning' | 'critical' | 'no_data' | 'prometheus_only';

export interface SloSource {
  file: string;
  line: number;
  format: string;
  commit?: string;
}

/** One SLO instance (one per group value combination when the spec groups). */
export interface SloSummary {
  /** unique; `<slo id>` or `<slo id>/<k=v,…>` for a group instance */
  id: string;
  sloId: string;
  name: string;
  service: string;
  team: string | null;
  group: Record<string, string>;
  /** e.g. 0.999 */
  objective: number;
  /** human text: "30d rolling", "calendar month (Europe/Paris)" */
  period: string;
  sliKind: string;
  /** over the period so far */
  sli: number | null;
  /** 1 = untouched, 0 = spent, negative = overspent */
  budgetRemaining: number | null;
  /** 1 h burn rate */
  burnRate: number | null;
  status: SloStatus;
  /** names of firing alerts */
  firing: string[];
  /** why the hub cannot evaluate it, for prometheus_only */
  message?: string;
  source: SloSource;
  evaluatedAt: string | null;
}

export interface SlosResult {
  slos: SloSummary[];
  /** load problems (file:line:column: message) of the current spec directory */
  errors: string[];
}

export interface SloWindow {
  /** "5m", "1h", "30d" */
  window: string;
  windowSeconds: number;
  good: number;
  total: number;
  errorRatio: number | null;
  burnRate: number | null;
}

export interface SloAlertTier {
  name: string;
  severity: 'page' | 'ticket';
  longWindow: string;
  shortWindow: string;
  /** burn-rate threshold */
  threshold: number;
  longBurn: number | null;
  shortBurn: number | null;
  state: 'inactive' | 'pending' | 'firing' | 'resolved';
  since: string | null;
  enabled: boolean;
  /** seconds until the budget is spent if this tier's long-window burn continues; null if not burning */
  timeToExhaustionSeconds: number | null;
}

export interface SloDetail extends SloSummary {
  description: string;
  budgeting: string;
  periodStart: string;
  periodEnd: string;
  good: number;
  total: number;
  exhaustionAt: string | null;
  windows: SloWindow[];
  tiers: SloAlertTier[];
  /** no-data and budget-exhausted alerts */
  otherAlerts: Array<{ name: string; severity: string; state: string; since: string | null }>;
  /** frames: "budget" (time, remaining), "burn" (time, one field per tier long window, labelled window=…), "sli" (time, sli) */
  history: DataFrameJSON[];
}

export interface AlertInfo {
  /** stable: `<slo instance id>:<alert name>` or `rule:<rule id>` */
  id: string;
  /** the alertname notifications carry: the SLO's alerting name or the rule's name */
  name: string;
  /**
   * the alert within its SLO: a tier name (page-fast…), 'no-data' or 'budget-exhausted'
   * (added; optional for compatibility)
   */
  alert?: string;
  kind: 'slo' | 'rule';
  /** the SLO instance id (the /slos/:id the alert belongs to) */
  sloId?: string;
  severity: string;
  state: 'pending' | 'firing' | 'resolved';
  since: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  value: number | null;
  /** what raised it (added) */
  alertKind?: AlertKind;
  /** how `value` and `condition.threshold` read (added) */
  unit?: AlertValueUnit;
  /** when it fires: `value op threshold` over `windows` (added; null when the definition is gone) */
  condition?: AlertCondition | null;
  /** the annotation `runbook_url` or `runbook` when it is an http(s) link (added) */
  runbook?: string | null;
  /** active silences that stop its notifications (added) */
  silencedBy?: string[];
  /** the latest acknowledgement of this firing or pending episode (added) */
  ack?: AlertAck | null;
  /** the value is +Infinity, which JSON cannot carry (`value` is then null): a disk that is not filling (added) */
  infinite?: boolean;
}

/** burn_rate: an SLO tier; budget_exhausted, no_data: an SLO's other alerts; rule: an AlertRule. */
export type AlertKind = 'burn_rate' | 'budget_exhausted' | 'no_data' | 'rule';

/**
 * burn_rate: a multiple of the sustainable rate (14.4×); ratio: 0..1 shown as % (an error
 * ratio, the budget left, negative once overspent); seconds: a duration (latency
 * quantiles, disk time to full; Infinity = not filling); per_second: a rate; count, number: as is.
 */
export type AlertValueUnit = 'burn_rate' | 'ratio' | 'seconds' | 'per_second' | 'count' | 'number';

export interface AlertCondition {
  /** `absent`: fires when the query saw no data (no-data alerts, `condition: absent` rules) */
  op: '>' | '>=' | '<' | '<=' | 'absent';
  threshold: number | null;
  /** seconds: a tier's long and short window, a rule's window, a no-data alert's quiet time, an SLO's period for budget-exhausted */
  windows: number[];
  /** seconds the condition must hold before it fires */
  forSeconds: number;
}

export interface AlertAck {
  by: string;
  at: string;
  comment: string;
}

export interface AlertsResult {
  alerts: AlertInfo[];
}

/** POST /api/v1/alerts/:id/ack */
export interface AlertAckParams {
  by: string;
  comment?: string;
}

/** One label matcher, as Alertmanager's: `=`, `!=`, `=~`, `!~` (RE2-style, anchored). */
export interface SilenceMatcher {
  label: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
}

export type SilenceState = 'pending' | 'active' | 'expired';

export interface SilenceInfo {
  id: string;
  matchers: SilenceMatcher[];
  startsAt: string;
  endsAt: string;
  comment: string;
  createdBy: string;
  createdAt: string;
  state: SilenceState;
  /** when someone expired it before its end */
  expiredAt: string | null;
}

/**
 * POST /api/v1/silences: `matchers`, or `alertId` (a matcher on the alert's
 * `octolens_alert` label), or both; `startsAt` defaults to now.
 */
export interface SilenceCreateParams {
  matchers?: SilenceMatcher[];
  alertId?: string;
  startsAt?: string;
  endsAt: string;
  comment: string;
  createdBy: string;
}

export interface SilencesResult {
  /** active first, then pending, then expired (the last 7 days), newest first within each */
  silences: SilenceInfo[];
}

/** A moment to mark on charts (GET /api/v1/events). */
export interface EventMarker {
  kind: 'deploy' | 'incident' | 'alert';
  /** the deployment, incident or SLO instance id */
  id: string;
  /** RFC 3339: a deploy's finish, an incident's opening, an alert's start of firing */
  time: string;
  service: string;
  /** what to show beside the line, e.g. "deploy 9fceb02" or "incident SEV2: checkout 500s" */
  label: string;
  url?: string;
  /** kind-specific facts: environment, status, commit; severity; resolved */
  detail: Record<string, string>;
}

export interface EventsResult {
  range: { from: number; to: number };
  events: EventMarker[];
  /** more than 500 of a kind in the window: the first 500 of each are listed */
  truncated: boolean;
}

/** GET /api/v1/dora (docs/dora.md defines every field). A null value comes with a `reason`. */
export type DoraLevel = 'elite' | 'high' | 'medium' | 'low';

export interface DoraBand {
  level: DoraLevel | null;
  /** the report's cell for that level, e.g. "less than one day" */
  published?: string;
  reason?: string;
  year: number;
}

export interface DoraBands {
  year: number;
  source: string;
  deploymentFrequency: DoraBand;
  leadTimeMinutes: DoraBand;
  changeFailureRate: DoraBand;
  failedDeploymentRecoveryMinutes: DoraBand;
  reworkRate: DoraBand;
}

export interface DoraScope {
  kind: 'organisation' | 'service' | 'team';
  service?: string;
  team?: string;
  /** the services measured (service or team scope) */
  services?: string[];
  /** the environment measured, or "production" for every production environment */
  environment: string;
}

export interface DoraQuantiles {
  median: number | null;
  p90: number | null;
  samples: number;
  reason?: string;
}

export interface DoraSeriesPoint {
  /** bucket start, epoch ms (UTC day, Monday-started week, or month) */
  time: number;
  deployments: number;
  changeFailureRate: number | null;
  reworkRate: number | null;
  leadTimeMedianMinutes: number | null;
  recoveryMedianMinutes: number | null;
}

export interface DoraResult {
  scope: DoraScope;
  from: number;
  to: number;
  deploymentFrequency: { deployments: number; deploymentDays: number; perDay: number | null; perWeek: number | null; reason?: string };
  leadTimeMinutes: DoraQuantiles & { droppedNegative: number };
  changeFailureRate: { value: number | null; failedDeployments: number; deployments: number; rolledBack: number; causedIncident: number; reason?: string };
  failedDeploymentRecoveryMinutes: DoraQuantiles & { unresolved: number };
  reworkRate: { value: number | null; unplannedDeployments: number; deployments: number; reason?: string };
  /** incidents linked to the range's deployments, by link method */
  incidentLinks: { explicit: number; heuristic: number };
  bands: DoraBands;
  /** the organisation's own targets (OCTOLENS_DORA_TARGETS), only the metrics it sets */
  targets: DoraTargets;
  bucket: 'day' | 'week' | 'month' | null;
  series: DoraSeriesPoint[];
}

/** A target in the metric's unit (deployments a day, minutes, a rate); met: null without a value. */
export interface DoraTarget {
  target: number;
  met: boolean | null;
}

export type DoraTargets = Partial<Record<'deploymentFrequency' | 'leadTimeMinutes' | 'changeFailureRate' | 'failedDeploymentRecoveryMinutes' | 'reworkRate', DoraTarget>>;

/** One service's or one team's five metrics: a row of GET /api/v1/dora/breakdown (docs/dora.md, "Breakdown"). */
export interface DoraBreakdownRow {
  /** the service or the team; '' for the services the catalog gives no team */
  name: string;
  /** a service row: its team ('' when none) */
  team?: string;
  /** a team row: how many of its services deployed in the range */
  services?: number;
  deployments: number;
  deploymentDays: number;
  perDay: number | null;
  leadTimeMedianMinutes: number | null;
  leadTimeSamples: number;
  changeFailureRate: number | null;
  failedDeployments: number;
  recoveryMedianMinutes: number | null;
  recoverySamples: number;
  reworkRate: number | null;
  unplannedDeployments: number;
  /** the bands year's level of each metric (rework has none) */
  levels: { deploymentFrequency: DoraLevel | null; leadTimeMinutes: DoraLevel | null; changeFailureRate: DoraLevel | null; failedDeploymentRecoveryMinutes: DoraLevel | null };
}

export interface DoraBreakdownResult {
  scope: DoraScope;
  from: number;
  to: number;
  bandsYear: number;
  /** the services with a target deployment in the range, by name */
  services: DoraBreakdownRow[];
  /** their teams, by name ('' last: no team) */
  teams: DoraBreakdownRow[];
}

/** A drill-down list (GET /api/v1/dora/deployments|changes|incidents): `total` rows matched, the newest `items.length` of them are here. */
export interface DoraList<T> {
  scope: DoraScope;
  from: number;
  to: number;
  total: number;
  limit: number;
  items: T[];
}

export interface DoraDeploymentItem {
  service: string;
  id: string;
  status: string;
  environment: string;
  /** epoch ms */
  finishedAt: number;
  commit: string;
  kind: string;
  rollbackOf: string;
  /** a successful target deployment: one that deployment frequency counts */
  counted: boolean;
  /** counted in change failure rate: rolled back, or caused an incident */
  failed: boolean;
  /** the rollback deployment that rolled it back */
  rolledBackBy: string | null;
  /** the incidents it caused and how each was linked to it */
  incidents: Array<{ id: string; method: 'explicit' | 'heuristic' }>;
  /** counted in rework rate */
  unplanned: boolean;
  /** why: its kind (hotfix, rollback, fix_forward) or "resolved incident <id>" */
  unplannedReason: string | null;
}

export interface DoraChangeItem {
  service: string;
  sha: string;
  /** epoch ms */
  committedAt: number;
  /** the finish of the first target deployment containing it, epoch ms */
  deployedAt: number;
  deploymentId: string;
  /** the squash/rebase merge commit it was deployed through */
  viaMerge: string | null;
  leadTimeMinutes: number;
  /** false: a negative span, dropped from the lead time and counted in droppedNegative */
  counted: boolean;
}

export interface DoraIncidentItem {
  service: string;
  id: string;
  title: string;
  severity: string;
  /** epoch ms */
  openedAt: number;
  resolvedAt: number | null;
  /** the deployment it is linked to, and how */
  deployment: { id: string; method: 'explicit' | 'heuristic'; finishedAt: number } | null;
  /** the linked deployment's finish → resolved */
  recoveryMinutes: number | null;
  /** linked to a target deployment finished in the range: a recovery sample once resolved */
  counted: boolean;
}

/** GET /api/v1/incidents and /incidents/:id (docs/incidents.md defines every field). */
export type IncidentStatus = 'open' | 'acknowledged' | 'resolved';

export interface IncidentCause {
  deploymentId: string;
  /** explicit: the incident named the deployment or its commit; heuristic: the service's latest deployment within the link window */
  method: 'explicit' | 'heuristic';
  /** RFC 3339: the deployment's finish */
  finishedAt: string;
}

export interface IncidentSummary {
  id: string;
  provider: string;
  service: string;
  title: string;
  severity: string;
  status: IncidentStatus;
  /** RFC 3339 */
  openedAt: string;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
  url: string | null;
  cause: IncidentCause | null;
  /** opened → first acknowledgement; null when never acknowledged */
  mttaMinutes: number | null;
  /** opened → resolved; null while open */
  mttrMinutes: number | null;
  /** first signal (the service's earliest SLO alert firing within the lookback before opening) → opened; null without one */
  mttdMinutes: number | null;
}

export interface IncidentMedians {
  /** the median over the incidents that have the figure, and how many do */
  median: number | null;
  samples: number;
}

export interface IncidentsResult {
  range: { from: number; to: number };
  incidents: IncidentSummary[];
  /** more incidents matched than `limit`: the newest are listed and summarised */
  truncated: boolean;
  summary: { count: number; mttaMinutes: IncidentMedians; mttrMinutes: IncidentMedians; mttdMinutes: IncidentMedians };
}

export interface IncidentTransition {
  status: 'triggered' | 'acknowledged' | 'resolved' | 'reopened' | string;
  at: string;
}

/** The first signal: the alert MTTD starts from. */
export interface IncidentSignal {
  sloId: string;
  name: string;
  severity: string;
  at: string;
}

/** One entry of an incident's merged timeline: a chart marker plus how it relates to the incident. */
export interface IncidentTimelineEntry extends EventMarker {
  /** the incident's own transition, its service's deploy or alert, or a called service's */
  relation: 'incident' | 'service' | 'downstream';
  /** this deploy is the incident's cause */
  cause?: boolean;
}

export interface IncidentDetail {
  incident: IncidentSummary;
  transitions: IncidentTransition[];
  firstSignal: IncidentSignal | null;
  /** how far before the opening an alert counts as the first signal (the link window), ms */
  signalLookbackMs: number;
  /** the services the incident's service calls, from its spans around the opening */
  downstream: string[];
  /** the timeline's and the chart's window, epoch ms */
  window: { from: number; to: number };
  timeline: IncidentTimelineEntry[];
  /** a kind of entry had more than 500 in the window: the first 500 are listed */
  truncated: boolean;
  step: number;
  /** the service's RED series over the window (`errorRatio` is the error-rate chart) */
  series: DataFrameJSON;
}

/** GET /api/v1/catalog: the service catalog as imported, and how it compares with what the hub receives. */
export interface CatalogEntityInfo {
  /** kind:namespace/name, lowercase */
  ref: string;
  kind: 'Component' | 'System' | 'API' | 'Resource' | 'Group' | 'User' | 'Domain';
  namespace: string;
  name: string;
  title: string;
  description: string;
  /** the owner's ref, '' for kinds without one (Group, User) */
  owner: string;
  /** the owning team (a group's name; for a person, the first group they belong to), null when it cannot be told */
  team: string | null;
  /** a Component's service name, else '' */
  service: string;
  type: string;
  lifecycle: string;
  system: string;
  location: string;
  /** where it was read (file:line), '' when pulled from Backstage */
  source: string;
  importedAt: string;
}

export interface CatalogOwner {
  ref: string;
  kind: string;
  team: string | null;
  /** whether the owner itself is an entity of the catalog */
  inCatalog: boolean;
  /** entities it owns */
  entities: number;
  /** services (Components) it owns */
  services: string[];
}

export interface CatalogRelationInfo {
  source: string;
  type: string;
  target: string;
}

export interface CatalogLocation {
  location: string;
  source: 'upload' | 'cli' | 'backstage' | string;
  importedAt: string;
  entities: number;
}

/** A service that sends data the catalog does not know. */
export interface UnownedService {
  service: string;
  /** last time seen in the range, RFC 3339 */
  lastSeen: string;
  /** telemetry (traces, logs, metrics) and/or deploys */
  seenIn: Array<'telemetry' | 'deploys'>;
}

/** A catalog component that sent nothing in the range. */
export interface DarkService {
  service: string;
  entity: string;
  team: string | null;
  /** last time it was ever seen, null when never */
  lastSeen: string | null;
}

export interface CatalogResult {
  range: TimeRange;
  /** each location's latest snapshot, which together make the current catalog */
  locations: CatalogLocation[];
  /** recent snapshots, newest first (at most 50) */
  snapshots: CatalogLocation[];
  entities: CatalogEntityInfo[];
  owners: CatalogOwner[];
  relations: CatalogRelationInfo[];
  unowned: UnownedService[];
  dark: DarkService[];
}

/** Dimensions GET /api/v1/cost groups by. */
export type CostGroupBy = 'team' | 'service' | 'environment' | 'provider' | 'serviceCategory' | 'month';

/** Amounts are decimal strings rounded to the cent (half-even), never binary floats: `"13.70"`. */
export interface CostAmounts {
  billedCost: string;
  effectiveCost: string;
}

export interface CostGroup extends CostAmounts {
  /** the group's value; `unallocated` when no tag or rule gave one; `shared:<rule>` for a team's share of a shared cost when grouping something else by team= */
  key: string;
}

export interface CostCurrencyTotal extends CostAmounts {
  currency: string;
}

/** GET /api/v1/cost: one currency's showback (EffectiveCost) and invoice (BilledCost) figures. */
export interface CostResult {
  range: TimeRange;
  groupBy: CostGroupBy;
  /** the currency every amount is in (`currency=`, else the one with the largest effective cost); null when nothing was imported for the range */
  currency: string | null;
  total: CostAmounts;
  groups: CostGroup[];
  /** every currency of the range with its totals: currencies are never added together */
  currencies: CostCurrencyTotal[];
  /** the team= filter, when given */
  team?: string;
}

/** One team budget of a month (GET /api/v1/cost/budgets): amounts in `currency`, to the cent. */
export interface CostBudgetStatus {
  team: string;
  currency: string;
  /** YYYY-MM */
  month: string;
  budget: string;
  /** effective cost charged in the month so far, shared-cost shares included */
  monthToDate: string;
  /** month to date plus the usage-based charges extrapolated at their run rate to the month's end */
  forecast: string;
  /** forecast as a percentage of the budget, one decimal ("104.2"); null for a zero budget */
  forecastPercent: string | null;
  overrun: boolean;
  /** the latest usage charge the imports hold for the month (RFC 3339), null when none */
  dataThrough: string | null;
}

export interface CostBudgetsResult {
  month: string;
  budgets: CostBudgetStatus[];
}

/** A day whose usage-based cost grew past its trailing baseline (GET /api/v1/cost/anomalies; rule in docs/cost.md). */
export interface CostAnomaly {
  key: string;
  /** YYYY-MM-DD (UTC) */
  day: string;
  effectiveCost: string;
  /** the mean of the baseline days */
  baseline: string;
  increase: string;
  /** increase in standard deviations of the baseline, one decimal; null when the baseline was flat */
  zScore: string | null;
  baselineDays: number;
}

export interface CostAnomaliesResult {
  range: TimeRange;
  groupBy: CostGroupBy;
  currency: string | null;
  anomalies: CostAnomaly[];
}

/** One service's unit cost (GET /api/v1/cost/unit). */
export interface CostUnitService {
  service: string;
  effectiveCost: string;
  /** its server spans in the range */
  requests: number;
  /** effective cost per 1,000 requests, four fraction digits ("0.0420"); null without requests */
  costPer1kRequests: string | null;
}

export interface CostUnitResult {
  range: TimeRange;
  currency: string | null;
  services: CostUnitService[];
}

/** A host named by the telemetry's `host.name` resource attribute, or a node_exporter target's `instance` (GET /api/v1/hosts). */
export interface HostSummary {
  name: string;
  /** services whose spans, logs or metrics named this host */
  services: string[];
  /** k8s.pod.name, k8s.node.name, container.id values seen with it */
  pods: string[];
  nodes: string[];
  containers: string[];
  /** epoch ms */
  lastSeen: number;
  spans: number;
  logs: number;
  points: number;
  /** resources past their threshold at the range's end (docs/infrastructure.md, "Saturation"); empty when none */
  saturation: SaturationMark[];
}

/** A saturated resource of a host. */
export interface SaturationMark {
  resource: 'cpu' | 'memory' | 'disk';
  /** what was seen, e.g. "CPU ≥ 90 % for 5 min", "disk / full in 12 h" */
  label: string;
}

export interface HostsResult {
  range: TimeRange;
  hosts: HostSummary[];
}

/** One filesystem's disk-full forecast: a least-squares trend of its used bytes (docs/infrastructure.md). */
export interface DiskForecast {
  /** otel (system.filesystem.usage) or node_exporter (node_filesystem_*_bytes) */
  source: HostMetricSource;
  device: string;
  mountpoint: string;
  usedBytes: number;
  /** used + free: what unprivileged writers can fill (reserved blocks excluded) */
  usableBytes: number;
  /** used + free + reserved */
  capacityBytes: number;
  /** used ÷ usable, as df's Use% */
  utilization: number | null;
  bytesPerHour: number;
  /** epoch ms the trend reaches the usable size (free hits 0); null when flat or shrinking */
  fullAt: number | null;
  /** from the newest point; null when flat or shrinking */
  secondsToFull: number | null;
  points: number;
}

export interface HostResult {
  range: TimeRange;
  host: HostSummary;
  filesystems: DiskForecast[];
  /** how much history before `to` the forecast is fitted over */
  forecastWindowMs: number;
  /** pods on the host with their current CPU and memory */
  pods: PodUsage[];
}

/** A pod's current use: k8s.pod.* / container.* (kubeletstats) or cAdvisor's container_* metrics. */
export interface PodUsage {
  namespace: string;
  pod: string;
  /** cores in use; null when no CPU metric names the pod */
  cpuCores: number | null;
  /** the metric it came from, e.g. k8s.pod.cpu.usage, container_cpu_usage_seconds_total */
  cpuMetric: string | null;
  /** working set, bytes */
  memoryBytes: number | null;
  memoryMetric: string | null;
  /** epoch ms of its newest point */
  lastSeen: number;
}

export type HostMetricSource = 'otel' | 'node_exporter';

/** One panel of GET /api/v1/hosts/:name/metrics. */
export interface HostMetricPanel {
  /** where its newest point came from; null when the host sent none */
  source: HostMetricSource | null;
  /** `time` (ms) and a number field per series: `value` for CPU and memory, a mountpoint's for disk, `receive` and `transmit` for network */
  frame: DataFrameJSON;
}

/** GET /api/v1/hosts/:name/metrics: the host's CPU and memory utilisation (0…1), disk use per mountpoint (0…1), network bytes/s. */
export interface HostMetricsResult {
  range: TimeRange;
  step: number;
  cpu: HostMetricPanel;
  memory: HostMetricPanel;
  disk: HostMetricPanel;
  network: HostMetricPanel;
}

/**
 * How a metric KPI is read (docs/business.md): a counter (monotonic sum) by its increase, a
 * gauge (or a non-monotonic sum) by its mean; a distribution (histogram, summary) is listed
 * but neither charted nor compared here.
 */
export type MetricKpiKind = 'counter' | 'gauge' | 'distribution';

/** A business KPI: named events (POST /ingest/business) or an OTLP metric under the configured prefix (GET /api/v1/business). */
export type BusinessKpi =
  | { name: string; source: 'events'; events: number; total: number; services: string[] }
  | { name: string; source: 'metric'; type: string; kind: MetricKpiKind; unit: string; services: string[] };

/** One side of a comparison. */
export interface BusinessWindow {
  /** the KPI over the window: its events' sum, a counter's increase or a gauge's mean; null when a metric has no point in it */
  total: number | null;
  /** event KPIs: how many events */
  events?: number;
}

export interface BusinessComparison {
  name: string;
  /** what `total` is: the events' sum, a counter's increase, a gauge's mean */
  kind: 'events' | 'counter' | 'gauge';
  deployment: { id: string; service: string; finishedAt: number };
  /** each side's length: [finishedAt − windowMs, finishedAt) and [finishedAt, finishedAt + windowMs) */
  windowMs: number;
  before: BusinessWindow;
  after: BusinessWindow;
  /** after.total − before.total; null when either is */
  difference: number | null;
  /** difference ÷ before.total; null when before is 0 or null */
  relativeChange: number | null;
}

export interface BusinessResult {
  range: TimeRange;
  step: number;
  /** OTLP metrics whose name starts with this are KPIs (OCTOLENS_BUSINESS_METRIC_PREFIX) */
  metricPrefix: string;
  kpis: BusinessKpi[];
  /**
   * the KPI `name` per step. Event KPI: fields time, total (sum of values), events; a step without events is 0.
   * Metric KPI: fields time, value (a counter's increase, a gauge's mean); a step without points is null.
   */
  series?: DataFrameJSON;
  comparison?: BusinessComparison;
}

/** A node of the service map: a service that sends spans, or a callee only its callers name (docs/service-map.md). */
export type DependencyNodeKind = 'service' | 'database' | 'messaging' | 'external';

export interface DependencyNode {
  /** the service name; `db.system/db.name`, `messaging.system/destination` or the host for the others */
  name: string;
  kind: DependencyNodeKind;
}

/** Calls from one service to one callee over the range (GET /api/v1/dependencies). */
export interface DependencyEdge {
  /** the calling service */
  source: string;
  /** the callee's node name; with targetKind, its identity */
  target: string;
  targetKind: DependencyNodeKind;
  calls: number;
  /** calls per second over the range */
  rate: number;
  /** calls whose callee span (else the caller's, when the callee sent none) has status Error */
  errors: number;
  /** errors / calls */
  errorRatio: number;
  /** exact quantiles of the caller's span durations */
  p50Ns: number;
  p95Ns: number;
  p99Ns: number;
}

export interface DependenciesResult {
  range: TimeRange;
  /** the service asked for: then only its edges, and the nodes they touch */
  service: string | null;
  nodes: DependencyNode[];
  /** busiest first */
  edges: DependencyEdge[];
  /** more edges or services than one answer holds: the busiest are kept */
  truncated: boolean;
}

/** What an API token may do (docs/security.md): `admin` may do everything, the others one thing each. */
export type TokenScope = 'ingest' | 'read' | 'write' | 'admin';

/** An API token as listed (GET /api/v1/tokens): never the token itself. */
export interface TokenInfo {
  id: string;
  name: string;
  scopes: TokenScope[];
  /** teams whose services it may change; null: any */
  teams: string[] | null;
  /** the only services it may send telemetry of and change; null: any */
  services: string[] | null;
  createdBy: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  /** to the minute */
  lastUsedAt: string | null;
}

/** POST /api/v1/tokens: the token, shown this once. */
export interface CreatedToken extends TokenInfo {
  token: string;
}

export interface TokensResult {
  /** newest first, revoked ones included */
  tokens: TokenInfo[];
}

/** A local user's role: viewer reads, editor also changes things, admin also manages users and tokens. */
export type UserRole = 'viewer' | 'editor' | 'admin';

/** GET/POST /api/v1/session: whether auth is on and who the cookie session belongs to. */
export interface SessionInfo {
  auth: boolean;
  /** a session opened with an API token shows as the role its scopes amount to */
  user: { name: string; role: UserRole } | null;
  expiresAt: string | null;
}

/** GET /api/v1/session/oidc: whether the login page offers single sign-on, and under which name. */
export interface OidcInfo {
  enabled: boolean;
  /** OCTOLENS_OIDC_NAME: "Log in with <name>" */
  name?: string;
}

/** A local user as listed (GET /api/v1/users): never the password hash. */
export interface UserInfo {
  name: string;
  role: UserRole;
  /** an editor changes what these teams' services own (SLO alerts' silences and acknowledgements) */
  teams: string[];
  createdBy: string;
  createdAt: string;
}

export interface UsersResult {
  users: UserInfo[];
}

/** One change made through the API (GET /api/v1/audit). */
export interface AuditEntry {
  id: string;
  at: string;
  /** the user or token name; `anonymous` with authentication off */
  actor: string;
  actorKind: 'user' | 'token' | 'anonymous';
  /** `<thing>.<verb>`: silence.create, silence.expire, alert.ack, token.create, token.revoke, user.add, user.remove, session.login, session.login_failed, session.logout, slos.reload */
  action: string;
  /** the id or name of what changed */
  target: string;
  /** the thing as it was (null for a creation) and as it is (null for a removal); never a secret */
  before: unknown;
  after: unknown;
  requestId: string;
}

export interface AuditResult {
  /** newest first */
  entries: AuditEntry[];
  /** pass as `cursor` for the next (older) page; null on the last */
  nextCursor: string | null;
}
