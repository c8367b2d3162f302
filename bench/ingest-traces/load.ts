/**
 * Load generator, run as its own process so its CPU is not the hub's:
 *   node --import tsx bench/ingest-traces/load.ts --url http://127.0.0.1:4318 --spans 1000000 --batch 512 --concurrency 8
 * Several loaders at once are told apart by `--first-seq` (the ids of request n carry
 * first-seq + n), so their requests never share ids and the hub never deduplicates them.
 * Sends OTLP/HTTP protobuf trace requests (log requests with `--signal logs`: then "spans"
 * below counts log records) at a fixed concurrency, retries 429/503 after Retry-After with
 * the same body, and prints one JSON object (LoadResult) on stdout.
 */
import { Agent, request } from 'node:http';
import { parseArgs } from 'node:util';
import { ProtobufLogsSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { buildLogTemplate, stampLogs, type LogTemplate } from '../ingest-logs/records.js';
import { buildTemplate, stamp, type Template } from './spans.js';

/** What differs per signal: where to send, how bodies are built and stamped, what a partial success refuses. */
interface Signal<T extends Template> {
  path: string;
  /** distinct bodies to cycle through (logs: enough that a row repeats only compression blocks apart) */
  templates: number;
  build(index: number, items: number): T;
  stamp(template: T, seq: number): Buffer;
  rejected(reply: Buffer): number;
}
const signals: { traces: Signal<Template>; logs: Signal<LogTemplate> } = {
  traces: { path: '/v1/traces', templates: 16, build: buildTemplate, stamp, rejected: (b) => Number(ProtobufTraceSerializer.deserializeResponse(b).partialSuccess?.rejectedSpans ?? 0) },
  logs: { path: '/v1/logs', templates: 128, build: buildLogTemplate, stamp: stampLogs, rejected: (b) => Number(ProtobufLogsSerializer.deserializeResponse(b).partialSuccess?.rejectedLogRecords ?? 0) },
};

export interface LoadResult {
  spansSent: number;
  spansAcked: number;
  spansRejected: number;
  requests: number;
  retries: number;
  failedRequests: number;
  /** epoch ms of the first send and of the last acknowledgement */
  firstSendMs: number;
  lastAckMs: number;
  elapsedS: number;
  ackSpansPerS: number;
  latencyMs: { p50: number; p99: number; max: number };
  /** CPU while sending, and for the whole process (start-up and building bodies included) */
  cpu: { userS: number; sysS: number; processS: number };
  errors: string[];
}

const { values: opts } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:4318' },
    spans: { type: 'string', default: '1000000' },
    batch: { type: 'string', default: '512' },
    concurrency: { type: 'string', default: '8' },
    signal: { type: 'string', default: 'traces' },
    templates: { type: 'string' },
    'max-seconds': { type: 'string', default: '600' },
    'first-seq': { type: 'string', default: '0' },
  },
});
if (opts.signal !== 'traces' && opts.signal !== 'logs') throw new Error(`--signal must be traces or logs, got ${opts.signal}`);
const signal = signals[opts.signal] as Signal<Template>;
const url = new URL(opts.url!);
if (url.pathname === '/') url.pathname = signal.path;
const total = Number(opts.spans);
const batch = Number(opts.batch);
const concurrency = Number(opts.concurrency);
const deadline = Date.now() + Number(opts['max-seconds']) * 1000;
const firstSeq = Number(opts['first-seq']);

const templates: Template[] = Array.from({ length: Math.min(Number(opts.templates ?? signal.templates), Math.ceil(total / batch)) }, (_, i) => signal.build(i, batch));
const remainder = total % batch ? signal.build(templates.length, total % batch) : undefined;
const requests = Math.ceil(total / batch);

const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Reply {
  status: number;
  retryAfter?: string;
  body: Buffer;
}

function post(body: Buffer): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/x-protobuf', 'content-length': body.length } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'], body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const result = { spansSent: 0, spansAcked: 0, spansRejected: 0, retries: 0, failedRequests: 0, errors: [] as string[] };
const latencies: number[] = [];
let next = 0;
let firstSendMs = 0;
let lastAckMs = 0;

function note(error: string): void {
  if (result.errors.length < 10) result.errors.push(error);
}

/** Sends one request until it is acknowledged, refused for good, or the deadline passes. */
async function send(seq: number): Promise<void> {
  const template = seq === requests && remainder ? remainder : templates[seq % templates.length]!;
  const body = signal.stamp(template, firstSeq + seq);
  const started = performance.now();
  firstSendMs ||= Date.now();
  result.spansSent += template.spans;
  while (Date.now() < deadline) {
    let reply: Reply;
    try {
      reply = await post(body);
    } catch (err) {
      note(`request ${seq}: ${(err as Error).message}`);
      result.retries++;
      await sleep(1000);
      continue;
    }
    if (reply.status === 429 || reply.status === 503) {
      result.retries++;
      await sleep(Math.max(0.05, Number(reply.retryAfter) || 1) * 1000);
      continue;
    }
    if (reply.status !== 200) {
      note(`request ${seq}: HTTP ${reply.status} ${reply.body.toString('utf8', 0, 300)}`);
      result.failedRequests++;
      return;
    }
    const rejected = reply.body.length ? signal.rejected(reply.body) : 0;
    result.spansRejected += rejected;
    result.spansAcked += template.spans - rejected;
    lastAckMs = Date.now();
    latencies.push(performance.now() - started);
    return;
  }
  note(`request ${seq}: gave up at the deadline`);
  result.failedRequests++;
}

async function worker(): Promise<void> {
  while (next < requests && Date.now() < deadline) await send(++next);
}

const cpuBefore = process.cpuUsage();
await Promise.all(Array.from({ length: concurrency }, worker));
const cpu = process.cpuUsage(cpuBefore);
agent.destroy();

latencies.sort((a, b) => a - b);
const pct = (p: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0);
const elapsedS = (lastAckMs - firstSendMs) / 1000;
const out: LoadResult = {
  ...result,
  requests,
  firstSendMs,
  lastAckMs,
  elapsedS,
  ackSpansPerS: elapsedS > 0 ? Math.round(result.spansAcked / elapsedS) : 0,
  latencyMs: { p50: pct(0.5), p99: pct(0.99), max: pct(1) },
  cpu: { userS: cpu.user / 1e6, sysS: cpu.system / 1e6, processS: (process.cpuUsage().user + process.cpuUsage().system) / 1e6 },
};
process.stdout.write(JSON.stringify(out) + '\n');
