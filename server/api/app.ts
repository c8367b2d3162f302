import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type Context } from 'hono';
import { requestId } from 'hono/request-id';
import type { Scorecard } from '../adoption/scorecards.js';
import type { RuleEvaluator } from '../alerting/rules.js';
import type { CostRules } from '../cost/rules.js';
import type { Dashboards } from '../dashboards/index.js';
import { createDeliveryFacts, type DeliveryFacts } from '../delivery/rollup.js';
import type { MetaDb } from '../meta/index.js';
import type { BusinessConfig } from '../query/business/config.js';
import { defaultDoraConfig, type DoraConfig } from '../query/delivery/config.js';
import type { SloEngine } from '../slo/engine/index.js';
import type { TelemetryStore } from '../storage/index.js';
import type { IngestInfoResult } from '../../shared/api.js';
import type { HubMetrics } from '../telemetry/metrics.js';
import type { CollectorInstance } from '../../collectors/types.js';
import { grantIngest, requireScope } from '../auth/guard.js';
import type { HubAuth } from '../auth/index.js';
import { loginRateLimit, rateLimit, type HubRateLimits } from '../auth/rate-limit.js';
import { createTokenStore } from '../auth/tokens.js';
import { createUserStore } from '../auth/users.js';
import type { TokenScope } from '../../shared/api.js';
import { traceRequests } from '../telemetry/tracing.js';
import { uiSecurityHeaders } from './ui-headers.js';
import { AppError, renderError } from './errors.js';
import { defaultApiLimits, type ApiLimits } from './limits.js';
import { adoptionRoutes } from './routes/adoption/index.js';
import { alertsRoutes } from './routes/alerts/index.js';
import { auditRoutes } from './routes/audit/index.js';
import { catalogRoutes } from './routes/catalog/index.js';
import { costRoutes } from './routes/cost/index.js';
import { privacyRoutes } from './routes/privacy/index.js';
import { dashboardsRoutes } from './routes/dashboards/index.js';
import { dependenciesRoutes } from './routes/dependencies/index.js';
import { doraRoutes } from './routes/dora/index.js';
import { businessRoutes } from './routes/business/index.js';
import { eventsRoutes } from './routes/events/index.js';
import { healthRoutes } from './routes/health/index.js';
import type { Readiness } from './routes/health/readiness.js';
import { hostsRoutes } from './routes/hosts/index.js';
import { incidentsRoutes } from './routes/incidents/index.js';
import { ingestRoutes } from './routes/ingest/index.js';
import { queueRoutes } from './routes/queue/index.js';
import type { DeadLetters } from '../queue/redis-dead-letters.js';
import { logsRoutes } from './routes/logs/index.js';
import { metricsRoutes } from './routes/metrics/index.js';
import { servicesRoutes } from './routes/services/index.js';
import { silencesRoutes } from './routes/silences/index.js';
import { slosRoutes } from './routes/slos/index.js';
import { sessionRoutes } from './routes/session/index.js';
import { tokensRoutes } from './routes/tokens/index.js';
import { usersRoutes } from './routes/users/index.js';
import { tracesRoutes } from './routes/traces/index.js';

/** What the query routes need. */
export interface ApiDeps {
  store: TelemetryStore;
  meta: MetaDb;
  /** the SLO engine, when this process runs it (worker role): POST /slos/reload needs it */
  slo?: Pick<SloEngine, 'reload'>;
  /** the alert rule evaluator, when this process runs it: /alerts lists its alerts too */
  rules?: Pick<RuleEvaluator, 'status'>;
  /** range cap, trace span limit, series limit (OCTOLENS_QUERY_*); default `defaultApiLimits()` */
  limits: ApiLimits;
  /** DORA settings (OCTOLENS_INCIDENT_LINK_WINDOW); default `defaultDoraConfig()` */
  dora?: DoraConfig;
  /** the DORA facts DORA and incident reads wait for (`fresh()`) */
  deliveryFacts: Pick<DeliveryFacts, 'fresh'>;
  /** cost allocation rules (OCTOLENS_COST_RULES): the cost API splits shared costs by them; default the built-in keys */
  costRules?: CostRules;
  /** which OTLP metrics are business KPIs (OCTOLENS_BUSINESS_METRIC_PREFIX); default `defaultBusinessConfig()` */
  business?: BusinessConfig;
}

