/**
 * The deploy manifests (deploy/compose.yaml, deploy/helm/octolens) checked with what CI has: no
 * docker, no helm (neither Debian nor npm packages it), so every YAML is parsed, the fields that
 * matter are checked against zod schemas (images pinned, probes on /healthz and /readyz, ports),
 * the chart's `.Values.*` references are resolved against values.yaml, and every env var a
 * manifest sets must be one the code reads, every port the one the code listens on.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PROBE_TIMEOUT_MS } from '../server/api/routes/health/readiness.js';
import { processEnvVars } from '../server/cli/config-table.js';
import { configSchema, envVars } from '../server/config/config.js';

const root = resolve(import.meta.dirname, '..');
const deploy = join(root, 'deploy');
const chart = join(deploy, 'helm/octolens');
const read = (path: string) => readFileSync(path, 'utf8');
const yamlFile = (path: string): unknown => parse(read(path), { merge: true });

/** Set in manifests before the code reads them; each names the issue that makes the code read it. */
const pendingEnvVars: Record<string, string> = {};

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

/** Env vars the hub reads: its config table, the ones it reads outside it, and any `process.env.X` in server/. */
function envVarsTheCodeReads(): Set<string> {
  const names = new Set([...Object.keys(envVars), ...Object.keys(processEnvVars)]);
  for (const file of filesUnder(join(root, 'server'))) {
    if (!file.endsWith('.ts') || file.endsWith('.test.ts')) continue;
    for (const m of read(file).matchAll(/process\.env(?:\.([A-Z][A-Z0-9_]*)|\[['"]([A-Z][A-Z0-9_]*)['"]\])/g)) names.add((m[1] ?? m[2])!);
  }
  return names;
}

const defaults = configSchema.parse({});
const codePorts = { http: defaults.port, otlpHttp: defaults.otlpPort, otlpGrpc: defaults.otlpGrpcPort };

/** a tag that names a version: not `latest`, not missing */
const pinnedImage = z.string().regex(/^[a-z0-9./_-]+:(?!latest$)[0-9][\w.-]*$/, 'image must be pinned to a version tag');

describe('deploy/compose.yaml', () => {
  const octolensService = z.object({
    image: pinnedImage,
    command: z.array(z.string()),
    environment: z.record(z.string(), z.string()),
    healthcheck: z.object({ test: z.array(z.string()) }),
    deploy: z.object({ replicas: z.number().int().min(1) }),
  });
  const storeService = z.object({ image: pinnedImage, healthcheck: z.object({ test: z.array(z.string()).min(2) }) });
  const compose = z
    .object({
      services: z.object({
        clickhouse: storeService.extend({ image: pinnedImage.startsWith('clickhouse/clickhouse-server:') }),
        redis: storeService.extend({ command: z.array(z.string()) }),
        postgres: storeService,
        collector: octolensService.extend({ expose: z.array(z.string()) }),
        worker: octolensService.extend({ expose: z.array(z.string()) }),
        api: octolensService.extend({ ports: z.array(z.string()) }),
        ingest: storeService.extend({ ports: z.array(z.string()) }),
      }),
      volumes: z.record(z.string(), z.null()),
    })
    .parse(yamlFile(join(deploy, 'compose.yaml')));
  const { services } = compose;
  const roles = { collector: services.collector, worker: services.worker, api: services.api };

  it('runs each role as its own service with the replicas the issue asks for', () => {
    expect(Object.fromEntries(Object.entries(roles).map(([name, s]) => [name, [s.command.join(' '), s.deploy.replicas]]))).toEqual({
      collector: ['start --role collector', 2],
      worker: ['start --role worker', 2],
      api: ['start --role api', 1],
    });
  });

  it('health-checks every role on /healthz and /readyz at the port the hub listens on', () => {
    for (const s of Object.values(roles)) {
      const script = s.healthcheck.test.join(' ');
      expect(script).toContain(`http://127.0.0.1:${codePorts.http}`);
      expect(script).toContain("'/healthz'");
      expect(script).toContain("'/readyz'");
    }
  });

  it('exposes the API port on the workers: every role serves /healthz, /readyz and /metrics there (test/role-probes.int.test.ts)', () => {
    expect(services.worker.expose).toEqual([String(codePorts.http)]);
  });

  it('keeps Redis on AOF, fsynced every second, never evicting jobs', () => {
    expect(services.redis.command.join(' ')).toBe('redis-server --appendonly yes --appendfsync everysec --maxmemory-policy noeviction');
  });

  it('exposes OTLP on the collectors (through the balancer) and the API on 8080, the code defaults', () => {
    expect(services.collector.expose.map(Number).sort()).toEqual([codePorts.otlpGrpc, codePorts.otlpHttp, codePorts.http].sort());
    expect(services.api.ports).toEqual([`${codePorts.http}:${codePorts.http}`]);
    expect(services.ingest.ports).toEqual([`${codePorts.otlpGrpc}:${codePorts.otlpGrpc}`, `${codePorts.otlpHttp}:${codePorts.otlpHttp}`]);
    const nginx = read(join(deploy, 'nginx-ingest.conf'));
    expect([...nginx.matchAll(/server collector:(\d+);/g)].map((m) => Number(m[1]))).toEqual([codePorts.otlpGrpc, codePorts.otlpHttp]);
  });

  it('sets only env vars the code reads (or names the issue that will), with auth on and the three stores', () => {
    const known = envVarsTheCodeReads();
    for (const s of Object.values(roles)) {
      const unknown = Object.keys(s.environment).filter((name) => !known.has(name) && !(name in pendingEnvVars));
      expect(unknown, 'env vars no code reads').toEqual([]);
      expect(s.environment).toMatchObject({ OCTOLENS_AUTH: 'on', REDIS_URL: 'redis://redis:6379', CLICKHOUSE_DATABASE: 'octolens' });
      expect(s.environment.CLICKHOUSE_URL).toMatch(/^http:\/\/octolens:.+@clickhouse:8123$/);
      expect(s.environment.DATABASE_URL).toMatch(/^postgres:\/\/octolens:.+@postgres:5432\/octolens$/);
    }
  });
});

describe('deploy/helm/octolens', () => {
  const templatesDir = join(chart, 'templates');
  const templates = Object.fromEntries(readdirSync(templatesDir).map((f) => [f, read(join(templatesDir, f))]));
  const resources = z.object({ requests: z.object({ cpu: z.string(), memory: z.string() }), limits: z.object({ memory: z.string() }) });
  const role = z.object({ replicas: z.number().int().min(1), resources });
  const store = z.object({ bundled: z.boolean(), image: pinnedImage, storage: z.string(), resources, externalUrl: z.string() });
  const valuesSchema = z.object({
    image: z.object({ repository: z.string().min(1), tag: z.string().regex(/^\d+\.\d+\.\d+$/), pullPolicy: z.string() }),
    ports: z.object({ http: z.number(), otlpHttp: z.number(), otlpGrpc: z.number() }),
    auth: z.literal('on'),
    settings: z.record(z.string(), z.string()),
    collector: role,
    worker: role,
    api: role,
    probes: z.object({ liveness: z.object({ path: z.literal('/healthz') }), readiness: z.object({ path: z.literal('/readyz'), timeoutSeconds: z.number() }) }),
    serviceMonitor: z.object({ enabled: z.boolean(), interval: z.string() }),
    clickhouse: store.extend({ image: pinnedImage.startsWith('clickhouse/clickhouse-server:') }),
    redis: store.extend({ appendfsync: z.enum(['everysec', 'always']) }),
    postgresql: store,
  });
  const rawValues = yamlFile(join(chart, 'values.yaml'));
  const values = valuesSchema.parse(rawValues);

  it('has a v2 Chart.yaml whose appVersion is the image tag', () => {
    const meta = z.object({ apiVersion: z.literal('v2'), name: z.literal('octolens'), version: z.string().regex(/^\d+\.\d+\.\d+$/), appVersion: z.string() }).parse(yamlFile(join(chart, 'Chart.yaml')));
    expect(meta.appVersion).toBe(values.image.tag);
  });

  it('resolves every .Values reference of every template in values.yaml', () => {
    const missing: string[] = [];
    for (const [file, text] of Object.entries(templates)) {
      for (const m of text.matchAll(/\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)+)/g)) {
        const path = m[1]!.slice(1).split('.');
        let node: unknown = rawValues;
        for (const key of path) node = node !== null && typeof node === 'object' && key in node ? (node as Record<string, unknown>)[key] : undefined;
        if (node === undefined) missing.push(`${file}: .Values${m[1]}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('listens and probes on the ports the code listens on, /healthz and /readyz in every Deployment', () => {
    expect(values.ports).toEqual(codePorts);
    const deployment = templates['deployments.yaml']!;
    expect(deployment).toMatch(/range \$role := list "collector" "worker" "api"/);
    expect(deployment).toContain('livenessProbe:\n            httpGet: { path: {{ $.Values.probes.liveness.path }}, port: http }');
    expect(deployment).toContain('readinessProbe:\n            httpGet: { path: {{ $.Values.probes.readiness.path }}, port: http }');
    expect(deployment).toContain('args: ["start", "--role", "{{ $role }}"]');
    expect(templates['servicemonitor.yaml']).toMatch(/^\{\{- if \.Values\.serviceMonitor\.enabled \}\}[\s\S]*path: \/metrics/);
  });

  it('probes and scrapes each role at a port its Deployment and Service declare: http, the API port every role serves (a worker too)', () => {
    // containerPort name → the values.ports key it takes, as rendered for one role
    const containerPorts = (role: string) => Object.fromEntries([...forRole(templates['deployments.yaml']!, role).matchAll(/- name: ([\w-]+)\n\s+containerPort: \{\{ \$\.Values\.ports\.(\w+) \}\}/g)].map((m) => [m[1], m[2]]));
    const probePorts = (role: string) => [...forRole(templates['deployments.yaml']!, role).matchAll(/(?:liveness|readiness)Probe:\n\s+httpGet: \{ path: [^,]+, port: ([\w-]+) \}/g)].map((m) => m[1]);
    const servicePorts = (role: string) => [...forRole(templates['services.yaml']!, role).matchAll(/- name: ([\w-]+)\n\s+port: [^\n]+\n\s+targetPort: ([\w-]+)/g)].map((m) => [m[1], m[2]]);
    expect(Object.fromEntries(['collector', 'worker', 'api'].map((role) => [role, { container: containerPorts(role), probes: probePorts(role), service: servicePorts(role) }]))).toEqual({
      collector: {
        container: { http: 'http', 'otlp-http': 'otlpHttp', 'otlp-grpc': 'otlpGrpc' },
        probes: ['http', 'http'],
        service: [['http', 'http'], ['otlp-http', 'otlp-http'], ['otlp-grpc', 'otlp-grpc']],
      },
      worker: { container: { http: 'http' }, probes: ['http', 'http'], service: [['http', 'http']] },
      api: { container: { http: 'http' }, probes: ['http', 'http'], service: [['http', 'http']] },
    });
    // http is OCTOLENS_PORT's default, where test/role-probes.int.test.ts finds a worker alone answering
    expect(values.ports.http).toBe(codePorts.http);
    // /readyz answers within its per-store timeout: the probe must wait longer, or a slow store reads as a dead pod
    expect(values.probes.readiness.timeoutSeconds * 1000).toBeGreaterThan(PROBE_TIMEOUT_MS);
    // the ServiceMonitor selects every role's Service (they all carry octolens.labels) on that port
    const monitor = templates['servicemonitor.yaml']!;
    expect(monitor).toContain('- port: http\n      path: /metrics');
    const selector = [...monitor.matchAll(/^ {6}(app\.kubernetes\.io\/\w+): (.+)$/gm)].map((m) => `${m[1]}: ${m[2]}`);
    expect(selector).toEqual(['app.kubernetes.io/name: octolens', 'app.kubernetes.io/instance: {{ .Release.Name }}']);
    const labels = templates['_helpers.tpl']!;
    for (const label of selector) expect(labels).toContain(label);
    expect(templates['services.yaml']).toContain('labels:\n    {{- include "octolens.labels" $ | nindent 4 }}');
  });

  it('sets only env vars the code reads (or names the issue that will)', () => {
    const set = [
      ...[...templates['configmap.yaml']!.matchAll(/^ {2}([A-Z][A-Z0-9_]*):/gm)].map((m) => m[1]!),
      ...[...templates['secret.yaml']!.matchAll(/^ {2}([A-Z][A-Z0-9_]*):/gm)].map((m) => m[1]!),
      ...Object.keys(values.settings),
    ];
    expect(set).toEqual(expect.arrayContaining(['REDIS_URL', 'CLICKHOUSE_URL', 'CLICKHOUSE_DATABASE', 'DATABASE_URL', 'OCTOLENS_AUTH', 'OCTOLENS_PORT']));
    const known = envVarsTheCodeReads();
    expect(set.filter((name) => !known.has(name) && !(name in pendingEnvVars))).toEqual([]);
  });

  it('runs bundled Redis with AOF and the replicas per role of the compose file', () => {
    expect(templates['stores.yaml']).toContain('"redis-server" "--appendonly" "yes" "--appendfsync" .Values.redis.appendfsync "--maxmemory-policy" "noeviction"');
    expect([values.collector.replicas, values.worker.replicas, values.api.replicas]).toEqual([2, 2, 1]);
  });
});

/**
 * A chart template as Helm renders it for one role of its `range $role`: each
 * `{{ if eq $role "x" }}…{{ else }}…{{ end }}` (not nested, trimming or not) resolved; every other action left as written.
 */
function forRole(template: string, role: string): string {
  return template.replace(/\{\{-? if eq \$role "(\w+)" -?\}\}([\s\S]*?)(?:\{\{-? else -?\}\}([\s\S]*?))?\{\{-? end -?\}\}/g, (_, r: string, then: string, otherwise = '') => (r === role ? then : otherwise));
}

describe('pending env vars', () => {
  it('are not read yet: once the code reads one, its TODO in the manifests goes', () => {
    const known = envVarsTheCodeReads();
    expect(Object.keys(pendingEnvVars).filter((name) => known.has(name))).toEqual([]);
  });
});
