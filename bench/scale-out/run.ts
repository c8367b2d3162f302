/**
 * Scale-out through Redis beside embedded mode, in one run: `npm run bench:scale-out -- --help`.
 *
 * Each round starts every topology in turn (the order alternates per round), warms it up,
 * sends the same load of SDK-built OTLP/HTTP trace requests from loader processes (one per
 * collector, the same requests in flight in total), and times it until the last span is
 * *stored*: over Redis a 2xx means the job is in Redis, so the clock stops when the queue's
 * depth is back to zero, not at the last acknowledgement. Every acknowledged span is counted
 * back from storage once the topology stopped. Then the queue's own cost: Redis memory and
 * AOF bytes per span waiting, measured with collectors and no worker.
 *
 * Two workers need a store two processes share; no ClickHouse server installs here, so those
 * topologies (and a one-worker run beside them) write through the ClickHouse HTTP interface
 * of test/support/clickhouse-http.ts: chDB behind one serial HTTP handler in its own process,
 * which bounds them. They need PostgreSQL for metadata (TEST_DATABASE_URL) and are skipped
 * without it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { keys } from '../../server/queue/redis.js';
import { createTestDatabase, testDatabaseUrl } from '../../test/support/postgres.js';
import { startRedis, type RunningRedis } from '../../test/support/redis.js';
import { root, startBenchHub, type BenchHub } from '../ingest-traces/hub-process.js';
import type { LoadResult } from '../ingest-traces/load.js';
import { runJson, waitForQuiet } from '../ingest-traces/measure.js';
import { cpuSeconds } from '../support/proc.js';
import { machine, spread } from '../support/stats.js';
import { storedSpans, type StoredSpans } from '../support/stored-spans.js';

const help = `usage: npm run bench:scale-out -- [options]

  --spans N          spans per measured phase (default 200000)
  --batch N          spans per request (default 512, the SDK's maxExportBatchSize)
  --in-flight N      requests in flight in total, split over the collectors (default 16)
  --rounds N         rounds over all topologies, alternating their order (default 2)
  --queue-spans N    spans left waiting in Redis to measure its memory per span (default 100000)
  --only LIST        comma list of topology names to run (default: all)
  --out BASE         results path without extension (default bench/results/scale-out)
  --no-write         print the results, write nothing
  --help             this text

Topologies: embedded, redis-1c-1w, redis-2c-1w, http-1c-1w, http-1c-2w, http-2c-2w
(NcMw: N collector processes, M worker processes; http-*: the worker store is ClickHouse's
HTTP interface over chDB, and metadata is PostgreSQL from TEST_DATABASE_URL).
`;
const { values: opts } = parseArgs({
  options: {
    spans: { type: 'string', default: '200000' },
    batch: { type: 'string', default: '512' },
    'in-flight': { type: 'string', default: '16' },
    rounds: { type: 'string', default: '2' },
    'queue-spans': { type: 'string', default: '100000' },
    only: { type: 'string' },
    out: { type: 'string', default: join(root, 'bench/results/scale-out') },
    'no-write': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (opts.help) {
  process.stdout.write(help);
  process.exit(0);
}
const load = { spans: Number(opts.spans), batch: Number(opts.batch), inFlight: Number(opts['in-flight']), rounds: Number(opts.rounds), queueSpans: Number(opts['queue-spans']) };
const warmSpans = 20 * load.batch;
const queueName = 'bench';

interface Topology {
  name: string;
  collectors: number;
  workers: number;
  /** embedded: one `octolens start`; chdb: workers on embedded chDB; http: on the ClickHouse HTTP shim */
  store: 'embedded' | 'chdb' | 'http';
}
const all: Topology[] = [
  { name: 'embedded', collectors: 1, workers: 1, store: 'embedded' },
  { name: 'redis-1c-1w', collectors: 1, workers: 1, store: 'chdb' },
  { name: 'redis-2c-1w', collectors: 2, workers: 1, store: 'chdb' },
  { name: 'http-1c-1w', collectors: 1, workers: 1, store: 'http' },
  { name: 'http-1c-2w', collectors: 1, workers: 2, store: 'http' },
  { name: 'http-2c-2w', collectors: 2, workers: 2, store: 'http' },
];
const only = opts.only?.split(',');
const topologies = all.filter((t) => (!only || only.includes(t.name)) && (t.store !== 'http' || testDatabaseUrl));
if (topologies.length < all.length && !only) console.log('TEST_DATABASE_URL is not set: the http-* topologies are skipped');

/** CPU seconds so far of each part of a running topology. */
type CpuByPart = Record<'collectors' | 'workers' | 'redis' | 'store', number>;

