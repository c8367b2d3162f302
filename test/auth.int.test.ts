/**
 * Authentication end to end on a real hub process (OCTOLENS_AUTH=on): the real OTel SDK
 * exporters over OTLP/HTTP and OTLP/gRPC with and without a token, the query API, the
 * `octolens token` commands, and how the first admin token comes to be.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Metadata } from '@grpc/grpc-js';
import { diag, DiagLogLevel, SpanKind } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { OTLPTraceExporter as TracesGrpc } from '@opentelemetry/exporter-trace-otlp-grpc';
import { OTLPTraceExporter as TracesProto } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokensResult, TraceResult } from '../shared/api.js';
import { generateToken } from '../server/auth/tokens.js';
import { startClickHouseHttp, type ClickHouseHttpServer } from './support/clickhouse-http.js';
import { eventually } from './support/eventually.js';
import { startHub, type RunningHub } from './support/hub.js';
import { makeSpans } from './support/spans.js';
import { storedSpanIds } from './support/stored-span-ids.js';

const root = resolve(import.meta.dirname, '..');
const BOOTSTRAP = generateToken();

let hub: RunningHub;
beforeAll(async () => {
  hub = await startHub({ env: { OCTOLENS_AUTH: 'on', OCTOLENS_BOOTSTRAP_TOKEN: BOOTSTRAP } });
});
afterAll(async () => {
  await hub?.dispose();
});

/** `octolens <args>` as a user runs it; never throws, gives the exit code and both streams */
async function octolens(args: string[], token?: string, stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, OCTOLENS_TOKEN: token ?? '' };
  try {
    const running = promisify(execFile)(process.execPath, [join(root, 'bin/octolens.mjs'), ...args], { cwd: root, env });
    running.child.stdin!.end(stdin);
    const { stdout, stderr } = await running;
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

/** One span through `exporter`, called directly so its result is seen; resolves with the trace id and that result. */
async function sendSpan(exporter: SpanExporter, name: string): Promise<{ traceId: string; result: ExportResult }> {
  const made = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ resource: resourceFromAttributes({ 'service.name': 'auth-test' }), spanProcessors: [new SimpleSpanProcessor(made)] });
  provider.getTracer('auth-test').startSpan(name, { kind: SpanKind.SERVER }).end();
  await provider.forceFlush();
  const spans = made.getFinishedSpans();
  const result = await new Promise<ExportResult>((done) => exporter.export(spans, done));
  await exporter.shutdown();
  return { traceId: spans[0]!.spanContext().traceId, result };
}

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const metadataWith = (token?: string) => {
  const metadata = new Metadata();
  if (token) metadata.set('authorization', `Bearer ${token}`);
  return metadata;
};
const grpcWith = (token?: string) => new TracesGrpc({ url: `http://${hub.otlpGrpcAddress}`, metadata: metadataWith(token) });

async function storedSpans(traceId: string, token: string): Promise<number> {
  // the queue flushes every 50 ms in tests; a missing trace is a 404
  for (let i = 0; i < 50; i++) {
    const res = await fetch(`${hub.apiUrl}/api/v1/traces/${traceId}`, { headers: bearer(token) });
    if (res.status === 200) return ((await res.json()) as TraceResult).spans.length;
    await new Promise((r) => setTimeout(r, 100));
  }
  return 0;
}

