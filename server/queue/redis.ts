import { createHash } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import {
  QueueFullError,
  QueueUnavailableError,
  type EncodedRows,
  type IngestQueue,
  type IngestRequest,
  type PushResult,
} from './types.js';

/**
 * The scale-out queue: BullMQ on Redis (docs/architecture.md, "The Redis queue").
 *
 * Collector side (here): one job per request, job id derived from the request key,
 * acknowledged once the job is in Redis. Worker side: redis-worker.ts.
 *
 * Depth is kept in Redis, not read from BullMQ's counts (which count jobs, not rows): a
 * hash `<prefix>:depth` {rows, bytes} is raised by the same Lua script that claims the
 * request key, and lowered by the one that marks it settled, so each job is counted once
 * whichever collector added it and however often a worker retried it.
 */
export interface RedisQueueConfig {
  url: string;
  /** BullMQ queue name; the dead-letter queue is `<name>-dead` */
  name: string;
  maxRows: number;
  maxBytes: number;
  /** how long a settled request's key is remembered, so a re-send is not queued again */
  dedupWindowMs: number;
  /** attempts before a job moves to the dead-letter queue (set on the job by the collector) */
  attempts: number;
}

/**
 * A job's payload: the request as the collector encoded it. JSONEachRow bytes travel as UTF-8
 * text, a Native block as base64 (BullMQ stores a job as JSON).
 */
export interface JobData {
  key: string;
  rows: number;
  bytes: number;
  parts: Array<{ table: EncodedRows['table']; rows: number; data: string; format?: 'Native' }>;
}

/** A job part as the collector wrote it → the request part the writer takes. */
export function partOfJob(part: JobData['parts'][number]): EncodedRows {
  return part.format === 'Native' ? { ...part, data: Buffer.from(part.data, 'base64') } : part;
}

/** Redis keys beside BullMQ's, under one prefix per queue name. */
export function keys(name: string) {
  const base = `octolens:${name}`;
  return {
    depth: `${base}:depth`,
    request: (jobId: string) => `${base}:req:${jobId}`,
    /** the group a job was first inserted in (redis-worker.ts) */
    group: (jobId: string) => `${base}:grp:${jobId}`,
    /** a group's job ids, as JSON */
    members: (groupId: string) => `${base}:grpm:${groupId}`,
    /** set once a group's insert succeeded */
    stored: (groupId: string) => `${base}:grps:${groupId}`,
  };
}

/** BullMQ ids may not contain ':' and request keys do: the id is a hash of the key. */
export const jobIdOf = (key: string): string => `r${createHash('sha256').update(key).digest('hex').slice(0, 40)}`;

export const deadLetterQueueName = (name: string) => `${name}-dead`;

/** How a request's job is added, by a collector and by a dead-letter replay alike: its own id, retried with the worker's backoff, gone once stored. */
export const jobOptions = (jobId: string, attempts: number) => ({ jobId, attempts, backoff: { type: 'custom' as const }, removeOnComplete: true });

/**
 * Claims the request key and raises the depth, or says why not: 0 settled (stored or
 * dead-lettered), 2 queued already, -1 full, 1 claimed.
 */
const CLAIM = `
local state = redis.call('GET', KEYS[1])
if state == 'queued' then return 2 end
if state then return 0 end
local rows = tonumber(redis.call('HGET', KEYS[2], 'rows') or '0')
local bytes = tonumber(redis.call('HGET', KEYS[2], 'bytes') or '0')
if rows + tonumber(ARGV[1]) > tonumber(ARGV[3]) or bytes + tonumber(ARGV[2]) > tonumber(ARGV[4]) then return -1 end
redis.call('SET', KEYS[1], 'queued')
redis.call('HINCRBY', KEYS[2], 'rows', ARGV[1])
redis.call('HINCRBY', KEYS[2], 'bytes', ARGV[2])
return 1`;

