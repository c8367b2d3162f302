/**
 * SQL injection strings in every query parameter and path segment of every GET /api/v1 route,
 * on real chDB and PGlite (issue 13). The routes come from the app's own route table and
 * their parameters from the routes' zod schemas (a `.strict()` schema names what it accepts
 * when sent an unknown one), so a new route or parameter is covered without editing this
 * file. Each answer must be a 2xx or a 4xx with a message, and afterwards every table must
 * still be there holding exactly the rows it held.
 */
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import type { IngestQueue } from '../queue/types.js';
import type { CollectorDeps } from '../../collectors/types.js';
import { collectorEntries } from '../../collectors/index.js';
import { createLogger } from '../lib/log.js';
import { createDashboards } from '../dashboards/index.js';
import { createHubMetrics } from '../telemetry/metrics.js';
import { createApp, type CollectorApp } from './app.js';
import { openTestApi } from './routes/testing.js';

/**
 * Classic injections, and what breaks quoting, LIKE patterns, ClickHouse's `{name:Type}`
 * placeholders, regular expressions and C strings.
 */
const payloads = [
  "'",
  "''",
  '"',
  '`',
  "' OR '1'='1",
  "'; DROP TABLE otel_logs; --",
  "checkout'); DROP TABLE otel_traces; --",
  '1; DROP TABLE otel_traces',
  "' UNION SELECT name FROM system.tables --",
  '*/ DROP TABLE otel_logs /*',
  '\\',
  "\\'",
  "\\\\'; DROP TABLE otel_logs; --",
  '%',
  '_',
  '%_%',
  '{p0:String}',
  '$1',
  '.*(a+)+$',
  'a\u0000b',
  '\u0000',
  'ü🙂\u202e\ud800',
] as const;
/** Percent-encoding that decodes to nothing valid, sent as it is in the path and the query. */
const malformedEscapes = ['%', '%zz', '%E0%A4%A', '%ED%A0%80', '%C0%AF', '%00'] as const;

const api = await openTestApi();
afterAll(() => api.close());

const NOW_MS = Date.now();
const nowNs = (offsetMs: number) => String(BigInt(NOW_MS + offsetMs) * 1_000_000n);
const TRACE_ID = '5b8efff798038103d269b633813fc60c';
const otlpAttributes = (values: Record<string, string>) => Object.entries(values).map(([key, v]) => ({ key, value: { stringValue: v } }));
const resource = { attributes: otlpAttributes({ 'service.name': 'checkout', 'host.name': 'web-1' }) };

