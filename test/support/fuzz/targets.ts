/**
 * What the fuzz runs check (test/fuzz.test.ts in CI, `npm run fuzz` for longer runs): each
 * target is a fast-check property over hostile inputs made from the repo's own valid fixtures.
 *
 * - Through HTTP (the hub's app from createApp, with every collector of collectors/index.ts
 *   mounted as the hub mounts them): the answer is a 2xx, or a 4xx whose body carries a
 *   message (JSON `message`, or a google.rpc.Status for OTLP protobuf). Never a 5xx, never
 *   a rejected promise.
 * - Pure decoders: they throw nothing but their module's typed error.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import type { Hono } from 'hono';
import { compressSync } from 'snappy';
import { collectors } from '../../../collectors/index.js';
import { recordingDeps } from '../../../collectors/delivery/testing.js';
import { DeliveryError } from '../../../collectors/delivery/errors.js';
import { decodeRequest } from '../../../collectors/otlp/decode.js';
import { OtlpError } from '../../../collectors/otlp/errors.js';
import { otlpRoot, type WireFormat } from '../../../collectors/otlp/proto.js';
import { decodeWriteRequest } from '../../../collectors/prometheus/decode.js';
import { protobufWriteRequest } from '../../../collectors/prometheus/testing.js';
import type { TelemetrySignal } from '../../../collectors/types.js';
import { createApp } from '../../../server/api/app.js';
import { loadFiles } from '../../../server/slo/spec/testing.js';
import { createHubMetrics } from '../../../server/telemetry/metrics.js';
import { mutatedBytes, mutatedJson } from './mutate.js';

const root = resolve(import.meta.dirname, '../../..');
const read = (path: string) => readFileSync(join(root, path));
const jsonFiles = (dir: string) =>
  readdirSync(join(root, dir))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ name: f.replace(/\.json$/, ''), json: JSON.parse(read(join(dir, f)).toString('utf8')) as unknown }));

export interface FuzzTarget {
  name: string;
  /** what is sent and what must hold */
  doc: string;
  property(): FuzzProperty;
}

/** each target has its own input type */
export type FuzzProperty = fc.IProperty<[any]> | fc.IAsyncProperty<[any]>;

/** Runs a target's property `numRuns` times; with no seed, a random one (printed on failure to replay it). */
export function checkTarget(target: FuzzTarget, params: { numRuns: number; seed?: number; path?: string }): Promise<fc.RunDetails<[unknown]>> {
  return Promise.resolve(fc.check(target.property() as fc.IAsyncProperty<[unknown]>, params));
}

/** A failed run in a few lines: the error, how to replay it, the shrunk input (cut: some are megabytes). */
export function describeFailure(target: FuzzTarget, details: fc.RunDetails<[unknown]>): string {
  const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  const input = fc.stringify(details.counterexample?.[0]);
  return [
    `${target.name}: failed after ${details.numRuns} runs (shrunk ${details.numShrinks} times): ${error.slice(0, 2000)}`,
    `replay: npm run fuzz -- --target ${target.name} --seed ${details.seed} --path ${details.counterexamplePath}`,
    `input (${input.length} characters): ${input.length > 1500 ? `${input.slice(0, 1500)}…` : input}`,
  ].join('\n');
}

// --- the app ------------------------------------------------------------------------

interface HttpCase {
  path: string;
  headers: Record<string, string>;
  body: Buffer;
}

/** Every collector with routes, built by its own factory from settings as the hub would; a queue that stores at once. */
function fuzzApp(): { app: Hono; reset(): void } {
  const recorded = recordingDeps();
  const settings: Partial<Record<keyof typeof collectors, unknown>> = {
    github: { repoServices: 'acme/checkout-api=checkout' },
    gitlab: { repoServices: 'acme/payments/checkout-api=checkout' },
    cdevents: { serviceMap: 'service/tax-service=tax-service' },
  };
  const apps = (['otlp', 'prometheus', 'github', 'gitlab', 'pagerduty', 'cdevents', 'focus'] as const).map((name) => {
    const collector = collectors[name] as (typeof collectors)[keyof typeof collectors] & { configSchema: { parse(v: unknown): unknown }; create(c: unknown, d: unknown): { routes?: Hono } };
    return { routes: collector.create(collector.configSchema.parse(settings[name] ?? {}), recorded.deps).routes! };
  });
  const app = createApp({ metrics: createHubMetrics(), collectorApps: apps, isReady: async () => true });
  // what was stored is not looked at: dropped after each request, so long runs hold no memory
  return { app, reset: () => void ((recorded.pushes.length = 0), (recorded.counted.length = 0)) };
}

let shared: ReturnType<typeof fuzzApp> | undefined;

const RpcStatus = otlpRoot.lookupType('google.rpc.Status');