/**
 * Leaves the 'queued' state once (stored, dead-lettered, or an add that failed): lowers the
 * depth and sets the new state for the dedup window (ARGV[4] = 0 deletes the key).
 * Idempotent: a second call for the same job finds no 'queued' and changes nothing.
 */
const SETTLE = `
if redis.call('GET', KEYS[1]) ~= 'queued' then return 0 end
redis.call('HINCRBY', KEYS[2], 'rows', -tonumber(ARGV[1]))
redis.call('HINCRBY', KEYS[2], 'bytes', -tonumber(ARGV[2]))
if tonumber(ARGV[4]) > 0 then redis.call('SET', KEYS[1], ARGV[3], 'PX', ARGV[4]) else redis.call('DEL', KEYS[1]) end
return 1`;

/** Back to 'queued' (a replayed dead letter): raises the depth again. */
const REQUEUE = `
if redis.call('GET', KEYS[1]) == 'queued' then return 0 end
redis.call('SET', KEYS[1], 'queued')
redis.call('HINCRBY', KEYS[2], 'rows', ARGV[1])
redis.call('HINCRBY', KEYS[2], 'bytes', ARGV[2])
return 1`;

/**
 * Records a group before its insert: KEYS are each job's group key, then the group's members
 * key; ARGV the group id, the TTL and the member ids as JSON. Records nothing and returns 0
 * when a job already belongs to a group (another attempt of it got there first).
 */
const GROUP = `
for i = 1, #KEYS - 1 do if redis.call('EXISTS', KEYS[i]) == 1 then return 0 end end
for i = 1, #KEYS - 1 do redis.call('SET', KEYS[i], ARGV[1], 'PX', ARGV[2]) end
redis.call('SET', KEYS[#KEYS], ARGV[3], 'PX', ARGV[2])
return 1`;

export type ScriptedRedis = Redis & {
  octolensClaim(req: string, depth: string, rows: number, bytes: number, maxRows: number, maxBytes: number): Promise<number>;
  octolensSettle(req: string, depth: string, rows: number, bytes: number, state: string, ttlMs: number): Promise<number>;
  octolensRequeue(req: string, depth: string, rows: number, bytes: number): Promise<number>;
  /** numKeys, then the keys and arguments GROUP takes */
  octolensGroup(numKeys: number, ...keysThenArgs: Array<string | number>): Promise<number>;
};

/** One ioredis connection with the queue's scripts; BullMQ needs maxRetriesPerRequest null. */
export function connectRedis(url: string): ScriptedRedis {
  const redis = new Redis(url, { maxRetriesPerRequest: null, lazyConnect: false }) as ScriptedRedis;
  redis.defineCommand('octolensClaim', { numberOfKeys: 2, lua: CLAIM });
  redis.defineCommand('octolensSettle', { numberOfKeys: 2, lua: SETTLE });
  redis.defineCommand('octolensRequeue', { numberOfKeys: 2, lua: REQUEUE });
  redis.defineCommand('octolensGroup', { lua: GROUP });
  // ioredis reconnects by itself; without a listener an outage would be an unhandled 'error'
  redis.on('error', () => {});
  return redis;
}

/** Rows and bytes queued but not yet settled, as Redis holds them. */
export async function readDepth(redis: Redis, name: string): Promise<{ rows: number; bytes: number }> {
  const [rows, bytes] = await redis.hmget(keys(name).depth, 'rows', 'bytes');
  return { rows: Number(rows ?? 0), bytes: Number(bytes ?? 0) };
}

/** A refresh of the Redis depth this often feeds admit(), which must answer without a round trip. */
const DEPTH_REFRESH_MS = 200;
/** A push that cannot reach Redis within this is answered 503. */
const PUSH_TIMEOUT_MS = 5_000;

export interface RedisQueueGauges {
  oldestJobAgeSeconds: number;
  deadLetters: number;
}