interface Running {
  otlpUrls: string[];
  cpu(): Promise<CpuByPart>;
  /** resolves once every acknowledged span is stored */
  drained(): Promise<void>;
  /** stops every process, then counts what was stored */
  stop(): Promise<StoredSpans>;
}

const scratch: string[] = [];
const tempDir = (name: string) => {
  const dir = mkdtempSync(join(tmpdir(), `octolens-bench-scale-${name}-`));
  scratch.push(dir);
  return dir;
};

/** One section of Redis INFO, its fields as numbers by name (0 for one it lacks). */
async function redisInfo(client: Redis, section: string): Promise<(name: string) => number> {
  const text = await client.info(section);
  return (name) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(text)?.[1] ?? 0);
}

async function redisCpu(client: Redis): Promise<number> {
  const cpu = await redisInfo(client, 'cpu');
  return cpu('used_cpu_user') + cpu('used_cpu_sys');
}

async function queueDrained(client: Redis): Promise<void> {
  while (Number((await client.hget(keys(queueName).depth, 'rows')) ?? 0) > 0) await new Promise((r) => setTimeout(r, 20));
}

/** The ClickHouse HTTP shim in a child process; resolves with its URL once it listens. */
async function startShim(dir: string): Promise<{ url: string; pid: number; stop(): Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'clickhouse-shim.ts'), dir], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((r) => child.once('exit', r));
  const url = await new Promise<string>((res, rej) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) res((JSON.parse(out.split('\n')[0]!) as { url: string }).url);
    });
    void exited.then(() => rej(new Error('the ClickHouse HTTP shim exited before listening')));
  });
  return { url, pid: child.pid!, stop: async () => void (child.kill('SIGINT'), await exited) };
}

async function countOverHttp(url: string): Promise<StoredSpans> {
  const res = await fetch(url, { method: 'POST', body: 'SELECT count() AS rows, uniqExact(SpanId) AS spans FROM otel_traces FORMAT JSONEachRow' });
  const row = JSON.parse(await res.text()) as Record<string, string>;
  return { rows: Number(row.rows), spans: Number(row.spans) };
}

async function stopAll(hubs: BenchHub[]): Promise<void> {
  for (const hub of hubs) {
    const code = await hub.stop();
    if (code !== 0) throw new Error(`a hub exited with ${code}:\n${hub.output()}`);
  }
}

async function start(t: Topology): Promise<Running> {
  if (t.store === 'embedded') {
    const dataDir = tempDir('embedded');
    const hub = await startBenchHub({ dataDir });
    return {
      otlpUrls: [hub.otlpUrl],
      cpu: async () => ({ collectors: 0, workers: hub.cpuSeconds(), redis: 0, store: 0 }),
      drained: async () => undefined,
      async stop() {
        await stopAll([hub]);
        return storedSpans(dataDir);
      },
    };
  }
  const redis: RunningRedis = await startRedis({ appendfsync: 'everysec' });
  const client = new Redis(redis.url);
  const env: Record<string, string> = { REDIS_URL: redis.url, OCTOLENS_QUEUE_NAME: queueName };
  const workerDir = tempDir('worker');
  let shim: Awaited<ReturnType<typeof startShim>> | undefined;
  let dropDatabase: (() => Promise<void>) | undefined;
  if (t.store === 'http') {
    shim = await startShim(join(workerDir, 'clickhouse'));
    const db = await createTestDatabase();
    dropDatabase = db.drop;
    Object.assign(env, { CLICKHOUSE_URL: shim.url, DATABASE_URL: db.url });
  }
  // one worker also serves the API (embedded chDB and PGlite need that); the others only drain
  const workers: BenchHub[] = [];
  const collectors: BenchHub[] = [];
  try {
    for (let i = 0; i < t.workers; i++) {
      workers.push(await startBenchHub({ dataDir: i === 0 ? workerDir : tempDir('worker'), env, args: ['--role', i === 0 ? 'worker,api' : 'worker'] }));
    }
    for (let i = 0; i < t.collectors; i++) collectors.push(await startBenchHub({ dataDir: tempDir('collector'), env, args: ['--role', 'collector'] }));
  } catch (error) {
    // a process that did not start leaves none of the others running behind the benchmark
    await Promise.all([...collectors, ...workers].map((h) => h.stop()));
    await shim?.stop();
    await dropDatabase?.();
    client.disconnect();
    await redis.stop();
    throw error;
  }
  const sum = (hubs: BenchHub[]) => hubs.reduce((acc, h) => acc + h.cpuSeconds(), 0);
  return {
    otlpUrls: collectors.map((c) => c.otlpUrl),
    cpu: async () => ({ collectors: sum(collectors), workers: sum(workers), redis: await redisCpu(client), store: shim ? cpuSeconds(shim.pid) : 0 }),
    drained: () => queueDrained(client),
    async stop() {
      await stopAll(collectors);
      await queueDrained(client);
      await stopAll(workers);
      const stored = shim ? await countOverHttp(shim.url) : await storedSpans(workerDir);
      await shim?.stop();
      await dropDatabase?.();
      client.disconnect();
      await redis.stop();
      return stored;
    },
  };
}