/** Rows that every lens reads, sent through the collectors as the hub receives them (the queue stores at once). */
const seed: Array<{ path: string; headers: Record<string, string>; body: string }> = [
  {
    path: '/v1/traces',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      resourceSpans: [{
        resource,
        scopeSpans: [{
          spans: [
            { traceId: TRACE_ID, spanId: 'eee19b7ec3c1b174', name: 'GET /cart', kind: 2, startTimeUnixNano: nowNs(-60_000), endTimeUnixNano: nowNs(-59_900), attributes: otlpAttributes({ 'http.route': '/cart' }) },
            { traceId: TRACE_ID, spanId: 'eee19b7ec3c1b175', parentSpanId: 'eee19b7ec3c1b174', name: 'SELECT carts', kind: 3, startTimeUnixNano: nowNs(-59_990), endTimeUnixNano: nowNs(-59_950), attributes: otlpAttributes({ 'peer.service': 'postgres', 'db.system': 'postgresql' }), status: { code: 2, message: 'timeout' } },
          ],
        }],
      }],
    }),
  },
  {
    path: '/v1/logs',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      resourceLogs: [{ resource, scopeLogs: [{ logRecords: [{ timeUnixNano: nowNs(-59_960), severityNumber: 17, severityText: 'ERROR', body: { stringValue: "cart lookup failed for user 'o''brien' 100%_done" }, traceId: TRACE_ID, spanId: 'eee19b7ec3c1b175', attributes: otlpAttributes({ 'user.id': 'u-1' }) }] }] }],
    }),
  },
  {
    path: '/v1/metrics',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      resourceMetrics: [{
        resource,
        scopeMetrics: [{
          metrics: [
            { name: 'queue.depth', gauge: { dataPoints: [{ timeUnixNano: nowNs(-120_000), asDouble: 3, attributes: otlpAttributes({ queue: 'orders' }) }, { timeUnixNano: nowNs(-60_000), asDouble: 5, attributes: otlpAttributes({ queue: 'orders' }) }] } },
            { name: 'http.requests', sum: { aggregationTemporality: 2, isMonotonic: true, dataPoints: [{ startTimeUnixNano: nowNs(-600_000), timeUnixNano: nowNs(-120_000), asInt: '10' }, { startTimeUnixNano: nowNs(-600_000), timeUnixNano: nowNs(-60_000), asInt: '25' }] } },
            { name: 'latency', histogram: { aggregationTemporality: 2, dataPoints: [{ startTimeUnixNano: nowNs(-600_000), timeUnixNano: nowNs(-60_000), count: '3', sum: 0.6, bucketCounts: ['1', '2'], explicitBounds: [0.1] }] } },
          ],
        }],
      }],
    }),
  },
  {
    path: '/ingest/events',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      deployments: [{ id: 'deploy-1', service: 'checkout', finishedAt: NOW_MS - 3_600_000, commit: '9fceb02d0ae598e95dc970b74767f19372d61af8' }],
      incidents: [{ id: 'inc-1', service: 'checkout', status: 'triggered', at: NOW_MS - 1_800_000, severity: 'SEV2', title: 'carts slow' }],
    }),
  },
  { path: '/ingest/business', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ events: [{ name: 'orders.placed', value: 12.5, service: 'checkout' }] }) },
  {
    path: '/ingest/catalog',
    headers: { 'Content-Type': 'application/yaml' },
    body: 'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: checkout\nspec:\n  type: service\n  owner: payments\n  lifecycle: production\n---\napiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: payments\nspec:\n  type: team\n',
  },
  {
    path: '/ingest/cost/focus',
    headers: { 'Content-Type': 'text/csv' },
    body:
      'BillingAccountId,BillingCurrency,BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,ChargeCategory,BilledCost,EffectiveCost,Tags\n' +
      `111,USD,2026-11-01T00:00:00Z,2026-12-01T00:00:00Z,2026-11-01T00:00:00Z,2026-11-02T00:00:00Z,Usage,1.50,1.50,"{""team"":""payments"",""service"":""checkout""}"\n`,
  },
];

/** Every collector with routes, its queue storing each request's rows straight into the test store. */
function collectorApps(): CollectorApp[] {
  const queue: IngestQueue = {
    push: async (request) => {
      for (const part of request.parts) await api.store.insert(part.table, part.data, `${request.key}/${part.table}`, part.format);
      return { refused: [] };
    },
    admit: () => {},
    depth: () => ({ rows: 0, bytes: 0 }),
    start: async () => {},
    stop: async () => {},
  };
  const deps: CollectorDeps = { queue, counters: { accepted: () => {}, refused: () => {}, refusedRequest: () => {} }, log: createLogger('error', () => {}) };
  return collectorEntries.flatMap(([, collector]) => {
    const { routes } = collector.create(collector.configSchema.parse({}), deps);
    return routes ? [{ routes }] : [];
  });
}

const dashboards = createDashboards({ dir: new URL('../../dashboards', import.meta.url).pathname, watch: false });
await dashboards.start();
/** The hub's app with every optional route mounted: dashboards, ingest ports, dead letters. */
const app = createApp({
  store: api.store,
  meta: api.meta,
  metrics: createHubMetrics(),
  isReady: async () => true,
  collectorApps: collectorApps(),
  dashboards,
  ingest: { otlp: { httpPort: 4318, grpcPort: 4317 } },
  deadLetters: { list: async () => [], count: async () => 0 },
});
for (const s of seed) {
  const res = await app.request(s.path, { method: 'POST', headers: s.headers, body: s.body });
  if (res.status >= 300) throw new Error(`seeding ${s.path}: ${res.status} ${await res.text()}`);
}