export interface AppDeps extends Partial<ApiDeps> {
  metrics: HubMetrics;
  /** collector sub-apps (OTLP, webhooks), mounted at the root */
  collectorApps?: CollectorApp[];
  /** authentication (OCTOLENS_AUTH=on, docs/security.md); absent, every route is open */
  auth?: HubAuth;
  /** per-principal rate limits (OCTOLENS_RATE_LIMIT_*), with auth on or off; absent, none */
  rateLimits?: HubRateLimits;
  /** built UI; absent or missing → no UI routes */
  webDir?: string;
  /** true once every store this process uses answers, else the names of those that do not (`readiness()`) */
  isReady: () => Promise<Readiness>;
  /** the scorecards GET /api/v1/adoption scores services with (OCTOLENS_SCORECARDS); default none */
  scorecards?: Scorecard[];
  /** the loaded dashboards directory (OCTOLENS_DASHBOARDS_DIR): GET /api/v1/dashboards; absent, no such routes */
  dashboards?: Pick<Dashboards, 'current'>;
  /** the configured OTLP ports: GET /api/v1/ingest, which the UI's "send data" hints read; absent, no such route */
  ingest?: IngestInfoResult;
  /** the Redis queue's dead letters (REDIS_URL): GET /api/v1/queue/dead-letters; absent, no such route */
  deadLetters?: Pick<DeadLetters, 'list' | 'count'>;
}

/** A collector's routes, and whether they check their senders themselves (a webhook secret). */
export type CollectorApp = Required<Pick<CollectorInstance, 'routes'>> & Pick<CollectorInstance, 'authenticatesSenders'>;

const under = (path: string, prefix: string) => path === prefix || path.startsWith(prefix + '/');

/**
 * The API's scope for a request: the session routes are open (the UI asks them before logging
 * in, single sign-on's IdP sends the browser back to them), tokens, users and the audit log are admin's; reads are GET and HEAD, every other method changes something.
 */
function apiScope(c: Context): TokenScope | null {
  if (under(c.req.path, '/api/v1/session')) return null;
  if (['/api/v1/tokens', '/api/v1/users', '/api/v1/audit'].some((p) => under(c.req.path, p))) return 'admin';
  return c.req.method === 'GET' || c.req.method === 'HEAD' ? 'read' : 'write';
}

/**
 * Builds the hub's HTTP app from its dependencies, with no side effects: the same app
 * serves the API port; the OTLP port gets only the collector apps (see `createIngestApp`).
 */