let seq = 0;
/** Sends `spans` split over the collectors, each from its own loader process, with ids no other request has. */
async function send(otlpUrls: string[], spans: number): Promise<LoadResult[]> {
  const per = Math.ceil(spans / otlpUrls.length);
  const concurrency = Math.max(1, Math.round(load.inFlight / otlpUrls.length));
  return Promise.all(
    otlpUrls.map((url) => {
      const firstSeq = seq;
      seq += Math.ceil(per / load.batch) + 1;
      return runJson<LoadResult>('load.ts', ['--url', url, '--spans', String(per), '--batch', String(load.batch), '--concurrency', String(concurrency), '--first-seq', String(firstSeq)]);
    }),
  );
}

const fmt = (n: number) => Math.round(n).toLocaleString('en');
const acked = (loads: LoadResult[]) => loads.reduce((acc, l) => acc + l.spansAcked, 0);
const failures = (loads: LoadResult[]) => loads.flatMap((l) => (l.failedRequests ? [`${l.failedRequests} requests failed: ${l.errors.join('; ')}`] : []));

interface Run {
  topology: string;
  round: number;
  spansPerS: number;
  cpuMicrosPerSpan: CpuByPart & { total: number };
  retries: number;
  acknowledged: number;
  stored: StoredSpans;
}

/** Warms a running topology up, then times one load until it is stored. */
async function timeLoad(t: Topology, running: Running, round: number): Promise<Omit<Run, 'stored'>> {
  const warm = await send(running.otlpUrls, warmSpans);
  await running.drained();
  const before = await running.cpu();
  const loads = await send(running.otlpUrls, load.spans);
  await running.drained();
  const storedAt = Date.now();
  const after = await running.cpu();
  const problems = [...failures(warm), ...failures(loads)];
  if (problems.length) throw new Error(`${t.name}: ${problems.join('\n')}`);
  const spans = acked(loads);
  const seconds = (storedAt - Math.min(...loads.map((l) => l.firstSendMs))) / 1000;
  const part = (k: keyof CpuByPart) => ((after[k] - before[k]) / spans) * 1e6;
  const cpu = { collectors: part('collectors'), workers: part('workers'), redis: part('redis'), store: part('store') };
  return {
    topology: t.name,
    round,
    spansPerS: spans / seconds,
    cpuMicrosPerSpan: { ...cpu, total: cpu.collectors + cpu.workers + cpu.redis + cpu.store },
    retries: loads.reduce((acc, l) => acc + l.retries, 0),
    acknowledged: acked(warm) + spans,
  };
}

async function measureOnce(t: Topology, round: number): Promise<Run> {
  await waitForQuiet(30);
  const running = await start(t);
  let measured: Omit<Run, 'stored'>;
  try {
    measured = await timeLoad(t, running, round);
  } catch (error) {
    await running.stop().catch(() => undefined);
    throw error;
  }
  const run = { ...measured, stored: await running.stop() };
  console.log(`round ${round + 1} ${t.name.padEnd(12)} ${fmt(run.spansPerS).padStart(8)} spans/s  ${run.cpuMicrosPerSpan.total.toFixed(1)} CPU µs/span  stored ${run.stored.rows}/${run.acknowledged}`);
  return run;
}

/** Redis memory and AOF bytes per span waiting: collectors fill the queue, no worker drains it. */
async function queueCost(): Promise<{ spans: number; memoryBytesPerSpan: number; aofBytesPerSpan: number; queuedBytesPerSpan: number }> {
  const redis = await startRedis({ appendfsync: 'everysec' });
  const client = new Redis(redis.url);
  const collector = await startBenchHub({ dataDir: tempDir('queue'), env: { REDIS_URL: redis.url, OCTOLENS_QUEUE_NAME: queueName, OCTOLENS_QUEUE_MAX_ROWS: String(10 * load.queueSpans) }, args: ['--role', 'collector'] });
  try {
    const field = async (section: string, name: string) => (await redisInfo(client, section))(name);
    const memory = await field('memory', 'used_memory');
    const aof = await field('persistence', 'aof_current_size');
    const loads = await send([collector.otlpUrl], load.queueSpans);
    const spans = acked(loads);
    await new Promise((r) => setTimeout(r, 1500)); // everysec: let the AOF catch up
    const queuedBytes = Number((await client.hget(keys(queueName).depth, 'bytes')) ?? 0);
    return {
      spans,
      memoryBytesPerSpan: ((await field('memory', 'used_memory')) - memory) / spans,
      aofBytesPerSpan: ((await field('persistence', 'aof_current_size')) - aof) / spans,
      queuedBytesPerSpan: queuedBytes / spans,
    };
  } finally {
    await collector.stop();
    client.disconnect();
    await redis.stop();
  }
}