describe('a hub with authentication on', () => {
  let ingest: string;
  let ingestId: string;
  /** an ingest token limited to the service checkout */
  let checkoutId: string;

  it('creates an ingest token with `octolens token create` under the bootstrap admin token, and refuses without one', async () => {
    const refused = await octolens(['token', 'create', '--hub', hub.apiUrl, '--name', 'sdk', '--scope', 'ingest']);
    expect([refused.code, refused.stdout, refused.stderr.trim()]).toEqual([
      1,
      '',
      'octolens: the hub refused (401): authentication required: send Authorization: Bearer <token>, a token with the admin scope (octolens token create --scope admin) (set OCTOLENS_TOKEN to a token with the admin scope)',
    ]);
    const created = await octolens(['token', 'create', '--hub', hub.apiUrl, '--name', 'sdk', '--scope', 'ingest'], BOOTSTRAP);
    expect(created.code).toBe(0);
    ingest = created.stdout.trim();
    expect(ingest).toMatch(/^olt_[A-Za-z0-9_-]{43}$/);
    ingestId = created.stderr.match(/^created token ([0-9a-f]{16}) "sdk" \(ingest\): shown this once, the hub keeps only its hash$/m)![1]!;
    const usage = await octolens(['token', 'create', '--hub', hub.apiUrl, '--name', 'x', '--scope', 'root'], BOOTSTRAP);
    expect([usage.code, usage.stderr.trim()]).toEqual([2, 'octolens: --scope: expected a comma list of ingest, read, write, admin, got "root"']);
  });

  it('stores spans the SDK sends with the token over OTLP/HTTP and gRPC, and none sent without it', async () => {
    const results = {
      http: await sendSpan(new TracesProto({ url: `${hub.otlpUrl}/v1/traces`, headers: bearer(ingest) }), 'with token http'),
      grpc: await sendSpan(grpcWith(ingest), 'with token grpc'),
      httpNone: await sendSpan(new TracesProto({ url: `${hub.otlpUrl}/v1/traces` }), 'no token http'),
      grpcNone: await sendSpan(grpcWith(), 'no token grpc'),
    };
    expect(Object.values(results).map((r) => r.result.code)).toEqual([ExportResultCode.SUCCESS, ExportResultCode.SUCCESS, ExportResultCode.FAILED, ExportResultCode.FAILED]);
    expect(results.grpcNone.result.error?.message).toContain('authentication required: send Authorization: Bearer <token>, a token with the ingest scope');
    // an ingest token cannot read; the admin token can
    expect((await fetch(`${hub.apiUrl}/api/v1/traces/${results.http.traceId}`, { headers: bearer(ingest) })).status).toBe(403);
    expect(await Promise.all(Object.values(results).map((r) => storedSpans(r.traceId, BOOTSTRAP)))).toEqual([1, 1, 0, 0]);
  });

  it('limits a token to services with `octolens token create --services`, each named once, and refuses an empty list', async () => {
    const created = await octolens(['token', 'create', '--hub', hub.apiUrl, '--name', 'checkout-sender', '--scope', 'ingest', '--services', 'checkout, checkout'], BOOTSTRAP);
    expect(created.code).toBe(0);
    expect(created.stdout.trim()).toMatch(/^olt_[A-Za-z0-9_-]{43}$/);
    checkoutId = created.stderr.match(/^created token ([0-9a-f]{16}) "checkout-sender" \(ingest; services checkout\): shown this once, the hub keeps only its hash$/m)![1]!;
    const usage = await octolens(['token', 'create', '--hub', hub.apiUrl, '--name', 'x', '--scope', 'ingest', '--services', ' , '], BOOTSTRAP);
    expect([usage.code, usage.stderr.trim()]).toEqual([2, 'octolens: --services: expected a comma list of service names, got " , "']);
  });

  it('lists tokens without their secrets and revokes one: its next export is refused', async () => {
    const listed = await octolens(['token', 'list', '--hub', hub.apiUrl], BOOTSTRAP);
    expect(listed.code).toBe(0);
    const lines = listed.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^ID\s+NAME\s+SCOPES\s+TEAMS\s+SERVICES\s+CREATED\s+LAST USED\s+EXPIRES\s+STATE$/);
    expect(lines.slice(1).map((l) => l.split(/\s{2,}/).filter((c, i) => i !== 5 && i !== 6))).toEqual([
      [checkoutId, 'checkout-sender', 'ingest', 'any', 'checkout', 'never', 'active'],
      [ingestId, 'sdk', 'ingest', 'any', 'any', 'never', 'active'],
      [expect.stringMatching(/^[0-9a-f]{16}$/), 'bootstrap', 'admin', 'any', 'any', 'never', 'active'],
    ]);
    expect(listed.stdout).not.toContain(ingest);

    const revoked = await octolens(['token', 'revoke', ingestId, '--hub', hub.apiUrl], BOOTSTRAP);
    expect([revoked.code, revoked.stdout]).toEqual([0, expect.stringMatching(new RegExp(`^revoked token ${ingestId} "sdk" at \\d{4}-`))]);
    const after = await sendSpan(new TracesProto({ url: `${hub.otlpUrl}/v1/traces`, headers: bearer(ingest) }), 'after revoke');
    expect(after.result.code).toBe(ExportResultCode.FAILED);
    const { tokens } = (await (await fetch(`${hub.apiUrl}/api/v1/tokens`, { headers: bearer(BOOTSTRAP) })).json()) as TokensResult;
    expect(tokens.find((t) => t.id === ingestId)).toMatchObject({ revokedAt: expect.any(String), lastUsedAt: expect.any(String) });
  });

  it('adds a UI user with `octolens user add`, the password on stdin, who logs in and reads', async () => {
    const noPassword = await octolens(['user', 'add', '--hub', hub.apiUrl, '--name', 'alice', '--role', 'editor'], BOOTSTRAP);
    expect([noPassword.code, noPassword.stderr.trim()]).toEqual([2, 'octolens: no password on stdin: pipe it in, e.g. `printf %s "$PASSWORD" | octolens user add --name alice --role editor`']);
    const added = await octolens(['user', 'add', '--hub', hub.apiUrl, '--name', 'alice', '--role', 'editor'], BOOTSTRAP, 'a long enough passphrase\n');
    expect([added.code, added.stdout.trim()]).toEqual([0, 'added user "alice" (editor)']);
    const listed = await octolens(['user', 'list', '--hub', hub.apiUrl], BOOTSTRAP);
    expect(listed.stdout.trim()).toMatch(/^alice\teditor\t-\tadded \d{4}-\d{2}-\d{2} by bootstrap$/);

    const login = await fetch(`${hub.apiUrl}/api/v1/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'alice', password: 'a long enough passphrase' }) });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    expect((await fetch(`${hub.apiUrl}/api/v1/services`, { headers: { Cookie: cookie } })).status).toBe(200);
    const removed = await octolens(['user', 'remove', 'alice', '--hub', hub.apiUrl], BOOTSTRAP);
    expect([removed.code, removed.stdout.trim()]).toEqual([0, 'removed user "alice"; their sessions have ended']);
    expect((await fetch(`${hub.apiUrl}/api/v1/services`, { headers: { Cookie: cookie } })).status).toBe(401);
  });

  it('keeps the probes open and /metrics behind a token', async () => {
    expect(await Promise.all(['/healthz', '/readyz', '/metrics'].map(async (p) => (await fetch(hub.apiUrl + p)).status))).toEqual([200, 200, 401]);
    expect((await fetch(`${hub.apiUrl}/metrics`, { headers: bearer(BOOTSTRAP) })).status).toBe(200);
  });
});

describe('an ingest token limited to a service', () => {
  const ch = { user: 'octolens', password: 's3cret', database: 'telemetry' };
  let dir: string;
  let server: ClickHouseHttpServer;
  let limitedHub: RunningHub;
  let checkoutOnly: string;
  beforeAll(async () => {
    // a ClickHouse-protocol server, so what was stored is counted in the storage itself
    dir = mkdtempSync(join(tmpdir(), 'octolens-auth-ch-'));
    server = await startClickHouseHttp({ path: dir, users: { octolens: ch.password }, databases: [ch.database] });
    limitedHub = await startHub({ env: { OCTOLENS_AUTH: 'on', OCTOLENS_BOOTSTRAP_TOKEN: BOOTSTRAP, CLICKHOUSE_URL: server.url, CLICKHOUSE_USER: ch.user, CLICKHOUSE_PASSWORD: ch.password, CLICKHOUSE_DATABASE: ch.database } });
    const created = await octolens(['token', 'create', '--hub', limitedHub.apiUrl, '--name', 'checkout-sender', '--scope', 'ingest', '--services', 'checkout'], BOOTSTRAP);
    checkoutOnly = created.stdout.trim();
  }, 120_000);
  afterAll(async () => {
    await limitedHub?.dispose();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores exactly the spans of its service from the SDK’s requests of two resources (HTTP and gRPC), and tells the SDK the others were rejected', async () => {
    const reported: string[] = [];
    diag.setLogger({ error: () => {}, warn: (...args: unknown[]) => void reported.push(args.join(' ')), info: () => {}, debug: () => {}, verbose: () => {} }, DiagLogLevel.WARN);
    const sent = { checkout: [] as string[], payments: [] as string[] };
    const exporters = [new TracesProto({ url: `${limitedHub.otlpUrl}/v1/traces`, headers: bearer(checkoutOnly) }), new TracesGrpc({ url: `http://${limitedHub.otlpGrpcAddress}`, metadata: metadataWith(checkoutOnly) })];
    const results: ExportResult[] = [];
    try {
      for (const exporter of exporters) {
        // one export call: the exporter sends both resources in one request
        const checkout = makeSpans('checkout', ['GET /cart', 'POST /checkout']);
        const payments = makeSpans('payments', ['charge', 'refund', 'capture']);
        sent.checkout.push(...checkout.map((s) => s.spanContext().spanId));
        sent.payments.push(...payments.map((s) => s.spanContext().spanId));
        results.push(await new Promise<ExportResult>((done) => exporter.export([...checkout, ...payments], done)));
        await exporter.shutdown();
      }
    } finally {
      diag.disable();
    }
    expect(results.map((r) => r.code)).toEqual([ExportResultCode.SUCCESS, ExportResultCode.SUCCESS]);
    const partial = 'Received Partial Success response: {"rejectedSpans":3,"errorMessage":"3 of 5 spans rejected: the token may send only service \\"checkout\\", not \\"payments\\" (3)"}';
    expect(reported).toEqual([partial, partial]);
    const stored = await eventually(() => storedSpanIds(server.url, ch, 'checkout'), (m) => m.size >= sent.checkout.length, 30_000);
    expect([...stored].sort()).toEqual(sent.checkout.map((id) => [id, 1]).sort());
    expect((await storedSpanIds(server.url, ch, 'payments')).size).toBe(0);
  });
});

