import { readFileSync, existsSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { collectors } from '../../collectors/index.js';
import { DEFAULT_SCORECARDS_FILE } from '../adoption/scorecards.js';
import { DEFAULT_COST_RETENTION_DAYS, DEFAULT_DELIVERY_RETENTION_DAYS } from '../storage/migrate.js';
import { alertingConfigSchema, defaultAlertingConfig, publicUrlSchema } from '../alerting/config.js';
import { businessConfigSchema, defaultBusinessConfig } from '../query/business/config.js';
import { defaultQueryConfig, queryConfigSchema } from '../query/config.js';
import { defaultDoraConfig, doraConfigSchema } from '../query/delivery/config.js';
import { defaultLeaseConfig, leaseConfigSchema } from '../lease/config.js';
import { formatRateLimit, rateLimitsConfigSchema, type RateLimit } from '../auth/rate-limit-config.js';
import { oidcConfigSchema } from '../auth/oidc-config.js';

/**
 * Every setting, its env var and its default. The README's configuration table
 * lists the same rows; `configRows()` prints them for `octolens config`.
 */
type CollectorSchemas = { [N in keyof typeof collectors]: z.ZodPrefault<(typeof collectors)[N]['configSchema']> };

/** `collectors.<name>`: one entry per row of collectors/index.ts, each defaulted by its own schema. */
function collectorsSchema() {
  const shape = Object.fromEntries(Object.entries(collectors).map(([name, c]) => [name, c.configSchema.prefault({})]));
  return z
    .object(shape as unknown as CollectorSchemas)
    .strict()
    .prefault({} as z.input<z.ZodObject<CollectorSchemas>>);
}

const port = z.coerce.number().int().min(0).max(65535);
/** `true`/`false` in YAML; in an env var `true`, `false`, `1`, `0`, `yes`, `no` (any case) */
const flagWords: Record<string, boolean> = { true: true, '1': true, yes: true, false: false, '0': false, no: false };
const flag = z.preprocess((v) => (typeof v === 'string' ? (flagWords[v.trim().toLowerCase()] ?? v) : v), z.boolean({ error: (i) => `expected true or false, got ${JSON.stringify(i.input)}` }));
const positiveInt = z.coerce.number().int().min(1);

export const configSchema = z
  .object({
    host: z.string().default('0.0.0.0'),
    port: port.default(8080),
    otlpPort: port.default(4318),
    otlpGrpcPort: port.default(4317),
    dataDir: z.string().default('./data'),
    webDir: z.string().default('./web/dist'),
    logLevel: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
    clickhouseUrl: z.string().url().optional(),
    clickhouseDatabase: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a plain identifier').default('default'),
    clickhouseUser: z.string().min(1).default('default'),
    clickhousePassword: z.string().default(''),
    /** a cluster in the server's remote_servers: Replicated tables behind Distributed ones, DDL ON CLUSTER (server/storage/cluster-ddl.ts) */
    clickhouseCluster: z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]*$/, 'must be a cluster name from remote_servers (letters, digits, _ and -)').optional(),
    databaseUrl: z.string().optional(),
    retentionDays: z
      .object({
        traces: positiveInt.default(7),
        logs: positiveInt.default(7),
        metrics: positiveInt.default(30),
        delivery: positiveInt.default(DEFAULT_DELIVERY_RETENTION_DAYS),
        cost: positiveInt.default(DEFAULT_COST_RETENTION_DAYS),
      })
      .strict()
      .default({ traces: 7, logs: 7, metrics: 30, delivery: DEFAULT_DELIVERY_RETENTION_DAYS, cost: DEFAULT_COST_RETENTION_DAYS }),
    queue: z
      .object({
        maxRows: positiveInt.default(500_000),
        maxBytes: positiveInt.default(256 * 1024 * 1024),
        // A batch must stay one ClickHouse insert block (min_insert_block_size_rows/_bytes,
        // 1,048,449 rows / 256 MiB): then a refused insert wrote nothing (server/ingest/writer.ts).
        batchRows: positiveInt.max(1_000_000).default(50_000),
        batchBytes: positiveInt.max(256 * 1024 * 1024).default(32 * 1024 * 1024),
        flushIntervalMs: positiveInt.default(200),
        concurrency: positiveInt.default(2),
        dedupWindowMs: positiveInt.default(600_000),
      })
      .strict()
      .default({
        maxRows: 500_000,
        maxBytes: 256 * 1024 * 1024,
        batchRows: 50_000,
        batchBytes: 32 * 1024 * 1024,
        flushIntervalMs: 200,
        concurrency: 2,
        dedupWindowMs: 600_000,
      }),
    /** the scale-out queue (docs/architecture.md, "The Redis queue"): BullMQ on Redis when `url` is set */
    redis: z
      .object({
        url: z.string().url().optional(),
        queueName: z.string().regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only').default('octolens-ingest'),
        attempts: positiveInt.default(10),
        backoffMs: positiveInt.default(500),
      })
      .strict()
      .default({ queueName: 'octolens-ingest', attempts: 10, backoffMs: 500 }),
    /** each collector's own settings, validated by its schema (collectors/<name>/config.ts) */
    collectors: collectorsSchema(),
    /** bounds on active metric series per process, over OTLP and remote_write (collectors/series-limit.ts) */
    metricSeries: z
      .object({
        maxPerMetric: positiveInt.default(100_000),
        max: positiveInt.default(1_000_000),
      })
      .strict()
      .default({ maxPerMetric: 100_000, max: 1_000_000 }),
    discoveryIntervalMs: positiveInt.default(30_000),
    sloDir: z.string().default('./slo-specs'),
    /** dashboards as code (docs/dashboards.md): the API process loads and watches every YAML file under it */
    dashboardsDir: z.string().min(1).default('./dashboards'),
    /** load the bundled example SLOs and alert rules (slo-specs/examples) beside the user's */
    examples: flag.default(false),
    sloIntervalMs: z.coerce.number().int().min(1000).default(60_000),
    publicUrl: publicUrlSchema.optional(),
    alerting: alertingConfigSchema.default(defaultAlertingConfig()),
    query: queryConfigSchema.default(defaultQueryConfig()),
    dora: doraConfigSchema.default(defaultDoraConfig()),
    /** the Platform lens: scorecard file and how often the worker snapshots the adoption facts */
    adoption: z
      .object({
        scorecardsFile: z.string().min(1).default(DEFAULT_SCORECARDS_FILE),
        intervalMs: z.coerce.number().int().min(1000).default(3_600_000),
      })
      .strict()
      .default({ scorecardsFile: DEFAULT_SCORECARDS_FILE, intervalMs: 3_600_000 }),
    /** the cost API's view of the allocation rules (the same file the focus collector applies) */
    cost: z
      .object({
        rulesFile: z.string().min(1).optional(),
        /** how often the worker checks the team budgets' forecasts (alerts through the alerting targets) */
        budgetIntervalMs: z.coerce.number().int().min(1000).default(300_000),
      })
      .strict()
      .default({ budgetIntervalMs: 300_000 }),
    /** the Business lens: which OTLP metrics are KPIs */
    business: businessConfigSchema.default(defaultBusinessConfig()),
    /** the worker replicas' leader lease (server/lease): which one runs the scheduled jobs */
    lease: leaseConfigSchema.default(defaultLeaseConfig()),
    /** API tokens on every route but the probes (docs/security.md); `authEnabled()` applies the default */
    auth: z
      .object({
        mode: z.enum(['on', 'off'], { error: (i) => `expected on or off, got ${JSON.stringify(i.input)}` }).optional(),
        bootstrapToken: z.string().min(32, 'must be at least 32 characters: it is an admin credential (octolens token generate prints one)').optional(),
        metricsPublic: flag.default(false),
        sessionHours: z.coerce.number().positive().max(720).default(12),
        /** OpenID Connect single sign-on (server/auth/oidc.ts); absent, only local users and tokens log in */
        oidc: oidcConfigSchema.optional(),
        /** requests per token, user or client address (server/auth/rate-limit.ts); with auth off too */
        rateLimits: rateLimitsConfigSchema.prefault({}),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .superRefine((c, ctx) => {
    // Embedded chDB is one process, never a cluster: a cluster is reached through one of its servers.
    if (c.clickhouseCluster && !c.clickhouseUrl)
      ctx.addIssue({ code: 'custom', path: ['clickhouseCluster'], message: `set to ${JSON.stringify(c.clickhouseCluster)} without CLICKHOUSE_URL: a cluster is reached through one of its servers (set CLICKHOUSE_URL to one, or unset CLICKHOUSE_CLUSTER for embedded chDB)` });
    // the IdP sends the browser back to an address it was told beforehand, which the hub cannot guess behind a proxy
    if (c.auth.oidc && !c.publicUrl)
      ctx.addIssue({ code: 'custom', path: ['publicUrl'], message: 'required with OCTOLENS_OIDC_ISSUER: single sign-on registers <OCTOLENS_PUBLIC_URL>/api/v1/session/oidc/callback as its redirect URI at the IdP' });
  });

export type OctolensConfig = z.infer<typeof configSchema>;

/** OCTOLENS_AUTH, or by default: off only when every store is embedded (the quick start on one machine). */
export function authEnabled(config: Pick<OctolensConfig, 'auth' | 'clickhouseUrl' | 'databaseUrl' | 'redis'>): boolean {
  return config.auth.mode === undefined ? Boolean(config.clickhouseUrl || config.databaseUrl || config.redis.url) : config.auth.mode === 'on';
}

/** env var → config path. Standard names (CLICKHOUSE_URL, DATABASE_URL) stay unprefixed. */
/**
 * env var → config path. `also`: further paths the same value sets, for a setting several
 * collectors share (one repository → service map for GitHub, GitLab and the events API).
 */
/** a rate limit as its variable takes it, for `octolens config` */
const showRateLimit = (limit: RateLimit | null) => (limit ? formatRateLimit(limit) : 'off');

export const envVars: Record<string, { path: string[]; doc: string; also?: string[][]; show?: (value: never) => string }> = {
  OCTOLENS_HOST: { path: ['host'], doc: 'interface to listen on' },
  OCTOLENS_PORT: { path: ['port'], doc: 'UI, query API, webhooks (and OTLP/HTTP)' },
  OCTOLENS_OTLP_PORT: { path: ['otlpPort'], doc: 'OTLP/HTTP receiver' },
  OCTOLENS_OTLP_GRPC_PORT: { path: ['otlpGrpcPort'], doc: 'OTLP/gRPC receiver (the three Export services)' },
  OCTOLENS_DATA_DIR: { path: ['dataDir'], doc: 'embedded ClickHouse and PGlite data' },
  OCTOLENS_WEB_DIR: { path: ['webDir'], doc: 'built UI served at /' },
  OCTOLENS_LOG_LEVEL: { path: ['logLevel'], doc: 'debug, info, warn or error' },
  CLICKHOUSE_URL: { path: ['clickhouseUrl'], doc: 'ClickHouse server instead of embedded chDB, e.g. http://user:pass@host:8123' },
  CLICKHOUSE_DATABASE: { path: ['clickhouseDatabase'], doc: 'database on that server' },
  CLICKHOUSE_USER: { path: ['clickhouseUser'], doc: 'user on that server (credentials in CLICKHOUSE_URL win)' },
  CLICKHOUSE_PASSWORD: { path: ['clickhousePassword'], doc: "that user's password; a wrong one stops the hub at start" },
  CLICKHOUSE_CLUSTER: { path: ['clickhouseCluster'], doc: 'with CLICKHOUSE_URL: a cluster of that server (remote_servers); migrations run ON CLUSTER, tables are Replicated*MergeTree behind Distributed tables that inserts and reads use' },
  DATABASE_URL: { path: ['databaseUrl'], doc: 'PostgreSQL for metadata instead of embedded PGlite' },
  OCTOLENS_RETENTION_TRACES_DAYS: { path: ['retentionDays', 'traces'], doc: 'days spans are kept' },
  OCTOLENS_RETENTION_LOGS_DAYS: { path: ['retentionDays', 'logs'], doc: 'days log records are kept' },
  OCTOLENS_RETENTION_METRICS_DAYS: { path: ['retentionDays', 'metrics'], doc: 'days metric points are kept' },
  OCTOLENS_RETENTION_DELIVERY_DAYS: { path: ['retentionDays', 'delivery'], doc: 'days deployments, changes, incidents, raw webhook deliveries, catalog snapshots, daily adoption facts and the privacy report\'s daily counts are kept' },
  OCTOLENS_RETENTION_COST_DAYS: { path: ['retentionDays', 'cost'], doc: 'days FOCUS cost rows are kept from their import, whatever the age of their billing period' },
  OCTOLENS_QUEUE_MAX_ROWS: { path: ['queue', 'maxRows'], doc: 'rows accepted but not yet stored before OTLP gets 429' },
  OCTOLENS_QUEUE_MAX_BYTES: { path: ['queue', 'maxBytes'], doc: 'bytes accepted but not yet stored before OTLP gets 429' },
  OCTOLENS_BATCH_ROWS: { path: ['queue', 'batchRows'], doc: 'rows per insert' },
  OCTOLENS_BATCH_BYTES: { path: ['queue', 'batchBytes'], doc: 'bytes per insert' },
  OCTOLENS_FLUSH_INTERVAL_MS: { path: ['queue', 'flushIntervalMs'], doc: 'longest a partial batch waits while inserts run (with none running, or a fifth of OCTOLENS_BATCH_ROWS and a free insert slot, rows go at once)' },
  OCTOLENS_INSERT_CONCURRENCY: { path: ['queue', 'concurrency'], doc: 'batches inserted at once' },
  OCTOLENS_QUEUE_DEDUP_WINDOW_MS: { path: ['queue', 'dedupWindowMs'], doc: 'how long a stored request is remembered, so a client re-sending it byte for byte is answered without storing it twice' },
  REDIS_URL: { path: ['redis', 'url'], doc: 'Redis for the scale-out queue (BullMQ), e.g. redis://host:6379; collectors then acknowledge once a request is in Redis, and split roles share it' },
  OCTOLENS_QUEUE_NAME: { path: ['redis', 'queueName'], doc: 'BullMQ queue name in Redis (its dead letters go to <name>-dead)' },
  OCTOLENS_QUEUE_ATTEMPTS: { path: ['redis', 'attempts'], doc: 'attempts a Redis job gets before it moves to the dead-letter queue' },
  OCTOLENS_QUEUE_BACKOFF_MS: { path: ['redis', 'backoffMs'], doc: 'first retry delay of a failed Redis job; doubles each attempt, at most 60 s' },
  OCTOLENS_EVENTS_MAX_BODY_BYTES: { path: ['collectors', 'events', 'maxBodyBytes'], doc: 'largest POST /ingest/events body (413 past it)' },
  OCTOLENS_BUSINESS_MAX_BODY_BYTES: { path: ['collectors', 'business', 'maxBodyBytes'], doc: 'largest POST /ingest/business body (413 past it)' },
  OCTOLENS_PROMETHEUS_MAX_BODY_BYTES: { path: ['collectors', 'prometheus', 'maxBodyBytes'], doc: 'largest snappy-compressed Prometheus remote_write body at POST /api/v1/write (413 past it)' },
  OCTOLENS_PROMETHEUS_MAX_DECODED_BYTES: { path: ['collectors', 'prometheus', 'maxDecodedBytes'], doc: 'largest remote_write body once uncompressed, read from the snappy header before inflating (413 past it)' },
  OCTOLENS_REPO_SERVICES: {
    path: ['collectors', 'events', 'repoServices'],
    also: [['collectors', 'github', 'repoServices'], ['collectors', 'gitlab', 'repoServices'], ['collectors', 'cdevents', 'repoServices']],
    doc: 'repository → service, as repo=service pairs separated by commas; a repository not listed is the service of its own name',
  },
  OCTOLENS_PRODUCTION_ENVIRONMENTS: {
    path: ['collectors', 'events', 'productionEnvironments'],
    also: [['collectors', 'github', 'productionEnvironments'], ['collectors', 'gitlab', 'productionEnvironments'], ['collectors', 'cdevents', 'productionEnvironments']],
    doc: 'deployment environments that count as production, comma-separated (case-insensitive)',
  },
  OCTOLENS_GITHUB_WEBHOOK_SECRET: {
    path: ['collectors', 'github', 'webhookSecret'],
    doc: 'the GitHub webhook secret; when set, a delivery without a matching X-Hub-Signature-256 gets 401',
  },
  OCTOLENS_GITHUB_MAX_BODY_BYTES: { path: ['collectors', 'github', 'maxBodyBytes'], doc: 'largest POST /ingest/github body (413 past it; GitHub sends at most 25 MB)' },
  OCTOLENS_INCIDENT_LABELS: {
    path: ['collectors', 'github', 'incidentLabels'],
    also: [['collectors', 'gitlab', 'incidentLabels']],
    doc: 'issue labels that make an issue an incident, comma-separated (case-insensitive)',
  },
  OCTOLENS_GITLAB_WEBHOOK_TOKEN: {
    path: ['collectors', 'gitlab', 'webhookToken'],
    doc: "the GitLab webhook's secret token; when set, a delivery without a matching X-Gitlab-Token gets 401",
  },
  OCTOLENS_GITLAB_MAX_BODY_BYTES: { path: ['collectors', 'gitlab', 'maxBodyBytes'], doc: 'largest POST /ingest/gitlab body (413 past it)' },
  OCTOLENS_PAGERDUTY_WEBHOOK_SECRET: {
    path: ['collectors', 'pagerduty', 'webhookSecret'],
    doc: "the PagerDuty webhook subscription's signing secret; when set, a delivery without a matching v1 signature in X-PagerDuty-Signature gets 401",
  },
  OCTOLENS_PAGERDUTY_SERVICES: {
    path: ['collectors', 'pagerduty', 'serviceMap'],
    doc: 'PagerDuty service (name or id) → Octolens service, as pairs separated by commas; a service not listed keeps its PagerDuty name',
  },
  OCTOLENS_PAGERDUTY_MAX_BODY_BYTES: { path: ['collectors', 'pagerduty', 'maxBodyBytes'], doc: 'largest POST /ingest/pagerduty body (413 past it; PagerDuty sends at most 256 KB)' },
  OCTOLENS_CDEVENTS_TOKEN: {
    path: ['collectors', 'cdevents', 'token'],
    doc: 'bearer token for POST /ingest/cdevents; when set, a request without Authorization: Bearer <token> gets 401',
  },
  OCTOLENS_CDEVENTS_SERVICES: {
    path: ['collectors', 'cdevents', 'serviceMap'],
    doc: 'CDEvents service subject id → Octolens service, as id=service pairs separated by commas; an id not listed is the service name',
  },
  OCTOLENS_CDEVENTS_MAX_BODY_BYTES: { path: ['collectors', 'cdevents', 'maxBodyBytes'], doc: 'largest POST /ingest/cdevents body (413 past it)' },
  OCTOLENS_CATALOG_MAX_BODY_BYTES: { path: ['collectors', 'catalog', 'maxBodyBytes'], doc: 'largest POST /ingest/catalog body (413 past it)' },
  OCTOLENS_BACKSTAGE_URL: { path: ['collectors', 'catalog', 'backstageUrl'], doc: 'a Backstage backend base URL; when set, its /api/catalog/entities is pulled on an interval' },
  OCTOLENS_BACKSTAGE_TOKEN: { path: ['collectors', 'catalog', 'backstageToken'], doc: 'bearer token for the Backstage catalog API' },
  OCTOLENS_BACKSTAGE_INTERVAL_MS: { path: ['collectors', 'catalog', 'backstageIntervalMs'], doc: 'how often the Backstage catalog is pulled' },
  OCTOLENS_BACKSTAGE_PAGE_SIZE: { path: ['collectors', 'catalog', 'backstagePageSize'], doc: 'entities per page of the Backstage pull' },
  OCTOLENS_COST_RULES: {
    path: ['collectors', 'focus', 'rulesFile'],
    also: [['cost', 'rulesFile'], ['collectors', 'opencost', 'rulesFile']],
    doc: 'cost allocation rules, a YAML file: tag keys and aliases per team/service/environment, explicit rules, shared costs (docs/cost.md)',
  },
  OCTOLENS_OPENCOST_URL: { path: ['collectors', 'opencost', 'url'], doc: "OpenCost's API base URL; when set, /allocation is pulled on an interval into cost_items, one import per day" },
  OCTOLENS_OPENCOST_INTERVAL_MS: { path: ['collectors', 'opencost', 'intervalMs'], doc: 'how often OpenCost is pulled' },
  OCTOLENS_OPENCOST_DAYS: { path: ['collectors', 'opencost', 'days'], doc: 'days pulled from OpenCost each time, today included' },
  OCTOLENS_OPENCOST_AGGREGATE: { path: ['collectors', 'opencost', 'aggregate'], doc: "OpenCost's aggregate parameter" },
  OCTOLENS_OPENCOST_CURRENCY: { path: ['collectors', 'opencost', 'currency'], doc: 'the currency OpenCost reports in' },
  OCTOLENS_COST_BUDGET_INTERVAL_MS: { path: ['cost', 'budgetIntervalMs'], doc: 'how often the worker checks the team budgets of OCTOLENS_COST_RULES against their month-end forecast (an alert when it overruns)' },
  OCTOLENS_COST_BATCH_ROWS: { path: ['collectors', 'focus', 'batchRows'], doc: 'rows per queue request while a FOCUS file is imported' },
  OCTOLENS_COST_MAX_QUEUE_WAIT_MS: { path: ['collectors', 'focus', 'maxQueueWaitMs'], doc: 'how long a FOCUS import waits for a full queue before it is refused 429' },
  OCTOLENS_OTLP_MAX_BODY_BYTES: { path: ['collectors', 'otlp', 'maxBodyBytes'], doc: 'largest OTLP request after decompression (413 past it)' },
  OCTOLENS_OTLP_MAX_COMPRESSED_BODY_BYTES: { path: ['collectors', 'otlp', 'maxCompressedBodyBytes'], doc: 'largest gzip/deflate OTLP request as received (413 past it)' },
  OCTOLENS_OTLP_MAX_ATTRIBUTE_KEY_BYTES: { path: ['collectors', 'otlp', 'maxAttributeKeyBytes'], doc: 'longest attribute key in UTF-8 bytes; an OTLP item with a longer one is refused (partial success)' },
  OCTOLENS_OTLP_MAX_ATTRIBUTE_VALUE_BYTES: { path: ['collectors', 'otlp', 'maxAttributeValueBytes'], doc: 'longest attribute value (and span, event, metric name, status message…) in UTF-8 bytes; longer is refused' },
  OCTOLENS_OTLP_MAX_LOG_BODY_BYTES: { path: ['collectors', 'otlp', 'maxLogBodyBytes'], doc: 'longest log record body in UTF-8 bytes; a longer record is refused' },
  OCTOLENS_OTLP_MAX_ATTRIBUTES: { path: ['collectors', 'otlp', 'maxAttributes'], doc: 'most attributes one span, log record, point, resource, scope, event or link may carry; an item with more is refused (partial success)' },
  OCTOLENS_SCRUB: { path: ['collectors', 'otlp', 'scrub', 'enabled'], doc: 'false: OTLP data is stored without scrubbing (credentials, e-mail addresses, card numbers are redacted before storage by default; docs/privacy.md)' },
  OCTOLENS_SCRUB_RULES: { path: ['collectors', 'otlp', 'scrub', 'rules'], doc: 'built-in scrubbing rules that run, comma-separated: keys (credential-named attributes), bearer, basic, jwt, email, card (Luhn-checked)' },
  OCTOLENS_SCRUB_KEYS: { path: ['collectors', 'otlp', 'scrub', 'keys'], doc: 'more attribute keys whose values are replaced by [REDACTED]: regular expressions separated by spaces, matched case-insensitively anywhere in the key' },
  OCTOLENS_SCRUB_PATTERNS: { path: ['collectors', 'otlp', 'scrub', 'patterns'], doc: 'more value rules: kind=regex pairs separated by spaces; each match in a string attribute value or log body becomes [REDACTED:kind]' },
  OCTOLENS_MAX_SERIES_PER_METRIC: { path: ['metricSeries', 'maxPerMetric'], doc: 'active series (a sample within the last hour) one metric name may have in a process, over OTLP and remote_write; the points of a new series past it are refused (partial success, remote_write 400) and counted as series_limit' },
  OCTOLENS_MAX_SERIES: { path: ['metricSeries', 'max'], doc: 'active series of all metrics together in a process; bounds the memory the limit takes (~30 bytes a series)' },
  OCTOLENS_DISCOVERY_INTERVAL_MS: { path: ['discoveryIntervalMs'], doc: 'how often new services are recorded in the catalog' },
  OCTOLENS_SLO_DIR: { path: ['sloDir'], doc: 'SLO spec directory the worker loads and watches' },
  OCTOLENS_EXAMPLES: { path: ['examples'], doc: 'true: also load the example SLOs and alert rules of slo-specs/examples (as `octolens start --examples`); off by default, they attach to any service named like theirs' },
  OCTOLENS_DASHBOARDS_DIR: { path: ['dashboardsDir'], doc: 'dashboards-as-code directory the API loads and watches (YAML, docs/dashboards.md); teams add their own files there' },
  OCTOLENS_SLO_INTERVAL_MS: { path: ['sloIntervalMs'], doc: 'how often SLOs are rolled up and evaluated' },
  OCTOLENS_SCORECARDS: { path: ['adoption', 'scorecardsFile'], doc: 'scorecard YAML file (checks over the adoption facts, with levels), validated at start (docs/adoption.md)' },
  OCTOLENS_ADOPTION_INTERVAL_MS: { path: ['adoption', 'intervalMs'], doc: "how often the worker re-takes today's adoption facts snapshot" },
  OCTOLENS_PUBLIC_URL: { path: ['publicUrl'], doc: 'the address users open the hub at, for links in notifications' },
  OCTOLENS_ALERTMANAGER_URL: { path: ['alerting', 'alertmanagerUrls'], doc: 'Alertmanager base URLs, comma-separated; alerts go to each (API v2)' },
  OCTOLENS_ALERT_WEBHOOK_URL: { path: ['alerting', 'webhookUrl'], doc: 'generic JSON webhook for alert changes' },
  OCTOLENS_SLACK_WEBHOOK_URL: { path: ['alerting', 'slackWebhookUrl'], doc: 'Slack incoming webhook for alert changes' },
  OCTOLENS_QUERY_TIMEOUT_SECONDS: { path: ['query', 'timeoutSeconds'], doc: 'longest an API query may run (max_execution_time)' },
  OCTOLENS_QUERY_MAX_MEMORY_BYTES: { path: ['query', 'maxMemoryBytes'], doc: 'most memory one query may use (max_memory_usage)' },
  OCTOLENS_QUERY_MAX_RESULT_ROWS: { path: ['query', 'maxResultRows'], doc: 'most rows one query may return (max_result_rows; an error past it, never a cut result)' },
  OCTOLENS_QUERY_MAX_ROWS_TO_READ: { path: ['query', 'maxRowsToRead'], doc: 'most rows an API query may scan (max_rows_to_read; 422 past it); SLO and alert rule queries are bounded by their timeout instead' },
  OCTOLENS_QUERY_MAX_RANGE_DAYS: { path: ['query', 'maxRangeDays'], doc: 'longest from/to of a telemetry search (400 past it)' },
  OCTOLENS_QUERY_MAX_LONG_RANGE_DAYS: { path: ['query', 'maxLongRangeDays'], doc: 'longest from/to of a long-horizon figure such as DORA or cost' },
  OCTOLENS_TRACE_MAX_SPANS: { path: ['query', 'traceMaxSpans'], doc: 'spans GET /api/v1/traces/:id returns; a longer trace is marked truncated' },
  OCTOLENS_QUERY_MAX_SERIES: { path: ['query', 'maxSeries'], doc: 'series a metrics groupBy may make (422 past it)' },
  OCTOLENS_BACKGROUND_QUERY_TIMEOUT_SECONDS: { path: ['query', 'backgroundTimeoutSeconds'], doc: 'longest an SLO engine or alert rule query may run' },
  OCTOLENS_INCIDENT_LINK_WINDOW: { path: ['dora', 'incidentLinkWindowMs'], doc: 'how long before an incident opens a deployment of the same service may be its cause when the incident names none (24h, 90m, 2d or ms)' },
  OCTOLENS_DORA_TARGETS: { path: ['dora', 'targets'], doc: 'the organisation\'s own DORA targets, shown beside the published clusters: metric=target pairs, e.g. deploymentFrequency=1/day,leadTime=2d,changeFailureRate=15%,recovery=4h,reworkRate=10%' },
  OCTOLENS_DORA_FACTS_INTERVAL: { path: ['dora', 'factsIntervalMs'], doc: 'how often the worker derives the DORA facts of services with new delivery events (30s, 5m or ms; reads that find the facts behind derive them first)' },
  OCTOLENS_LEASE_KEY: { path: ['lease', 'key'], doc: 'PostgreSQL advisory lock key of the leader lease: the one worker replica holding it runs the scheduled jobs (SLOs, rules, discovery, catalog, budgets, DORA facts, adoption)' },
  OCTOLENS_LEASE_INTERVAL_MS: { path: ['lease', 'intervalMs'], doc: 'how often worker replicas try the leader lease, which bounds failover; default a quarter of the shortest job interval, 1–15 s' },
  OCTOLENS_AUTH: { path: ['auth', 'mode'], doc: 'on: every route but /healthz and /readyz takes an API token (Authorization: Bearer); off: all open, with a warning at start. Default off when ClickHouse, the queue and the metadata store are all embedded, else on' },
  OCTOLENS_BOOTSTRAP_TOKEN: { path: ['auth', 'bootstrapToken'], doc: 'with auth on: an admin API token the hub adds at start (once), for deploys that provision their first credential; without it, a hub with no token prints a one-time admin token' },
  OCTOLENS_SESSION_HOURS: { path: ['auth', 'sessionHours'], doc: 'how long a UI login lasts before the user logs in again' },
  OCTOLENS_OIDC_ISSUER: { path: ['auth', 'oidc', 'issuer'], doc: 'OpenID Connect single sign-on: the IdP\'s issuer URL (or its /.well-known/openid-configuration); the login page offers "Log in with SSO". Needs OCTOLENS_PUBLIC_URL and OCTOLENS_OIDC_CLIENT_ID' },
  OCTOLENS_OIDC_CLIENT_ID: { path: ['auth', 'oidc', 'clientId'], doc: 'the client id the hub is registered under at the IdP' },
  OCTOLENS_OIDC_CLIENT_SECRET: { path: ['auth', 'oidc', 'clientSecret'], doc: 'its client secret (client_secret_basic); unset: a public client, PKCE alone' },
  OCTOLENS_OIDC_SCOPES: { path: ['auth', 'oidc', 'scopes'], doc: 'scopes asked for, space-separated; must include openid' },
  OCTOLENS_OIDC_GROUPS_CLAIM: { path: ['auth', 'oidc', 'groupsClaim'], doc: 'the ID token or userinfo claim holding the person\'s groups (a dotted path such as realm_access.roles when no claim has that name)' },
  OCTOLENS_OIDC_ADMIN_GROUPS: { path: ['auth', 'oidc', 'adminGroups'], doc: 'IdP groups whose members are admins, comma-separated' },
  OCTOLENS_OIDC_EDITOR_GROUPS: { path: ['auth', 'oidc', 'editorGroups'], doc: 'IdP groups whose members are editors, comma-separated; anyone else who logs in is a viewer' },
  OCTOLENS_OIDC_TEAM_GROUPS: { path: ['auth', 'oidc', 'teamGroups'], doc: 'how groups name teams, comma-separated: team-* (group team-payments is team payments) or group=team' },
  OCTOLENS_OIDC_NAME: { path: ['auth', 'oidc', 'name'], doc: 'the IdP\'s name on the login page\'s button ("Log in with Okta")' },
  OCTOLENS_METRICS_PUBLIC: { path: ['auth', 'metricsPublic'], doc: 'true: GET /metrics needs no token with auth on (a scraper on a trusted network)' },
  OCTOLENS_RATE_LIMIT_INGEST: { path: ['auth', 'rateLimits', 'ingest'], doc: 'ingest requests (OTLP/HTTP and gRPC, remote_write, webhooks) per token, or per client address without one: <n>/<s|min|h>[,burst=<n>]; 0 or off: none. Past it 429 with Retry-After', show: showRateLimit },
  OCTOLENS_RATE_LIMIT_API: { path: ['auth', 'rateLimits', 'api'], doc: 'query API requests per token, UI user, or client address without one (same format); past it 429 with Retry-After', show: showRateLimit },
  OCTOLENS_RATE_LIMIT_LOGIN: { path: ['auth', 'rateLimits', 'login'], doc: 'failed UI logins (POST /api/v1/session) per client address and per user name (same format); past it 429, the right password too', show: showRateLimit },
  OCTOLENS_TRUSTED_PROXIES: { path: ['auth', 'rateLimits', 'trustedProxies'], doc: 'proxies whose X-Forwarded-For names the client, for the per-address rate limits: addresses, CIDR ranges or loopback, linklocal, uniquelocal, comma-separated; unset, the peer is the client' },
  OCTOLENS_BUSINESS_METRIC_PREFIX: { path: ['business', 'metricPrefix'], doc: 'OTLP metrics whose name starts with this are business KPIs (GET /api/v1/business, the Business lens)' },
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    node[key] ??= {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]!] = value;
}

export interface LoadConfigParams {
  env?: NodeJS.ProcessEnv;
  /** optional YAML file; env vars win over it, flags win over both */
  file?: string;
  overrides?: Record<string, unknown>;
}

/** Reads octolens.yaml (if present), then env vars, then overrides; exits with a clear line on error. */
export function loadConfig({ env = process.env, file = 'octolens.yaml', overrides = {} }: LoadConfigParams = {}): OctolensConfig {
  const raw: Record<string, unknown> = {};
  if (existsSync(file)) {
    const parsed = parseYaml(readFileSync(file, 'utf8')) as unknown;
    if (parsed && typeof parsed === 'object') Object.assign(raw, parsed);
  }
  for (const [name, { path, also = [] }] of Object.entries(envVars)) {
    const value = env[name];
    if (value !== undefined && value !== '') for (const p of [path, ...also]) setPath(raw, p, value);
  }
  for (const [key, value] of Object.entries(overrides)) if (value !== undefined) raw[key] = value;
  const result = configSchema.safeParse(raw);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const path = issue.path.map(String);
      const envName = Object.entries(envVars).find(([, v]) => [v.path, ...(v.also ?? [])].some((p) => p.join('.') === path.join('.')))?.[0];
      const where = envName ? `${envName} (${path.join('.')})` : `"${path.join('.')}"`;
      return `${where}: ${issue.message}`;
    });
    throw new ConfigError(`invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  return result.data;
}
