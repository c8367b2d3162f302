/**
 * Rows as written to ClickHouse with JSONEachRow. Keys are the exporter column names.
 * DateTime64(9) values are strings `SSSSSSSSSS.nnnnnnnnn` (see `formatNanos`); UInt64
 * values are decimal strings so nothing passes through a float.
 */

export type Attributes = Record<string, string>;

export interface SpanRow {
  Timestamp: string;
  TraceId: string;
  SpanId: string;
  ParentSpanId: string;
  TraceState: string;
  SpanName: string;
  SpanKind: string;
  ServiceName: string;
  ResourceAttributes: Attributes;
  ScopeName: string;
  ScopeVersion: string;
  SpanAttributes: Attributes;
  Duration: string;
  StatusCode: string;
  StatusMessage: string;
  'Events.Timestamp': string[];
  'Events.Name': string[];
  'Events.Attributes': Attributes[];
  'Links.TraceId': string[];
  'Links.SpanId': string[];
  'Links.TraceState': string[];
  'Links.Attributes': Attributes[];
}

export interface LogRow {
  Timestamp: string;
  TraceId: string;
  SpanId: string;
  TraceFlags: number;
  SeverityText: string;
  SeverityNumber: number;
  ServiceName: string;
  Body: string;
  ResourceSchemaUrl: string;
  ResourceAttributes: Attributes;
  ScopeSchemaUrl: string;
  ScopeName: string;
  ScopeVersion: string;
  ScopeAttributes: Attributes;
  LogAttributes: Attributes;
  EventName: string;
}

interface MetricRowBase {
  ResourceAttributes: Attributes;
  ResourceSchemaUrl: string;
  ScopeName: string;
  ScopeVersion: string;
  ScopeAttributes: Attributes;
  ScopeDroppedAttrCount: number;
  ScopeSchemaUrl: string;
  ServiceName: string;
  MetricName: string;
  MetricDescription: string;
  MetricUnit: string;
  Attributes: Attributes;
  StartTimeUnix: string;
  TimeUnix: string;
  Flags: number;
}

interface ExemplarColumns {
  'Exemplars.FilteredAttributes': Attributes[];
  'Exemplars.TimeUnix': string[];
  'Exemplars.Value': number[];
  'Exemplars.SpanId': string[];
  'Exemplars.TraceId': string[];
}

export interface GaugeRow extends MetricRowBase, ExemplarColumns {
  Value: number;
}

export interface SumRow extends GaugeRow {
  AggregationTemporality: number;
  IsMonotonic: boolean;
}

/** A remote-written series' labels (migration 0014): written when first seen, and hourly after. */
export interface MetricSeriesRow {
  /** decimal UInt64 text: a hash of the metric name and labels */
  SeriesId: string;
  MetricName: string;
  Kind: 'gauge' | 'sum';
  ServiceName: string;
  ResourceAttributes: Attributes;
  Attributes: Attributes;
  MetricDescription: string;
  MetricUnit: string;
  /** DateTime, seconds: the version ReplacingMergeTree keeps, and what the TTL counts from */
  SeenUnix: number;
}

/** One remote-written sample of a series in metric_series. */
export interface MetricSampleRow {
  MetricName: string;
  SeriesId: string;
  /** DateTime64(3) text, as formatMillis writes it */
  TimeUnix: string;
  Value: number;
  Flags: number;
}

export interface HistogramRow extends MetricRowBase, ExemplarColumns {
  Count: string;
  Sum: number;
  BucketCounts: string[];
  ExplicitBounds: number[];
  Min: number;
  Max: number;
  AggregationTemporality: number;
}

export interface ExpHistogramRow extends MetricRowBase, ExemplarColumns {
  Count: string;
  Sum: number;
  Scale: number;
  ZeroCount: string;
  PositiveOffset: number;
  PositiveBucketCounts: string[];
  NegativeOffset: number;
  NegativeBucketCounts: string[];
  Min: number;
  Max: number;
  AggregationTemporality: number;
}

export interface SummaryRow extends MetricRowBase {
  Count: string;
  Sum: number;
  'ValueAtQuantiles.Quantile': number[];
  'ValueAtQuantiles.Value': number[];
}

/** A business event (migrations 0005, 0013): a KPI's occurrence or reading. */
export interface BusinessEventRow {
  Timestamp: string;
  Name: string;
  ServiceName: string;
  Attributes: Attributes;
  ResourceAttributes: Attributes;
  /** what it adds to its KPI's sum (1: one occurrence) */
  Value: number;
  /** the sender's id, '' when none */
  EventId: string;
  /** the route it came through: `api` (POST /ingest/business) */
  Source: string;
}

/** A webhook or events-API delivery as received (migration 0008). */
export interface RawEventRow {
  Source: string;
  DeliveryId: string;
  EventType: string;
  /** DateTime64(3) text, see formatMillis */
  ReceivedAt: string;
  Body: string;
}

/** One reported status of a deployment (migration 0008); times are formatMillis text, '0.000' when unknown. */
export interface DeploymentRow {
  DeploymentId: string;
  Source: string;
  Service: string;
  Repo: string;
  Environment: string;
  IsProduction: boolean;
  Status: 'pending' | 'in_progress' | 'success' | 'failure' | 'cancelled';
  ReportedAt: string;
  StartedAt: string;
  FinishedAt: string;
  CommitSha: string;
  CommitShas: string[];
  Artifact: string;
  Kind: 'planned' | 'hotfix' | 'rollback' | 'fix_forward';
  RollbackOf: string;
  Url: string;
  DeliveryId: string;
}