/** Sends one case; fails unless the answer is a 2xx or a 4xx with a message. */
async function answersWell({ path, headers, body }: HttpCase): Promise<void> {
  shared ??= fuzzApp();
  const res = await shared.app.request(path, { method: 'POST', headers, body: new Uint8Array(body) });
  shared.reset();
  const bytes = Buffer.from(await res.arrayBuffer());
  if (res.status >= 200 && res.status < 300) return;
  const said = () => `POST ${path} answered ${res.status}: ${bytes.toString('utf8').slice(0, 300)}`;
  if (res.status < 400 || res.status >= 500) throw new Error(said());
  const type = res.headers.get('content-type') ?? '';
  let message: unknown;
  try {
    message = type.startsWith('application/x-protobuf') ? (RpcStatus.decode(bytes) as unknown as { message: string }).message : (JSON.parse(bytes.toString('utf8')) as { message?: unknown }).message;
  } catch (err) {
    throw new Error(`${said()}: the body is not a ${type || 'JSON'} message (${(err as Error).message})`);
  }
  if (typeof message !== 'string' || message === '') throw new Error(`${said()}: no message`);
}

/** Whatever `decode` throws for `input` must be a `typed`. */
function throwsOnly(typed: abstract new (...args: never[]) => Error, decode: () => unknown): void {
  try {
    decode();
  } catch (err) {
    if (!(err instanceof typed)) throw new Error(`threw ${(err as Error)?.name ?? typeof err} instead of ${typed.name}: ${(err as Error)?.message ?? String(err)}`, { cause: err });
  }
}

/** A body sent as is, or gzip-compressed with the header saying so. */
const maybeGzip = (c: HttpCase): fc.Arbitrary<HttpCase> =>
  fc.boolean().map((gzip) => (gzip ? { ...c, headers: { ...c.headers, 'Content-Encoding': 'gzip' }, body: gzipSync(c.body) } : c));

// --- OTLP ---------------------------------------------------------------------------

const signals: TelemetrySignal[] = ['traces', 'logs', 'metrics'];
const otlpFixtures: Record<TelemetrySignal, Record<WireFormat, Buffer[]>> = {
  traces: { protobuf: [read('collectors/otlp/testdata/traces.bin')], json: [read('collectors/otlp/testdata/traces.json')] },
  logs: { protobuf: [read('collectors/otlp/testdata/logs.bin')], json: [read('collectors/otlp/testdata/logs.json')] },
  metrics: {
    protobuf: [read('collectors/otlp/testdata/metrics.bin'), read('collectors/otlp/testdata/metrics-exemplars.bin')],
    json: [read('collectors/otlp/testdata/metrics.json'), read('collectors/otlp/testdata/metrics-exemplars.json')],
  },
};
const contentTypes: Record<WireFormat, string> = { protobuf: 'application/x-protobuf', json: 'application/json' };

/** A mutated OTLP request body of a signal and format. */
const otlpBody = (signal: TelemetrySignal, format: WireFormat): fc.Arbitrary<Buffer> => {
  const fixtures = otlpFixtures[signal][format];
  return format === 'json' ? mutatedJson(fixtures.map((f) => JSON.parse(f.toString('utf8')) as unknown)) : mutatedBytes(fixtures);
};
const otlpCase = fc
  .tuple(fc.constantFrom(...signals), fc.constantFrom<WireFormat>('protobuf', 'json'))
  .chain(([signal, format]) => otlpBody(signal, format).map((body) => ({ signal, format, body })));

// --- remote_write -------------------------------------------------------------------

/** A WriteRequest with what the decoder reads: labels, samples (a NaN stale marker too), exemplars, metadata. */
const writeRequestBytes = Buffer.from(
  protobufWriteRequest
    .encode(
      protobufWriteRequest.fromObject({
        timeseries: [
          { labels: [{ name: '__name__', value: 'http_requests_total' }, { name: 'job', value: 'checkout' }, { name: 'code', value: '200' }], samples: [{ value: 12, timestamp: 1_764_000_000_000 }, { value: 13, timestamp: 1_764_000_015_000 }] },
          { labels: [{ name: '__name__', value: 'up' }, { name: 'instance', value: 'web-1:9100' }], samples: [{ value: NaN, timestamp: 1_764_000_000_000 }], exemplars: [{ labels: [{ name: 'trace_id', value: '4bf92f3577b34da6a3ce929d0e0e4736' }], value: 1, timestamp: 1_764_000_000_000 }] },
          { labels: [{ name: '__name__', value: 'latency_seconds_bucket' }, { name: 'le', value: '+Inf' }], samples: [{ value: 3, timestamp: 1_764_000_000_000 }] },
        ],
        metadata: [{ type: 1, metricFamilyName: 'http_requests_total', help: 'Requests.', unit: '' }, { type: 3, metricFamilyName: 'latency_seconds', help: 'Latency.', unit: 'seconds' }],
      }),
    )
    .finish(),
);
/** Mutated inside the snappy block (reaching the protobuf reader), or the compressed bytes themselves. */
const remoteWriteBody = fc.oneof(
  { weight: 3, arbitrary: mutatedBytes([writeRequestBytes]).map((raw) => compressSync(raw)) },
  { weight: 1, arbitrary: mutatedBytes([compressSync(writeRequestBytes)]) },
);
const remoteWriteHeaders = { 'Content-Type': 'application/x-protobuf', 'Content-Encoding': 'snappy', 'X-Prometheus-Remote-Write-Version': '0.1.0' };