/** Path segments that lead to something that exists, so the request gets as far as its queries. */
const pathValues: Record<string, Record<string, string>> = {
  '/api/v1/dashboards/:id': { id: 'octolens-hub' },
  '/api/v1/dashboards/:id/panels/:panel': { id: 'octolens-hub', panel: 'queue-depth' },
  '/api/v1/incidents/:id': { id: 'inc-1' },
  '/api/v1/traces/:traceId': { traceId: TRACE_ID },
};
/** Parameters a route refuses to run without, with values that let the others reach the store. */
const requiredParams: Record<string, Record<string, string>> = {
  '/api/v1/logs/around': { service: 'checkout', timeUnixNano: nowNs(-59_960) },
  '/api/v1/metrics/query': { name: 'queue.depth' },
  '/api/v1/metrics/buckets': { name: 'latency' },
};
/** Routes whose parameters no schema lists (a catch-all): named here. */
const extraParams: Record<string, string[]> = { '/api/v1/dashboards/:id/panels/:panel': ['var-job'] };

/** The route's URL; `raw` values are put in as they are (already percent-encoded, or meant not to be). */
const urlOf = (route: string, segments: Record<string, string>, query: Record<string, string>, raw: { segment?: string; param?: [string, string] } = {}) => {
  // a lone surrogate has no UTF-8 form to percent-encode: sent as U+FFFD, as URLSearchParams does
  const encode = (value: string) => encodeURIComponent(value.replace(/\p{Cs}/gu, '\ufffd'));
  const path = route.replace(/:(\w+)(\{[^}]*\})?/g, (_m, name: string) => (name === raw.segment ? segments[name]! : encode(segments[name] ?? 'checkout')));
  const search = [...Object.entries(query).map(([k, v]) => `${encode(k)}=${encode(v)}`), ...(raw.param ? [`${raw.param[0]}=${raw.param[1]}`] : [])].join('&');
  return search ? `${path}?${search}` : path;
};

/** The query parameters a route's schema accepts, as its 400 for an unknown one lists them. */
async function acceptedParams(route: string): Promise<string[]> {
  const res = await app.request(urlOf(route, pathValues[route] ?? {}, { ...requiredParams[route], octolensProbe: '1' }));
  const body = (await res.json()) as { details?: Array<{ parameter: string; message: string }> };
  const listed = body.details?.find((d) => d.parameter === 'octolensProbe')?.message.match(/\(expected: (.*)\)/)?.[1];
  const names = (listed ?? '').split(', ').filter((n) => n !== '' && !n.includes('<'));
  return [...new Set([...names, ...(extraParams[route] ?? [])])];
}

const getRoutes = [...new Set(app.routes.filter((r) => r.method === 'GET' && r.path.startsWith('/api/v1/') && !r.path.includes('*')).map((r) => r.path))].sort();

/** Each table's rows as a count and an order-independent hash of every column. */
async function snapshot(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const tables = await api.store.query<{ name: string; engine: string }>('SELECT name, engine FROM system.tables WHERE database = currentDatabase() ORDER BY name');
  for (const { name, engine } of tables) {
    if (!engine.includes('MergeTree')) {
      out[name] = engine;
      continue;
    }
    const [row] = await api.store.query<{ n: number; h: string }>(`SELECT count() AS n, toString(sum(cityHash64(*))) AS h FROM \`${name}\``);
    out[name] = `${row!.n} rows, hash ${row!.h}`;
  }
  const meta = await sql<{ table_name: string }>`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`.execute(api.meta);
  for (const { table_name } of meta.rows) {
    const { rows } = await sql<{ n: string; h: string }>`SELECT count(*)::text AS n, coalesce(md5(string_agg(t::text, ',' ORDER BY t::text)), '') AS h FROM ${sql.table(table_name)} t`.execute(api.meta);
    out[`meta.${table_name}`] = `${rows[0]!.n} rows, hash ${rows[0]!.h}`;
  }
  return out;
}