export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  app.use(requestId());
  app.use(countRequests(deps.metrics));
  const auth = deps.auth;
  const limits = deps.rateLimits;
  // /healthz and /readyz stay open for probes; each guard is registered before the routes it covers
  if (auth && !auth.metricsPublic) app.use('/metrics', requireScope(auth, 'read'));
  app.route('/', healthRoutes(deps));
  for (const collector of deps.collectorApps ?? []) {
    for (const path of new Set(collector.routes.routes.map((r) => r.path))) {
      if (auth && !collector.authenticatesSenders) app.use(path, requireScope(auth, 'ingest'), grantIngest);
      // after the guard, which names the principal the request is charged to
      if (limits) app.use(path, rateLimit(limits, 'ingest'));
    }
    app.route('/', collector.routes);
  }

  if (deps.store && deps.meta) {
    const api = new Hono();
    api.use(traceRequests);
    if (auth) api.use(requireScope(auth, apiScope));
    if (limits) {
      const login = loginRateLimit(limits);
      const calls = rateLimit(limits, 'api');
      api.use((c, next) => (c.req.method === 'POST' && c.req.path === '/api/v1/session' ? login : calls)(c, next));
    }
    const dora = deps.dora ?? defaultDoraConfig();
    const apiDeps: ApiDeps = {
      store: deps.store,
      meta: deps.meta,
      slo: deps.slo,
      rules: deps.rules,
      limits: deps.limits ?? defaultApiLimits(),
      dora,
      // without a rollup of its own (tests, an API-only process), reads bring the facts up to date themselves
      deliveryFacts: deps.deliveryFacts ?? createDeliveryFacts({ store: deps.store, linkWindowMs: dora.incidentLinkWindowMs }),
      costRules: deps.costRules,
      business: deps.business,
    };
    api.route('/services', servicesRoutes(apiDeps));
    api.route('/traces', tracesRoutes(apiDeps));
    api.route('/dependencies', dependenciesRoutes(apiDeps));
    api.route('/logs', logsRoutes(apiDeps));
    api.route('/metrics', metricsRoutes(apiDeps));
    api.route('/slos', slosRoutes(apiDeps));
    api.route('/alerts', alertsRoutes(apiDeps));
    api.route('/silences', silencesRoutes(apiDeps));
    api.route('/dora', doraRoutes(apiDeps));
    api.route('/events', eventsRoutes(apiDeps));
    api.route('/hosts', hostsRoutes(apiDeps));
    api.route('/business', businessRoutes(apiDeps));
    api.route('/incidents', incidentsRoutes(apiDeps));
    api.route('/catalog', catalogRoutes(apiDeps));
    api.route('/adoption', adoptionRoutes(apiDeps, deps.scorecards ?? []));
    api.route('/cost', costRoutes(apiDeps));
    api.route('/privacy', privacyRoutes(apiDeps));
    if (deps.dashboards) api.route('/dashboards', dashboardsRoutes(apiDeps, deps.dashboards));
    if (deps.ingest) api.route('/ingest', ingestRoutes(deps.ingest));
    if (deps.deadLetters) api.route('/queue', queueRoutes(deps.deadLetters));
    api.route('/tokens', tokensRoutes(auth?.tokens ?? createTokenStore(deps.meta), deps.meta));
    api.route('/users', usersRoutes(auth?.users ?? createUserStore(deps.meta), deps.meta));
    api.route('/session', sessionRoutes(auth, deps.meta));
    api.route('/audit', auditRoutes(apiDeps));
    app.route('/api/v1', api);
  }
  app.all('/api/*', (c) => {
    throw new AppError('not_found', `no API route ${c.req.method} ${c.req.path}`);
  });

  if (deps.webDir) {
    const webDir = deps.webDir;
    app.use('*', uiSecurityHeaders());
    // serveStatic's onFound runs after the response is built, so caching is set here instead:
    // hashed assets forever; HTML never, since it names the current assets.
    app.use('*', async (c, next) => {
      await next();
      if (c.req.path.startsWith('/assets/') && c.res.status === 200) c.res.headers.set('Cache-Control', 'public, max-age=31536000, immutable');
      else if (c.res.headers.get('Content-Type')?.startsWith('text/html')) c.res.headers.set('Cache-Control', 'no-cache');
    });
    app.use('*', serveStatic({ root: webDir }));
    // Client-side routes (/services/x, /traces/y) all load the same page.
    app.get('*', async (c, next) => {
      if (existsSync(join(webDir, 'index.html'))) {
        // `path`, not `rewriteRequestPath`: serveStatic refuses a request path holding `%` before it
        // rewrites, and client routes keep reserved characters encoded (/slos/checkout-latency%2Froute%3D%2Fcart).
        return serveStatic({ root: webDir, path: 'index.html' })(c, next);
      }
      return c.text(`The UI is not built (no ${join(webDir, 'index.html')}): run "npm run build:web". The API is at /api/v1.`, 503);
    });
  }
  app.onError(renderError);
  app.notFound((c) => c.json({ code: 'not_found', message: `no route ${c.req.method} ${c.req.path}`, requestId: c.get('requestId') }, 404));
  return app;
}

/** The OTLP port: collectors plus health, nothing else. */
export function createIngestApp(deps: Pick<AppDeps, 'metrics' | 'collectorApps' | 'isReady' | 'auth' | 'rateLimits'>): Hono {
  return createApp({ metrics: deps.metrics, collectorApps: deps.collectorApps, isReady: deps.isReady, auth: deps.auth, rateLimits: deps.rateLimits });
}

function countRequests(metrics: HubMetrics) {
  return async (c: Parameters<Parameters<Hono['use']>[1]>[0], next: () => Promise<void>) => {
    const end = metrics.httpSeconds.startTimer();
    await next();
    const route = c.req.routePath;
    end({ method: c.req.method, route });
    metrics.httpRequests.inc({ method: c.req.method, route, status: String(c.res.status) });
  };
}