// --- webhooks -----------------------------------------------------------------------

/** GitHub fixtures are named after their event and action (issues_opened): the event is the name less its action. */
const githubFixtures = jsonFiles('collectors/github/testdata').map((f) => ({ ...f, event: f.name.replace(/_(opened|closed)$/, '') }));
const gitlabFixtures = jsonFiles('collectors/gitlab/testdata');
const pagerdutyFixtures = jsonFiles('collectors/pagerduty/testdata');
const cdeventsFixtures = jsonFiles('collectors/cdevents/testdata') as Array<{ name: string; json: Record<string, string> & { data: unknown } }>;
const gitlabEvents = ['Deployment Hook', 'Push Hook', 'Merge Request Hook', 'Issue Hook', 'Pipeline Hook', 'constructor', '__proto__', 'toString'];
/** A header value the sender controls; only what Headers can carry (no control characters). */
const headerText = fc.oneof(fc.constantFrom('constructor', '__proto__', 'hasOwnProperty', '%', '%E0%A4%A', '%00', '"quoted\\"', '1.0', ''), fc.stringMatching(/^[\x20-\x7e]{0,24}$/));

/** One case per webhook source, their fixtures' JSON mutated; headers as the source sends them, or mutated too. */
const webhookCases: Record<'github' | 'gitlab' | 'pagerduty' | 'cdevents', fc.Arbitrary<HttpCase>> = {
  github: fc
    .tuple(fc.constantFrom(...githubFixtures), fc.option(headerText, { freq: 4 }), fc.boolean())
    .chain(([f, event, form]) =>
      mutatedJson([f.json]).map((json): HttpCase => ({
        path: '/ingest/github',
        headers: { 'Content-Type': form ? 'application/x-www-form-urlencoded' : 'application/json', 'X-GitHub-Event': event ?? f.event, 'X-GitHub-Delivery': 'fuzz' },
        body: form ? Buffer.from(`payload=${encodeURIComponent(json.toString('utf8'))}`) : json,
      })),
    ),
  gitlab: fc
    .tuple(fc.constantFrom(...gitlabFixtures), fc.constantFrom(...gitlabEvents, undefined))
    .chain(([f, event]) =>
      mutatedJson([f.json]).map((body): HttpCase => ({ path: '/ingest/gitlab', headers: { 'Content-Type': 'application/json', ...(event === undefined ? {} : { 'X-Gitlab-Event': event }) }, body })),
    ),
  pagerduty: mutatedJson(pagerdutyFixtures.map((f) => f.json)).map((body): HttpCase => ({ path: '/ingest/pagerduty', headers: { 'Content-Type': 'application/json' }, body })),
  cdevents: fc.oneof(
    // structured mode: the whole event is the body
    mutatedJson(cdeventsFixtures.map((f) => f.json)).map((body): HttpCase => ({ path: '/ingest/cdevents', headers: { 'Content-Type': 'application/cloudevents+json' }, body })),
    // binary mode: attributes in ce-* headers (one perhaps mutated), the data as the body
    fc.tuple(fc.constantFrom(...cdeventsFixtures), fc.constantFrom('specversion', 'id', 'source', 'type', 'time', 'subject'), fc.option(headerText, { freq: 2 })).chain(([f, attribute, value]) =>
      mutatedJson([f.json.data]).map((body): HttpCase => {
        const headers: Record<string, string> = { 'Content-Type': 'application/json' };
        for (const a of ['specversion', 'id', 'source', 'type', 'time', 'subject']) if (f.json[a] !== undefined) headers[`ce-${a}`] = encodeURIComponent(f.json[a]!);
        if (value !== null) headers[`ce-${attribute}`] = value;
        return { path: '/ingest/cdevents', headers, body };
      }),
    ),
  ),
};

// --- FOCUS and SLO YAML -------------------------------------------------------------