const runs: Run[] = [];
let queue: Awaited<ReturnType<typeof queueCost>> | undefined;
try {
  for (let round = 0; round < load.rounds; round++) {
    for (const t of round % 2 ? [...topologies].reverse() : topologies) runs.push(await measureOnce(t, round));
  }
  queue = await queueCost();
} finally {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
}

const byTopology = topologies.map((t) => {
  const mine = runs.filter((r) => r.topology === t.name);
  const med = (f: (r: Run) => number) => spread(mine.map(f)).median;
  const base = runs.filter((r) => r.topology === 'embedded');
  // the ratio of each round's run to the same round's embedded run, then the median
  const ratio = base.length ? spread(mine.map((r) => r.spansPerS / base.find((b) => b.round === r.round)!.spansPerS)).median : undefined;
  return {
    ...t,
    spansPerS: spread(mine.map((r) => r.spansPerS)),
    ratio,
    cpu: { collectors: med((r) => r.cpuMicrosPerSpan.collectors), workers: med((r) => r.cpuMicrosPerSpan.workers), redis: med((r) => r.cpuMicrosPerSpan.redis), store: med((r) => r.cpuMicrosPerSpan.store), total: med((r) => r.cpuMicrosPerSpan.total) },
  };
});
const exact = runs.every((r) => r.stored.rows === r.acknowledged && r.stored.spans === r.acknowledged);
const report = { date: new Date().toISOString(), machine: machine(), node: process.version, load, runs, byTopology, queue, exact };
const cell = (n: number) => (n ? n.toFixed(1) : '–');
const markdown = `# Scale-out: collectors and workers over Redis, beside embedded mode

${report.date.slice(0, 10)} · ${report.machine.cores} cores (${report.machine.cpu}) · Node ${report.node} · Redis 7 (AOF, \`appendfsync everysec\`) · \`npm run bench:scale-out\`

${fmt(load.spans)} SDK-built spans a run (${load.batch} a request, ${load.inFlight} requests in flight in total, one loader
process per collector), ${load.rounds} rounds alternating the order of the topologies. A run is timed from
its first request until the last span is stored (the Redis queue's depth back at zero);
every acknowledged span was counted back from storage: ${exact ? '**all stored exactly once**' : '**MISMATCH: see the JSON**'}.
*NcMw* is N collector processes and M worker processes; *redis-* workers write to embedded
chDB (one \`worker,api\` process), *http-* workers to ClickHouse's HTTP interface served by
test/support/clickhouse-http.ts over chDB in a process of its own (one request at a time),
with metadata in PostgreSQL. Every process shares the same 2 cores, the loaders' included.

| topology | spans/s, median (min–max) | ÷ embedded | CPU µs per span: collectors | workers | Redis | ClickHouse store | total |
|---|---|---|---|---|---|---|---|
${byTopology
  .map((t) => `| ${t.name} | ${fmt(t.spansPerS.median)} (${fmt(t.spansPerS.min)}–${fmt(t.spansPerS.max)}) | ${t.ratio === undefined ? '–' : `${t.ratio.toFixed(2)}×`} | ${cell(t.cpu.collectors)} | ${cell(t.cpu.workers)} | ${cell(t.cpu.redis)} | ${cell(t.cpu.store)} | ${t.cpu.total.toFixed(1)} |`)
  .join('\n')}

In *embedded* the one process does everything, so all its CPU is under workers.
${
  queue
    ? `
## The queue's cost per span

${fmt(queue.spans)} spans left waiting in Redis (collectors only, no worker):

| what | bytes per span |
|---|---|
| Redis memory (\`used_memory\`) | ${queue.memoryBytesPerSpan.toFixed(0)} |
| AOF on disk (\`aof_current_size\`) | ${queue.aofBytesPerSpan.toFixed(0)} |
| encoded rows the queue counts (its byte bound) | ${queue.queuedBytesPerSpan.toFixed(0)} |
`
    : ''
}`;
console.log(`\n${markdown}`);
if (!opts['no-write']) {
  writeFileSync(`${opts.out}.json`, JSON.stringify(report, null, 2) + '\n');
  writeFileSync(`${opts.out}.md`, markdown);
}
if (!exact) process.exitCode = 1;
