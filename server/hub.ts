import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { serve, type ServerType } from '@hono/node-server';
import type { Hono } from 'hono';
import { collectorEntries } from '../collectors/index.js';
import { startOtlpGrpc, type OtlpGrpcServer } from '../collectors/otlp/grpc.js';
import { SeriesLimiter } from '../collectors/series-limit.js';
import type { AuthCheck, CollectorInstance } from '../collectors/types.js';
import { loadHubScorecards } from './adoption/load.js';
import { createAdoptionSnapshots } from './adoption/snapshot.js';
import { alertingWarnings } from './alerting/config.js';
import { createNotifier, type FanoutNotifier } from './alerting/fanout.js';
import { createRuleEvaluator, type RuleEvaluator } from './alerting/rules.js';
import { activeSilences } from './alerting/silences.js';
import { createApp, createIngestApp, type CollectorApp } from './api/app.js';
import { AppError } from './api/errors.js';
import { ensureAdminToken } from './auth/bootstrap.js';
import { authorize, type Authenticator } from './auth/guard.js';
import { createHubAuth, type HubAuth } from './auth/index.js';
import { checkRateLimit, createRateLimits, type HubRateLimits } from './auth/rate-limit.js';
import { ingestGrant } from './auth/tokens.js';
import { createOidcLogin } from './auth/oidc.js';
import { readiness } from './api/routes/health/readiness.js';
import { apiLimits } from './api/limits.js';
import { createServiceDiscovery } from './catalog/discover-services.js';
import { createCatalogSync } from './catalog/sync-catalog.js';
import type { Role } from './cli/roles.js';
import { authEnabled, ConfigError, type OctolensConfig } from './config/config.js';
import { createBudgetAlerts } from './cost/budgets.js';
import { loadCostRules, type CostRules } from './cost/rules.js';
import { createDashboards, type Dashboards } from './dashboards/index.js';
import { createDeliveryFacts, type DeliveryFacts } from './delivery/rollup.js';
import { createBatchWriter } from './ingest/writer.js';
import { leaseIntervalMs } from './lease/config.js';
import { createLease, inProcessLock, leaderJobs, postgresLock, type Lease } from './lease/index.js';
import { childLogger, type Logger } from './lib/log.js';
import { openMetaDb, type MetaDb } from './meta/index.js';
import { createEmbeddedQueue } from './queue/embedded.js';
import type { createRedisWorker } from './queue/redis-worker.js';
import type { DeadLetters } from './queue/redis-dead-letters.js';
import { evaluate } from './slo/evaluate/index.js';
import { createSloEngine, type SloEngine } from './slo/engine/index.js';
import { hubSpecLoader } from './slo/engine/specs.js';
import type { BatchHandler, IngestQueue } from './queue/types.js';
import { apiQueryLimits, backgroundQueryLimits } from './query/config.js';
import { openTelemetryStore, telemetryStoreParams, withQueryLimits, type TelemetryStore } from './storage/index.js';
import { createHubMetrics } from './telemetry/metrics.js';

export interface HubDeps {
  config: OctolensConfig;
  roles: Set<Role>;
  log: Logger;
  /** load the hub's own SLOs (slo-specs/octolens): it traces itself (server/telemetry/tracing.ts) as the service they name */
  ownSlos?: boolean;
  /** this replica's name in the leader lease; default host:pid */
  replicaId?: string;
}

export interface HubAddresses {
  api?: string;
  otlp?: string;
  otlpGrpc?: string;
}

/**
 * Wires the roles of one process: stores, queue, workers, HTTP servers. `stop()` closes
 * the listeners first, drains the queue, then closes the stores; safe twice.
 */