/** What CSV parsing turns on: quotes, separators, line ends, a BOM, numbers a decimal cannot hold. */
const csvTokens = ['"', '""', ',', '\n', '\r\n', '\r', '\ufeff', '1e400', '-0', 'NaN', '99999999999999999999999999999999999.999999', '0.0000000000000000000000001', '"a\nb"', ',,,,,,,,,,,,,,,,'];
const focusCsv = read('collectors/focus/testdata/focus-sample.csv');

const yamlFiles = ['slo-specs/examples', 'slo-specs/octolens', 'server/slo/spec/testdata/sloth-getting-started', 'server/slo/spec/testdata/openslo-v1', 'server/slo/spec/testdata/openslo-v1alpha', 'server/slo/spec/testdata/sloth-k8s'].flatMap((dir) =>
  readdirSync(join(root, dir))
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => read(join(dir, f))),
);
/** What YAML parsing turns on: anchors and aliases (and alias bombs), tags, merge keys, flow collections, directives, deep nesting. */
const yamlTokens = ['&a ', '*a', '&a [*a, *a, *a, *a]', '<<: *a\n', '!!binary ', '!!js/function ', '!<tag:x> ', '? ', ': ', '- ', '\t', '{', '[', ']', '}', '---\n', '...\n', '%YAML 1.1\n', '#', "'", '"', '|', '>', '['.repeat(2000), '- '.repeat(500), '\ufeff', '99999999999999999999999', '.nan', '0x7fffffffffffffffff'];

// --- the targets ----------------------------------------------------------------------

export const fuzzTargets: FuzzTarget[] = [
  {
    name: 'otlp-decode',
    doc: 'OTLP protobuf and JSON decoders (collectors/otlp/decode-*.ts): mutated export requests of each signal throw only OtlpError',
    property: () => fc.property(otlpCase, ({ signal, format, body }) => throwsOnly(OtlpError, () => decodeRequest(signal, format, body))),
  },
  {
    name: 'otlp-http',
    doc: 'POST /v1/{traces,logs,metrics}, protobuf or JSON, plain or gzip: a 2xx, or a 4xx with a google.rpc.Status message',
    property: () =>
      fc.asyncProperty(
        otlpCase.chain(({ signal, format, body }) => maybeGzip({ path: `/v1/${signal}`, headers: { 'Content-Type': contentTypes[format] }, body })),
        answersWell,
      ),
  },
  {
    name: 'remote-write-decode',
    doc: 'remote_write decoder (collectors/prometheus/decode.ts): mutated WriteRequests, inside or outside the snappy block, throw only DeliveryError, labels included',
    property: () =>
      fc.property(remoteWriteBody, (body) =>
        throwsOnly(DeliveryError, () => {
          // labels are read off the wire only when asked for: ask, as the normaliser does
          for (const series of decodeWriteRequest(body, 1 << 20).timeseries) void series.labels;
        }),
      ),
  },
  {
    name: 'remote-write-http',
    doc: 'POST /api/v1/write: a 2xx, or a 4xx with a JSON message',
    property: () => fc.asyncProperty(remoteWriteBody, (body) => answersWell({ path: '/api/v1/write', headers: remoteWriteHeaders, body })),
  },
  ...(['github', 'gitlab', 'pagerduty', 'cdevents'] as const).map(
    (source): FuzzTarget => ({
      name: `${source}-http`,
      doc: `POST /ingest/${source}: mutated fixtures of collectors/${source}/testdata, mutated headers: a 2xx, or a 4xx with a JSON message`,
      property: () => fc.asyncProperty(webhookCases[source], answersWell),
    }),
  ),
  {
    name: 'focus-http',
    doc: 'POST /ingest/cost/focus: the FOCUS sample export mutated (quotes, line ends, huge decimals), plain or gzip: a 2xx, or a 4xx with a JSON message',
    property: () =>
      fc.asyncProperty(
        mutatedBytes([focusCsv], { tokens: csvTokens, maxEdits: 8 }).chain((body) => maybeGzip({ path: '/ingest/cost/focus', headers: { 'Content-Type': 'text/csv' }, body })),
        answersWell,
      ),
  },
  {
    name: 'slo-yaml',
    doc: 'SLO spec loader (server/slo/spec): mutated example and test specs load without throwing; every problem is an error with a file:line:column',
    property: () =>
      fc.asyncProperty(mutatedBytes(yamlFiles, { tokens: yamlTokens, maxEdits: 6 }), async (text) => {
        const result = await loadFiles({ 'fuzz.yaml': text.toString('utf8') });
        for (const e of [...result.errors, ...result.warnings]) {
          if (!(e.line >= 1 && e.column >= 1 && typeof e.message === 'string' && e.message !== '')) throw new Error(`a problem without a position or message: ${JSON.stringify(e)}`);
        }
      }),
  },
];
