/**
 * OTLP/gRPC beside OTLP/HTTP into one hub: `npm run bench:otlp-transport -- --help`.
 * The same prebuilt ExportTraceServiceRequest bodies (bench/ingest-traces/spans.ts: real SDK
 * spans, ids stamped per request) go over each transport in turn, alternating per round, with
 * the same number in flight; the hub acknowledges a request once its rows are stored, and
 * every acknowledged span is counted back from chDB after it stopped. Writes
 * bench/results/otlp-transport.{md,json}.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as grpc from '@grpc/grpc-js';
import { freePort } from '../../test/support/hub.js';
import { root, startBenchHub } from '../ingest-traces/hub-process.js';
import { buildTemplate, stamp } from '../ingest-traces/spans.js';
import { machine, spread } from '../support/stats.js';
import { storedSpans } from '../support/stored-spans.js';

const help = `usage: npm run bench:otlp-transport -- [options]

  --spans N        spans per phase (default 300000)
  --batch N        spans per request (default 512, the SDK's maxExportBatchSize)
  --in-flight N    requests in flight (default 16)
  --rounds N       rounds; each sends one phase over HTTP and one over gRPC (default 3)
  --out BASE       results path without extension (default bench/results/otlp-transport)
  --no-write       print the results, write nothing
  --help           this text
`;
const { values: opts } = parseArgs({
  options: {
    spans: { type: 'string', default: '300000' },
    batch: { type: 'string', default: '512' },
    'in-flight': { type: 'string', default: '16' },
    rounds: { type: 'string', default: '3' },
    out: { type: 'string', default: join(root, 'bench/results/otlp-transport') },
    'no-write': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (opts.help) {
  process.stdout.write(help);
  process.exit(0);
}
const load = { spans: Number(opts.spans), batch: Number(opts.batch), inFlight: Number(opts['in-flight']), rounds: Number(opts.rounds) };

type Send = (body: Buffer) => Promise<void>;

function httpSender(base: string): { send: Send; close(): void } {
  const agent = new Agent({ keepAlive: true, maxSockets: load.inFlight });
  const url = new URL('/v1/traces', base);
  const send: Send = (body) =>
    new Promise((resolve, reject) => {
      const req = request(url, { method: 'POST', agent, headers: { 'Content-Type': 'application/x-protobuf', 'Content-Length': body.length } }, (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`))));
      });
      req.once('error', reject);
      req.end(body);
    });
  return { send, close: () => agent.destroy() };
}

/** A generic client that sends the prebuilt bytes as they are, as the SDK's gRPC exporter would send them once serialised. */
function grpcSender(address: string): { send: Send; close(): void } {
  const client = new grpc.Client(address, grpc.credentials.createInsecure());
  const raw = (b: Buffer) => b;
  const send: Send = (body) =>
    new Promise((resolve, reject) => {
      client.makeUnaryRequest('/opentelemetry.proto.collector.trace.v1.TraceService/Export', raw, raw, body, (err) => (err ? reject(err) : resolve()));
    });
  return { send, close: () => client.close() };
}

async function phase(send: Send, bodies: Buffer[]): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: load.inFlight }, async () => {
      for (let i = next++; i < bodies.length; i = next++) await send(bodies[i]!);
    }),
  );
  return (performance.now() - started) / 1000;
}

const grpcPort = await freePort();
const dataDir = mkdtempSync(join(tmpdir(), 'octolens-bench-transport-'));
const hub = await startBenchHub({ dataDir, env: { OCTOLENS_OTLP_GRPC_PORT: String(grpcPort) } });
const templates = Array.from({ length: 16 }, (_, i) => buildTemplate(i, load.batch));
const spansPerBody = templates[0]!.spans;
const perPhase = Math.ceil(load.spans / spansPerBody);
let seq = 0;
const bodies = () => Array.from({ length: perPhase }, () => stamp(templates[seq % templates.length]!, ++seq));
const transports = { HTTP: httpSender(hub.otlpUrl), gRPC: grpcSender(`127.0.0.1:${grpcPort}`) };
const results: Record<'HTTP' | 'gRPC', Array<{ spansPerS: number; cpuMicrosPerSpan: number }>> = { HTTP: [], gRPC: [] };
let acknowledged = 0;
try {
  // warm-up on both: connections, JIT, table creation
  for (const t of Object.values(transports)) await phase(t.send, bodies().slice(0, 20));
  acknowledged += 40 * spansPerBody;
  for (let round = 0; round < load.rounds; round++) {
    for (const name of (round % 2 ? ['gRPC', 'HTTP'] : ['HTTP', 'gRPC']) as Array<'HTTP' | 'gRPC'>) {
      const b = bodies();
      const cpu = hub.cpuSeconds();
      const seconds = await phase(transports[name].send, b);
      const spans = b.length * spansPerBody;
      acknowledged += spans;
      results[name].push({ spansPerS: spans / seconds, cpuMicrosPerSpan: ((hub.cpuSeconds() - cpu) / spans) * 1e6 });
      console.log(`round ${round + 1} ${name.padEnd(5)} ${Math.round(spans / seconds).toLocaleString('en').padStart(9)} spans/s`);
    }
  }
} finally {
  for (const t of Object.values(transports)) t.close();
  await hub.stop();
}
const { rows: stored } = await storedSpans(dataDir);
rmSync(dataDir, { recursive: true, force: true });

const med = (name: 'HTTP' | 'gRPC', f: (r: { spansPerS: number; cpuMicrosPerSpan: number }) => number) => spread(results[name].map(f)).median;
const ratio = spread(results.gRPC.map((g, i) => g.spansPerS / results.HTTP[i]!.spansPerS)).median;
const report = { date: new Date().toISOString(), machine: machine(), node: process.version, load: { ...load, spansPerBody }, results, ratio, acknowledged, stored };
const fmt = (n: number) => Math.round(n).toLocaleString('en');
const markdown = `# OTLP/gRPC beside OTLP/HTTP: trace ingest into one hub

${report.date.slice(0, 10)} · ${report.machine.cores} cores (${report.machine.cpu}) · Node ${report.node} · \`npm run bench:otlp-transport\`

The same protobuf ExportTraceServiceRequest bodies (${spansPerBody} SDK spans each, ids unique per
request) over each transport in turn, ${load.rounds} rounds alternating the order, ${load.inFlight}
requests in flight, ${fmt(perPhase * spansPerBody)} spans a phase; the hub answers once the rows are stored.

| transport | spans/s (median) | hub CPU µs per span (median) |
|---|---|---|
| OTLP/HTTP (protobuf) | ${fmt(med('HTTP', (r) => r.spansPerS))} | ${med('HTTP', (r) => r.cpuMicrosPerSpan).toFixed(1)} |
| OTLP/gRPC | ${fmt(med('gRPC', (r) => r.spansPerS))} | ${med('gRPC', (r) => r.cpuMicrosPerSpan).toFixed(1)} |

gRPC ÷ HTTP, median of the per-round ratios: **${ratio.toFixed(2)}×**. Spans acknowledged
${fmt(acknowledged)}, stored ${fmt(stored)}.
`;
console.log(`\n${markdown}`);
if (!opts['no-write']) {
  writeFileSync(`${opts.out}.json`, JSON.stringify(report, null, 2) + '\n');
  writeFileSync(`${opts.out}.md`, markdown);
}
if (stored !== acknowledged) {
  console.error(`stored ${stored} ≠ acknowledged ${acknowledged}`);
  process.exitCode = 1;
}