/** One commit, with its pull/merge request when known (migration 0008). */
export interface ChangeRow {
  Repo: string;
  CommitSha: string;
  Service: string;
  Source: string;
  Branch: string;
  AuthoredAt: string;
  CommittedAt: string;
  PrNumber: number;
  PrCreatedAt: string;
  PrMergedAt: string;
  MergeCommitSha: string;
  ReportedAt: string;
  DeliveryId: string;
}

/** One incident transition (migration 0008). */
export interface IncidentRow {
  IncidentId: string;
  Provider: string;
  Service: string;
  Status: 'triggered' | 'acknowledged' | 'resolved' | 'reopened';
  At: string;
  CreatedAt: string;
  Severity: string;
  Title: string;
  CauseDeploymentId: string;
  CauseCommitSha: string;
  Url: string;
  DeliveryId: string;
}

/** One entity of a catalog snapshot (migration 0010); the snapshot's marker row has EntityRef ''. */
export interface CatalogSnapshotRow {
  Location: string;
  ImportedAt: string;
  Source: string;
  EntityRef: string;
  Kind: string;
  Namespace: string;
  Name: string;
  Title: string;
  Description: string;
  Owner: string;
  Service: string;
  Type: string;
  Lifecycle: string;
  System: string;
  RelationTypes: string[];
  RelationTargets: string[];
  File: string;
  Line: number;
  Entity: string;
}

/**
 * One FOCUS cost row (migration 0011). Amounts are decimal strings with at most 10 fraction
 * digits (Decimal(38, 10)); DateTime('UTC') columns are epoch seconds.
 */
export interface CostItemRow {
  ImportId: string;
  Part: number;
  Line: number;
  ImportedAt: string;
  BillingAccountId: string;
  BillingAccountName: string;
  SubAccountId: string;
  SubAccountName: string;
  BillingPeriodStart: number;
  BillingPeriodEnd: number;
  ChargePeriodStart: number;
  ChargePeriodEnd: number;
  BillingCurrency: string;
  BilledCost: string;
  EffectiveCost: string;
  ListCost: string;
  ContractedCost: string;
  ChargeCategory: string;
  ChargeClass: string;
  ChargeFrequency: string;
  ChargeDescription: string;
  CommitmentDiscountId: string;
  CommitmentDiscountType: string;
  CommitmentDiscountStatus: string;
  ConsumedQuantity: string;
  ConsumedUnit: string;
  PricingQuantity: string;
  PricingUnit: string;
  ProviderName: string;
  ServiceProviderName: string;
  HostProviderName: string;
  PublisherName: string;
  InvoiceIssuerName: string;
  RegionId: string;
  RegionName: string;
  ResourceId: string;
  ResourceName: string;
  ResourceType: string;
  ServiceName: string;
  ServiceCategory: string;
  ServiceSubcategory: string;
  Tags: Attributes;
  ExtraColumns: Attributes;
  Team: string;
  Service: string;
  Environment: string;
  SharedRule: string;
}

/** What one import covered ('period') or that it finished ('commit'), migration 0011. */
export interface CostImportRow {
  ImportId: string;
  Kind: 'period' | 'commit';
  Part: number;
  BillingAccountId: string;
  BillingPeriodStart: number;
  BillingPeriodEnd: number;
  Rows: number;
  ImportedAt: string;
  Source: string;
  File: string;
}

/** A platform usage event (POST /ingest/events `platform[]`, migration 0012); At is formatMillis text. */
export interface AdoptionEventRow {
  EventId: string;
  Type: string;
  At: string;
  Service: string;
  Team: string;
  Actor: string;
  Name: string;
  Attributes: Attributes;
  DeliveryId: string;
}

/** One request's redactions of one kind for one service (migration 0016); Day is YYYY-MM-DD (UTC). */
export interface RedactionRow {
  Day: string;
  ServiceName: string;
  Signal: string;
  Kind: string;
  Count: number;
}

/**
 * Table name → its row type, for the compiler. Which tables really take ingest is the
 * schema's word (comment 'ingest', see TelemetryStore.ingestTables).
 */
export interface TableRows {
  otel_traces: SpanRow;
  otel_logs: LogRow;
  otel_metrics_gauge: GaugeRow;
  otel_metrics_sum: SumRow;
  otel_metrics_histogram: HistogramRow;
  otel_metrics_exponential_histogram: ExpHistogramRow;
  otel_metrics_summary: SummaryRow;
  metric_series: MetricSeriesRow;
  metric_samples: MetricSampleRow;
  business_events: BusinessEventRow;
  raw_events: RawEventRow;
  deployments: DeploymentRow;
  changes: ChangeRow;
  incidents: IncidentRow;
  catalog_snapshots: CatalogSnapshotRow;
  adoption_events: AdoptionEventRow;
  cost_items: CostItemRow;
  cost_imports: CostImportRow;
  privacy_redactions: RedactionRow;
}

export type TableName = keyof TableRows;

/**
 * Nanoseconds since the epoch → the DateTime64(9) text ClickHouse parses exactly.
 * ClickHouse reads a number only when the seconds part has 10 digits, hence the padding.
 * @example formatNanos(1700000000123456789n) === '1700000000.123456789'
 */
export function formatNanos(nanos: bigint): string {
  const s = nanos.toString().padStart(19, '0');
  return `${s.slice(0, -9)}.${s.slice(-9)}`;
}

/**
 * Milliseconds since the epoch → the DateTime64(3) text ClickHouse parses exactly (10-digit
 * seconds, as formatNanos); times a source did not give are 0.
 * @example formatMillis(1700000000123) === '1700000000.123'
 */
export function formatMillis(ms: number): string {
  const s = String(Math.trunc(ms)).padStart(13, '0');
  return `${s.slice(0, -3)}.${s.slice(-3)}`;
}