/** Reads bring derived tables (DORA facts) up to date: one clean pass first, so the injections' pass may change nothing. */
for (const route of getRoutes) await app.request(urlOf(route, pathValues[route] ?? {}, requiredParams[route] ?? {}));
const before = await snapshot();

describe('SQL injection strings in every GET /api/v1 parameter, NUL in metadata writes', () => {
  it('finds the routes and their parameters in the app itself', () => {
    expect(getRoutes.length).toBeGreaterThan(40);
    expect(getRoutes).toEqual(expect.arrayContaining(['/api/v1/logs', '/api/v1/traces/:traceId', '/api/v1/dashboards/:id/panels/:panel', '/api/v1/queue/dead-letters']));
    // the seed reached the tables the injections are aimed at
    for (const table of ['otel_traces', 'otel_logs', 'otel_metrics_gauge', 'deployments', 'incidents', 'cost_items', 'business_events', 'catalog_snapshots']) expect(before[table], table).toMatch(/^[1-9]\d* rows/);
  });

  it.each(getRoutes)('%s answers 2xx or 4xx with a message, never 5xx', async (route) => {
    const params = await acceptedParams(route);
    const segments = [...route.matchAll(/:(\w+)/g)].map((m) => m[1]!);
    const failures: string[] = [];
    const attempt = async (segmentValues: Record<string, string>, query: Record<string, string>, raw?: Parameters<typeof urlOf>[3]) => {
      const url = urlOf(route, { ...pathValues[route], ...segmentValues }, query, raw);
      const res = await app.request(url);
      const text = await res.text();
      let message: unknown;
      try {
        message = (JSON.parse(text) as { message?: unknown }).message;
      } catch {
        message = undefined;
      }
      if (res.status >= 500 || res.status < 200 || (res.status >= 300 && (typeof message !== 'string' || message === ''))) failures.push(`${url} → ${res.status} ${text.slice(0, 200)}`);
    };
    for (const payload of payloads) {
      for (const param of params) await attempt({}, { ...requiredParams[route], [param]: payload });
      for (const segment of segments) await attempt({ [segment]: payload }, requiredParams[route] ?? {});
    }
    for (const escape of malformedEscapes) {
      for (const param of params) await attempt({}, requiredParams[route] ?? {}, { param: [param, escape] });
      for (const segment of segments) await attempt({ [segment]: escape }, requiredParams[route] ?? {}, { segment });
    }
    expect(failures).toEqual([]);
  });

  it.each([
    ['POST', '/api/v1/silences', { matchers: [{ label: 'service', value: 'a\u0000b' }], endsAt: NOW_MS + 3_600_000, comment: "'; DROP TABLE silences; --", createdBy: 'fuzz' }],
    ['POST', '/api/v1/silences', { matchers: [{ label: 'service', value: "checkout' OR '1'='1" }], endsAt: NOW_MS + 3_600_000, comment: 'x\u0000', createdBy: 'fuzz\u0000' }],
    ['DELETE', '/api/v1/silences/a%00b', undefined],
    ['POST', '/api/v1/alerts/a%00b/ack', { by: 'fuzz', comment: '\u0000' }],
  ])('%s %s with a NUL in the metadata it writes → 4xx, nothing stored', async (method, path, body) => {
    const res = await app.request(path, { method, headers: { 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    expect([res.status, typeof ((await res.json()) as { message?: unknown }).message]).toEqual([method === 'POST' && path.includes('ack') ? 404 : 400, 'string']);
  });

  it('leaves every table in place with exactly the rows it held', async () => {
    expect(await snapshot()).toEqual(before);
  });
});
