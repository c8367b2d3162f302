import type { ColumnType, Generated } from 'kysely';

/** Metadata tables (Postgres SQL on PGlite or PostgreSQL). */
export interface ServicesTable {
  name: string;
  team: string | null;
  /** null for a service only the catalog names so far */
  first_seen: ColumnType<Date | null, Date | string | null, Date | string | null>;
  last_seen: ColumnType<Date | null, Date | string | null, Date | string | null>;
  created_at: Generated<Date>;
  /** the catalog component that set `team` (migration 0003), null when the catalog does not name the service */
  catalog_entity: ColumnType<string | null, string | null | undefined, string | null>;
}

type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** jsonb: read as parsed JSON, written as JSON text */
type Json<T = unknown> = ColumnType<T, string, string>;

/** SLO engine: which SLI definition slo_sli_minutes holds per SLO, rolled up to which minute. */
export interface SloRollupsTable {
  slo_id: string;
  definition_hash: string;
  rolled_to: Timestamp;
  updated_at: Generated<Date>;
}

/** SLO engine: the latest evaluation of each SLO instance. */
export interface SloStatusTable {
  instance_id: string;
  slo_id: string;
  group_key: string;
  group_values: Json<Record<string, string>>;
  /** the SloDefinition (server/slo/model.ts) */
  definition: Json;
  definition_hash: string | null;
  /** the Evaluation (server/slo/evaluate/types.ts); null until evaluated or when the hub cannot evaluate it */
  evaluation: ColumnType<unknown, string | null, string | null>;
  /** why there is no evaluation, or a problem with the data */
  message: string | null;
  evaluated_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
  updated_at: Generated<Date>;
}

/** SLO engine: each alert's current state. */
export interface AlertStateTable {
  instance_id: string;
  /** tier name, 'no-data' or 'budget-exhausted' */
  alert_name: string;
  slo_id: string;
  /** alertname */
  name: string;
  severity: string;
  state: string;
  since: Timestamp;
  value: number | null;
  labels: Json<Record<string, string>>;
  annotations: Json<Record<string, string>>;
  updated_at: Generated<Date>;
}

export interface AlertTransitionsTable {
  id: Generated<number>;
  instance_id: string;
  alert_name: string;
  slo_id: string;
  name: string;
  severity: string;
  from_state: string;
  to_state: string;
  at: Timestamp;
  value: number | null;
  labels: Json<Record<string, string>>;
  annotations: Json<Record<string, string>>;
}

export interface SloEngineTable {
  key: string;
  value: Json;
  updated_at: Generated<Date>;
}

/** A silence (migration 0004): notifiers skip alerts its matchers select while it is active. */
export interface SilencesTable {
  id: string;
  /** SilenceMatcher[] (server/alerting/silences.ts) */
  matchers: Json<Array<{ label: string; op: string; value: string }>>;
  starts_at: Timestamp;
  ends_at: Timestamp;
  comment: string;
  created_by: string;
  created_at: Generated<Date>;
  expired_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** Who acknowledged an alert, and when (migration 0004). */
export interface AlertAcksTable {
  id: Generated<number>;
  alert_id: string;
  acked_by: string;
  acked_at: Timestamp;
  comment: ColumnType<string, string | undefined, string>;
}

/** An API token (migration 0005): its hash, never the token. */
export interface ApiTokensTable {
  id: string;
  name: string;
  hash: string;
  scopes: Json<string[]>;
  teams: ColumnType<string[] | null, string | null | undefined, string | null>;
  /** the services it sends telemetry of and changes (migration 0008); null: any */
  services: ColumnType<string[] | null, string | null | undefined, string | null>;
  created_by: string;
  created_at: Generated<Date>;
  expires_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  revoked_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  last_used_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** A local user (migration 0006): who may log in to the UI, with which role. */
export interface UsersTable {
  name: string;
  password_hash: string;
  role: string;
  teams: ColumnType<string[], string | undefined, string>;
  created_by: string;
  created_at: Generated<Date>;
}

/** A UI session (migration 0006): its cookie's hash, and the user or token it acts as. */
export interface SessionsTable {
  hash: string;
  user_name: string | null;
  token_id: string | null;
  created_at: Generated<Date>;
  expires_at: Timestamp;
}

/** One change made through the API (migration 0007). */
export interface AuditLogTable {
  id: Generated<string>;
  at: Generated<Date>;
  actor: string;
  actor_kind: string;
  action: string;
  target: string;
  before: ColumnType<unknown, string | null, never>;
  after: ColumnType<unknown, string | null, never>;
  request_id: ColumnType<string, string | undefined, never>;
}

export interface MetaSchema {
  services: ServicesTable;
  slo_rollups: SloRollupsTable;
  slo_status: SloStatusTable;
  alert_state: AlertStateTable;
  alert_transitions: AlertTransitionsTable;
  slo_engine: SloEngineTable;
  silences: SilencesTable;
  alert_acks: AlertAcksTable;
  api_tokens: ApiTokensTable;
  users: UsersTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
}