describe('a process apart from the api', () => {
  it('refuses to start with authentication on and no shared metadata store, saying what to set (exit 2)', async () => {
    const env = { OCTOLENS_AUTH: 'on', REDIS_URL: 'redis://127.0.0.1:9', OCTOLENS_PORT: '0', OCTOLENS_OTLP_PORT: '0' };
    const dataDir = mkdtempSync(join(tmpdir(), 'octolens-auth-'));
    const started = await promisify(execFile)(process.execPath, [join(root, 'bin/octolens.mjs'), 'start', '--role', 'collector', '--data-dir', dataDir], { cwd: root, env: { ...process.env, ...env } })
      .then(
        () => ({ code: 0, stderr: '' }),
        (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
      )
      .finally(() => rmSync(dataDir, { recursive: true, force: true }));
    expect([started.code, started.stderr.trim().split('\n').at(-1)]).toEqual([
      2,
      'octolens: with authentication on, a collector process apart from the api checks API tokens in the metadata store they share: set DATABASE_URL (PostgreSQL), or OCTOLENS_AUTH=off where only trusted senders reach it',
    ]);
  });
});

describe('the first admin token', () => {
  it('is printed once by a hub with authentication on and no token, works, and is not made again at the next start', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'octolens-auth-'));
    try {
      const first = await startHub({ dataDir, env: { OCTOLENS_AUTH: 'on' } });
      const printed = first.output().match(/^ {4}(olt_[A-Za-z0-9_-]{43})$/m)?.[1];
      await first.stop();
      expect(first.output()).toContain('Authentication is on and no API token existed, so this admin token was created.');
      const again = await startHub({ dataDir, env: { OCTOLENS_AUTH: 'on' } });
      try {
        expect(again.output()).not.toMatch(/olt_/);
        const res = await fetch(`${again.apiUrl}/api/v1/tokens`, { headers: bearer(printed!) });
        expect(((await res.json()) as TokensResult).tokens.map((t) => [t.name, t.scopes, t.createdBy])).toEqual([['first admin', ['admin'], 'first start']]);
      } finally {
        await again.stop();
      }
      // the quick start's default, said loudly
      const open = await startHub({ dataDir });
      await open.stop();
      expect(open.output()).toContain('AUTHENTICATION IS OFF');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