export function createHub({ config, roles, log, ownSlos = false, replicaId = `${hostname()}:${process.pid}` }: HubDeps) {
  const metrics = createHubMetrics();
  let store: TelemetryStore | undefined;
  let meta: MetaDb | undefined;
  let queue: IngestQueue | undefined;
  let redisWorker: ReturnType<typeof createRedisWorker> | undefined;
  let deadLetters: DeadLetters | undefined;
  let catalogSync: ReturnType<typeof createCatalogSync> | undefined;
  let notifier: FanoutNotifier | undefined;
  let sloEngine: SloEngine | undefined;
  let ruleEvaluator: RuleEvaluator | undefined;
  // read once at start: a broken rules file stops the hub (file:line:column) before anything opens
  let costRules: CostRules | undefined;
  let deliveryFacts: DeliveryFacts | undefined;
  let lease: Lease | undefined;
  let dashboards: Dashboards | undefined;
  let auth: HubAuth | undefined;
  const running: CollectorInstance[] = [];
  const servers: ServerType[] = [];
  let grpc: OtlpGrpcServer | undefined;
  let stopping: Promise<void> | undefined;

  // /readyz names each store of this process that does not answer: a worker asks all three, a
  // collector alone only Redis (its requests are answered once they are jobs there). An api
  // alone reads Redis only for the dead-letter list, so a Redis outage leaves its UI in service.
  const queueRoles = roles.has('collector') || roles.has('worker');
  const isReady = readiness(() => [
    store && { name: 'ClickHouse', answers: () => store!.ping() },
    meta && { name: config.databaseUrl ? 'PostgreSQL' : 'PGlite', answers: () => meta!.selectFrom('services').select('name').limit(1).execute().then(() => true) },
    queueRoles && deadLetters ? { name: 'Redis', answers: () => deadLetters!.answers() } : undefined,
  ]);

  // The API reaches the engine and rule evaluator of the current term, when this replica leads.
  const leaderSlo = () =>
    lease && {
      reload: () => {
        if (!lease?.isLeader() || !sloEngine) throw new AppError('unavailable', `the SLO engine runs in the worker replica holding the leader lease, not in this one (${replicaId}); it reloads on its own when the spec directory changes`);
        return sloEngine.reload();
      },
    };
  const leaderRules = () => lease && { status: () => (lease?.isLeader() && ruleEvaluator ? ruleEvaluator.status() : []) };

  async function listen(app: Hono, port: number): Promise<string> {
    const server = await new Promise<ServerType>((resolve, reject) => {
      const s = serve({ fetch: app.fetch, port, hostname: config.host }, () => resolve(s));
      s.once('error', reject);
    });
    servers.push(server);
    const { port: bound } = server.address() as AddressInfo;
    return `http://${config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host}:${bound}`;
  }

  return {
    metrics,
    async start(): Promise<HubAddresses> {
      // A process apart from the api must check tokens in the metadata store the api keeps
      // them in, not in a PGlite of its own; said before anything opens.
      if (authEnabled(config) && !roles.has('api') && !config.databaseUrl) {
        throw new ConfigError(`with authentication on, a ${[...roles].join(',')} process apart from the api checks API tokens in the metadata store they share: set DATABASE_URL (PostgreSQL), or OCTOLENS_AUTH=off where only trusted senders reach it`);
      }
      if (roles.has('worker') || roles.has('api')) costRules = loadCostRules(config.cost.rulesFile);
      // Checked before anything opens: a broken scorecard file stops the start with file:line.
      const scorecards = roles.has('api') ? loadHubScorecards(config.adoption.scorecardsFile, log) : [];
      if (roles.has('worker') || roles.has('api')) {
        store = await openTelemetryStore({
          ...telemetryStoreParams(config),
          log,
          queryLimits: apiQueryLimits(config.query),
        });
        meta = await openMetaDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
        // a first derivation reads years of events: background bounds, for API reads waiting on it too
        deliveryFacts = createDeliveryFacts({
          store: withQueryLimits(store, backgroundQueryLimits(config.query)),
          log: childLogger(log, { job: 'dora-facts' }),
          linkWindowMs: config.dora.incidentLinkWindowMs,
          intervalMs: config.dora.factsIntervalMs,
        });
      }
      if (roles.has('worker')) {
        // The catalog's snapshots set services.team: at start and on the discovery interval (in the
        // leader, below), and in every worker right after a batch that stored one, before its upload is answered.
        catalogSync = createCatalogSync({
          store: withQueryLimits(store!, backgroundQueryLimits(config.query)),
          meta: meta!,
          intervalMs: config.discoveryIntervalMs,
          onError: (error) => log.warn('catalog sync failed; retrying at the next interval', { error }),
        });
      }
      // The worker's handler: stores a batch, then lets the catalog set services.team from it.
      const storeBatch = (writer: ReturnType<typeof createBatchWriter>): BatchHandler => async (batch) => {
        const results = await writer(batch);
        if (batch.requests.some((r) => r.parts.some((p) => p.table === 'catalog_snapshots'))) await catalogSync?.pass();
        return results;
      };
      if (config.redis.url) {
        // REDIS_URL: whatever the roles, the queue is BullMQ (docs/architecture.md, "The Redis queue").
        // loaded only here: BullMQ and ioredis cost an embedded hub ~13 MiB of RSS it never uses (bench/idle-memory)
        const [{ createRedisQueue }, { createRedisWorker }, { openDeadLetters }, { registerRedisQueueMetrics }] = await Promise.all([
          import('./queue/redis.js'),
          import('./queue/redis-worker.js'),
          import('./queue/redis-dead-letters.js'),
          import('./queue/redis-metrics.js'),
        ]);
        const redisConfig = { url: config.redis.url, name: config.redis.queueName, maxRows: config.queue.maxRows, maxBytes: config.queue.maxBytes, dedupWindowMs: config.queue.dedupWindowMs, attempts: config.redis.attempts };
        deadLetters = openDeadLetters(config.redis.url, config.redis.queueName);
        const queueMetrics = registerRedisQueueMetrics(metrics.registry, deadLetters.gauges);
        if (roles.has('collector')) {
          queue = createRedisQueue(redisConfig);
          await queue.start();
          metrics.watchQueue(queue.depth);
        }
        if (roles.has('worker')) {
          redisWorker = createRedisWorker(
            { ...redisConfig, concurrency: config.queue.concurrency, backoffMs: config.redis.backoffMs, batchRows: config.queue.batchRows, batchBytes: config.queue.batchBytes },
            {
              handler: storeBatch(createBatchWriter({ store: store!, metrics })),
              onJob: (job, seconds, outcome, detail) => {
                queueMetrics.jobs.inc({ outcome });
                if (outcome === 'stored') metrics.batchSeconds.observe({ outcome }, seconds);
                // the sender was answered when the job was queued: a refusal can only be logged and counted
                for (const r of detail?.refused ?? []) {
                  queueMetrics.refusedRows.inc({ table: r.table }, r.rows);
                  log.warn('rows of a queued request refused by the store', { job: job.id, key: job.key, table: r.table, rows: r.rows, reason: r.message });
                }
                if (outcome === 'failed') log.warn('queue job not stored yet; retrying', { job: job.id, error: detail?.error });
                if (outcome === 'dead') log.error('queue job moved to the dead-letter queue (octolens queue replay puts it back)', { job: job.id, key: job.key, error: detail?.error });
              },
            },
          );
          await redisWorker.start();
        }
      } else if (roles.has('collector') && roles.has('worker')) {
        queue = createEmbeddedQueue(config.queue, {
          handler: storeBatch(createBatchWriter({ store: store!, metrics })),
          onBatch: (batch, seconds, error) => {
            metrics.batchSeconds.observe({ outcome: error ? 'failed' : 'stored' }, seconds);
            if (error) log.error('batch not stored yet: its requests were answered 503; retrying', { batch: batch.id, error });
          },
        });
        await queue.start();
        metrics.watchQueue(queue.depth);
      }
      if (roles.has('worker')) {
        // Background jobs scan whole SLO periods: a longer timeout than API reads, same memory and row bounds.
        const background = withQueryLimits(store!, backgroundQueryLimits(config.query));
        const silenceStore = meta!;
        notifier = createNotifier(config.alerting, log, { publicUrl: config.publicUrl, resendIntervalMs: config.sloIntervalMs, silences: (nowMs) => activeSilences(silenceStore, nowMs) });
        if (notifier.targets.length > 0) log.info('alert notifications', { targets: notifier.targets.join(', ') });
        for (const w of alertingWarnings(config.alerting, config.publicUrl)) log.warn(w.message, { explain: w.explain });
        const alerts = notifier;
        // Every scheduled job runs only in the replica holding the lease; the queue is drained by every
        // worker. One lease for all of them, not one per job: they read and write the same metadata
        // (the SLO engine hands the rules their alert rules, discovery and the catalog share services),
        // and one leader keeps a single answer to "where do the jobs run?".
        const jobs = leaderJobs(() => {
          const rules = createRuleEvaluator({ store: background, notifier: alerts, rules: [], intervalMs: config.sloIntervalMs, log });
          ruleEvaluator = rules;
          // The spec directory holds SLOs and alert rules: each load hands the rules over.
          sloEngine = createSloEngine({
            store: background,
            meta: meta!,
            log,
            dir: config.sloDir,
            intervalMs: config.sloIntervalMs,
            evaluate,
            notifier: alerts,
            loadSpecs: hubSpecLoader({ examples: config.examples, ownSlos }),
            onLoad: (specs) => rules.setRules(specs.rules),
          });
          return [
            catalogSync!,
            createServiceDiscovery({ store: background, meta: meta!, intervalMs: config.discoveryIntervalMs, onError: (error) => log.warn('service discovery failed', { error }) }),
            sloEngine,
            rules,
            createBudgetAlerts({ store: background, meta: meta!, rules: costRules!, notifier: alerts, intervalMs: config.cost.budgetIntervalMs, log: childLogger(log, { job: 'cost-budgets' }) }),
            deliveryFacts!,
            // Today's adoption facts (the Platform lens's trend): at start and every interval.
            createAdoptionSnapshots({ store: background, meta: meta!, intervalMs: config.adoption.intervalMs, log: childLogger(log, { job: 'adoption' }) }),
          ];
        });
        const intervalMs = leaseIntervalMs(config.lease, [config.discoveryIntervalMs, config.sloIntervalMs, config.cost.budgetIntervalMs, config.dora.factsIntervalMs, config.adoption.intervalMs]);
        // PGlite is one process, so it always leads; PostgreSQL is what every worker replica shares.
        const lock = config.databaseUrl ? postgresLock({ databaseUrl: config.databaseUrl, key: config.lease.key, id: replicaId, intervalMs }) : inProcessLock(replicaId);
        lease = createLease({ lock, id: replicaId, intervalMs, log: childLogger(log, { job: 'lease' }) });
        lease.onChange(jobs.onChange);
        const leading = lease;
        metrics.watchLeader(() => leading.isLeader());
        await lease.start();
      }
      if (authEnabled(config)) {
        // every role checks tokens, a collector alone too: it opens the metadata store for them
        meta ??= await openMetaDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
        // the config requires OCTOLENS_PUBLIC_URL with OIDC: the IdP's redirect back goes there
        const oidc = config.auth.oidc && createOidcLogin(config.auth.oidc, { publicUrl: config.publicUrl! });
        auth = createHubAuth(meta, { metricsPublic: config.auth.metricsPublic, sessionTtlMs: config.auth.sessionHours * 3_600_000, oidc });
        if (roles.has('api') || config.auth.bootstrapToken !== undefined) await ensureAdminToken(auth.tokens, config.auth.bootstrapToken, log);
      } else {
        log.warn('AUTHENTICATION IS OFF: anyone who can reach these ports can read every log and trace and change SLOs, silences and tokens', {
          explain: 'the default only while ClickHouse, the queue and the metadata store are all embedded (a laptop); set OCTOLENS_AUTH=on before the hub is reachable from a network (docs/security.md)',
        });
      }
      if (roles.has('api')) {
        // a broken file is reported (GET /api/v1/dashboards, the log), never a failed start: teams edit these live
        dashboards = createDashboards({ dir: config.dashboardsDir, log: childLogger(log, { job: 'dashboards' }) });
        await dashboards.start();
      }
      const collectorApps: CollectorApp[] = [];
      // one for OTLP/HTTP, OTLP/gRPC and remote_write: a metric's series count the same whichever way they come
      const seriesLimiter = new SeriesLimiter(config.metricSeries);
      metrics.watchSeries(() => seriesLimiter.activeSeries);
      if (queue) {
        for (const [name, collector] of collectorEntries) {
          const instance = collector.create(config.collectors[name], {
            queue,
            counters: metrics.counters,
            log: childLogger(log, { collector: name }),
            seriesLimiter,
          });
          for (const w of collector.warnings?.(config.collectors[name], { hubAuth: auth !== undefined }) ?? []) log.warn(w.message, { collector: name, explain: w.explain });
          await instance.start?.();
          running.push(instance);
          if (instance.routes) collectorApps.push({ routes: instance.routes, authenticatesSenders: instance.authenticatesSenders });
        }
      }
      // one set for both ports and gRPC, so a token's budget is the same wherever it sends
      const rateLimits = createRateLimits(config.auth.rateLimits, { refused: (kind) => metrics.rateLimited.inc({ kind }) });
      const addresses: HubAddresses = {};
      // Every process listens on OCTOLENS_PORT, a worker alone too: there it serves only
      // /healthz, /readyz and /metrics (createApp mounts the rest per role), for probes and scrapes.
      const app = createApp({
        store: roles.has('api') ? store : undefined,
        meta: roles.has('api') ? meta : undefined,
        slo: roles.has('api') ? leaderSlo() : undefined,
        rules: roles.has('api') ? leaderRules() : undefined,
        metrics,
        collectorApps,
        webDir: roles.has('api') ? config.webDir : undefined,
        isReady,
        scorecards,
        dashboards,
        ingest: { otlp: { httpPort: config.otlpPort, grpcPort: config.otlpGrpcPort } },
        limits: apiLimits(config.query),
        dora: config.dora,
        deliveryFacts: roles.has('api') ? deliveryFacts : undefined,
        costRules: roles.has('api') ? costRules : undefined,
        business: config.business,
        deadLetters: roles.has('api') ? deadLetters : undefined,
        auth,
        rateLimits,
      });
      addresses.api = await listen(app, config.port);
      if (collectorApps.length > 0) {
        addresses.otlp = await listen(createIngestApp({ metrics, collectorApps, isReady, auth, rateLimits }), config.otlpPort);
      }
      if (queue) {
        grpc = await startOtlpGrpc(config.collectors.otlp, { queue, counters: metrics.counters, log: childLogger(log, { collector: 'otlp' }), seriesLimiter }, config.host, config.otlpGrpcPort, grpcAuthCheck(auth, rateLimits));
        addresses.otlpGrpc = `${config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host}:${grpc.port}`;
      }
      return addresses;
    },
    stop(): Promise<void> {
      stopping ??= (async () => {
        await Promise.all([...servers.map((s) => new Promise<void>((r) => s.close(() => r()))), grpc?.stop()]);
        for (const instance of running) await instance.stop?.();
        await queue?.stop();
        await redisWorker?.stop();
        await deadLetters?.close();
        // stops the scheduled jobs before the lease is released, so the next leader never runs beside them
        await lease?.stop();
        await dashboards?.stop();
        await notifier?.drain();
        await store?.close();
        await meta?.destroy();
      })();
      return stopping;
    },
  };
}

/**
 * The OTLP/gRPC receiver's check: the HTTP guard's and the ingest rate limit's, their
 * AppErrors turned into refusals; else the grant of the sender's token, as grantIngest leaves
 * it on HTTP. The peer is `host:port` (grpc-js), charged by its host.
 */
function grpcAuthCheck(auth: Authenticator | undefined, limits: HubRateLimits): AuthCheck {
  return async (authorization, peer) => {
    try {
      const principal = auth && (await authorize(auth, authorization, 'ingest'));
      const limited = checkRateLimit(limits, 'ingest', principal, peer.replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1'));
      return limited ? { status: 429, message: limited.message, retryAfterSeconds: limited.retryAfterSeconds } : ingestGrant(principal);
    } catch (err) {
      if (err instanceof AppError && (err.code === 'unauthorized' || err.code === 'forbidden')) return { status: err.code === 'unauthorized' ? 401 : 403, message: err.message };
      throw err;
    }
  };
}