/** The collector side: an IngestQueue whose push resolves once the request's job is in Redis. */
export function createRedisQueue(config: RedisQueueConfig): IngestQueue {
  const k = keys(config.name);
  let redis: ScriptedRedis | undefined;
  let queue: Queue | undefined;
  let depth = { rows: 0, bytes: 0 };
  let timer: NodeJS.Timeout | undefined;
  let state: 'new' | 'running' | 'stopped' = 'new';

  const full = () =>
    new QueueFullError(
      `ingest queue full: ${depth.rows} rows / ${depth.bytes} bytes waiting in Redis (limits ${config.maxRows} rows, ${config.maxBytes} bytes)`,
      1,
    );

  async function refresh(): Promise<void> {
    try {
      depth = await readDepth(redis!, config.name);
    } catch {
      // Redis unreachable: push answers 503; admit keeps the last depth
    }
  }

  async function add(request: IngestRequest): Promise<PushResult> {
    const data: JobData = { key: request.key, rows: 0, bytes: 0, parts: [] };
    for (const p of request.parts) {
      if (p.format === 'Native') data.parts.push({ table: p.table, rows: p.rows, data: (typeof p.data === 'string' ? Buffer.from(p.data) : p.data).toString('base64'), format: p.format });
      else data.parts.push({ table: p.table, rows: p.rows, data: typeof p.data === 'string' ? p.data : p.data.toString('utf8') });
      data.rows += p.rows;
      data.bytes += p.data.length;
    }
    if (data.rows === 0) return { refused: [] };
    const jobId = jobIdOf(request.key);
    const claimed = await redis!.octolensClaim(k.request(jobId), k.depth, data.rows, data.bytes, config.maxRows, config.maxBytes);
    // A key Redis knows was stored (or parked as a dead letter): not queued twice.
    if (claimed === 0) return { refused: [] };
    if (claimed === -1) {
      void refresh();
      throw full();
    }
    // claimed === 2: queued by an earlier copy, perhaps by a collector killed between its claim
    // and its add, so add again. BullMQ ignores an add under the id of a job it still holds, and
    // a settled job's key is no longer 'queued', so this adds only the job that was never added.
    const ours = claimed === 1;
    try {
      await queue!.add('request', data, jobOptions(jobId, config.attempts));
    } catch (err) {
      // Not queued: forget our claim so the client's retry is taken (an earlier copy's stays).
      if (ours) await redis!.octolensSettle(k.request(jobId), k.depth, data.rows, data.bytes, '', 0).catch(() => {});
      throw err;
    }
    if (!ours) return { refused: [] };
    depth = { rows: depth.rows + data.rows, bytes: depth.bytes + data.bytes };
    return { refused: [] };
  }

  return {
    admit() {
      if (depth.rows >= config.maxRows || depth.bytes >= config.maxBytes) throw full();
    },
    async push(request) {
      if (state !== 'running') throw new QueueUnavailableError('the hub is shutting down', 5);
      let timeout: NodeJS.Timeout | undefined;
      try {
        return await Promise.race([
          add(request),
          new Promise<never>((_, reject) => (timeout = setTimeout(() => reject(new Error(`Redis did not answer in ${PUSH_TIMEOUT_MS} ms`)), PUSH_TIMEOUT_MS))),
        ]);
      } catch (err) {
        if (err instanceof QueueFullError) throw err;
        throw new QueueUnavailableError(`could not queue the request in Redis: ${(err as Error).message}`, 5, { cause: err });
      } finally {
        clearTimeout(timeout);
      }
    },
    depth: () => depth,
    async start() {
      if (state !== 'new') return;
      redis = connectRedis(config.url);
      queue = new Queue(config.name, { connection: redis });
      queue.on('error', () => {});
      await refresh();
      timer = setInterval(() => void refresh(), DEPTH_REFRESH_MS);
      state = 'running';
    },
    async stop() {
      if (state === 'stopped' || state === 'new') {
        state = 'stopped';
        return;
      }
      state = 'stopped';
      clearInterval(timer);
      await queue?.close();
      redis?.disconnect();
    },
  };
}
