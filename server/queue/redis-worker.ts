import { createHash } from 'node:crypto';
import { Job, Queue, Worker } from 'bullmq';
import { connectRedis, deadLetterQueueName, keys, partOfJob, type JobData, type RedisQueueConfig, type ScriptedRedis } from './redis.js';
import type { BatchHandler, RefusedPart } from './types.js';

export interface RedisWorkerConfig extends RedisQueueConfig {
  /** inserts at once by this process */
  concurrency: number;
  /** first retry delay; doubles each attempt, at most a minute */
  backoffMs: number;
  /** a group of jobs inserted together stops at these (OCTOLENS_BATCH_ROWS/_BYTES) */
  batchRows: number;
  batchBytes: number;
}

export interface RedisWorkerDeps {
  handler: BatchHandler;
  /** a job stored (with the parts the store refused for good), or failed (error) */
  onJob?: (job: { id: string; key: string; rows: number }, seconds: number, outcome: 'stored' | 'failed' | 'dead', detail?: { error?: unknown; refused?: RefusedPart[] }) => void;
}

/** Jobs one process holds at once: the pool a group is cut from while its inserts run. */
const JOBS_HELD = 64;

/** A lone job keeps its own id as the group id, so its tokens are `<job id>:<table>`. */
const groupIdOf = (jobIds: string[]): string =>
  jobIds.length === 1 ? jobIds[0]! : `g${createHash('sha256').update([...jobIds].sort().join(',')).digest('hex').slice(0, 40)}`;

interface Member {
  id: string;
  data: JobData;
}

/**
 * The worker side of the Redis queue (docs/architecture.md, "The Redis queue"): takes jobs,
 * inserts them in groups, retries with exponential backoff, and after `attempts` moves a job
 * to `<name>-dead`. Rows the store refuses for good finish the job: the sender was answered
 * when it was queued, so the refusal is only logged and counted (onJob).
 *
 * Jobs taken while an insert runs are inserted together (group commit, as the embedded queue
 * does). A group's deduplication tokens come from its members, so it must never change:
 * it is recorded in Redis before its insert, and any later attempt of any member inserts
 * exactly that group again (its members read back from the queue or the dead letters), which
 * ClickHouse deduplicates if the first attempt got through. A job never recorded in a group
 * was never inserted, so it is free to join a new one.
 */
export function createRedisWorker(config: RedisWorkerConfig, deps: RedisWorkerDeps) {
  const k = keys(config.name);
  let redis: ScriptedRedis | undefined;
  let queue: Queue | undefined;
  let dead: Queue | undefined;
  let worker: Worker<JobData, RefusedPart[]> | undefined;
  let state: 'new' | 'running' | 'stopped' = 'new';
  const waiting: Array<{ member: Member; done: (refused: RefusedPart[]) => void; fail: (error: unknown) => void }> = [];
  let inserting = 0;

  /** Inserts a recorded group, marks it stored, and settles its jobs; the refusals by job id. */
  async function insert(groupId: string, members: Member[]): Promise<Map<string, RefusedPart[]>> {
    const results = await deps.handler({ id: groupId, requests: members.map((m) => ({ key: m.data.key, parts: m.data.parts.map(partOfJob) })) });
    await redis!.set(k.stored(groupId), '1', 'PX', config.dedupWindowMs);
    for (const m of members) await redis!.octolensSettle(k.request(m.id), k.depth, m.data.rows, m.data.bytes, 'done', config.dedupWindowMs);
    return new Map(members.map((m, i) => [m.id, results[i]!.refused]));
  }

  /** A new group from the jobs waiting, up to a batch (one job at least, however large). */
  async function insertNext(): Promise<void> {
    let rows = 0;
    let bytes = 0;
    let n = 0;
    for (const { member } of waiting) {
      if (n > 0 && (rows + member.data.rows > config.batchRows || bytes + member.data.bytes > config.batchBytes)) break;
      rows += member.data.rows;
      bytes += member.data.bytes;
      n++;
    }
    const group = waiting.splice(0, n);
    const members = group.map((g) => g.member);
    const groupId = groupIdOf(members.map((m) => m.id));
    try {
      const recorded = await redis!.octolensGroup(members.length + 1, ...members.map((m) => k.group(m.id)), k.members(groupId), groupId, config.dedupWindowMs, JSON.stringify(members.map((m) => m.id)));
      // only when two attempts of one job race (a stalled job handed out while its first holder lives)
      if (recorded !== 1) throw new Error('a job of this group is in another group already; retrying');
      const refused = await insert(groupId, members);
      for (const g of group) g.done(refused.get(g.member.id)!);
    } catch (error) {
      for (const g of group) g.fail(error);
    }
  }

  function kick(): void {
    while (inserting < config.concurrency && waiting.length > 0) {
      inserting++;
      void insertNext().finally(() => {
        inserting--;
        kick();
      });
    }
  }

  /** A later attempt of a job that was inserted in a group: that group again, as it was. */
  async function again(job: Job<JobData>, groupId: string): Promise<RefusedPart[]> {
    if (await redis!.exists(k.stored(groupId))) {
      await redis!.octolensSettle(k.request(job.id!), k.depth, job.data.rows, job.data.bytes, 'done', config.dedupWindowMs);
      return [];
    }
    const ids = JSON.parse((await redis!.get(k.members(groupId))) ?? 'null') as string[] | null;
    if (!ids) throw new Error(`group ${groupId} of job ${job.id} is no longer recorded`);
    const members: Member[] = [];
    for (const id of ids) {
      const data = id === job.id ? job.data : ((await Job.fromId<JobData>(queue!, id)) ?? (await Job.fromId<JobData>(dead!, id)))?.data;
      if (!data) throw new Error(`job ${id} of group ${groupId} is neither queued nor dead-lettered`);
      members.push({ id, data });
    }
    return (await insert(groupId, members)).get(job.id!)!;
  }

  async function process(job: Job<JobData, RefusedPart[]>): Promise<RefusedPart[]> {
    const started = performance.now();
    const groupId = await redis!.get(k.group(job.id!));
    const refused = groupId
      ? await again(job, groupId)
      : await new Promise<RefusedPart[]>((done, fail) => {
          waiting.push({ member: { id: job.id!, data: job.data }, done, fail });
          kick();
        });
    deps.onJob?.({ id: job.id!, key: job.data.key, rows: job.data.rows }, (performance.now() - started) / 1000, 'stored', { refused });
    return refused;
  }

  async function onFailed(job: Job<JobData, RefusedPart[]> | undefined, error: Error): Promise<void> {
    if (!job) return;
    const last = job.attemptsMade >= (job.opts.attempts ?? 1);
    deps.onJob?.({ id: job.id!, key: job.data.key, rows: job.data.rows }, 0, last ? 'dead' : 'failed', { error });
    if (!last) return;
    // Parked, not pending: its rows stop counting against the bounds, so one poison job cannot block ingest.
    await dead!.add('dead-letter', job.data, { jobId: job.id!, removeOnComplete: true });
    await redis!.octolensSettle(k.request(job.id!), k.depth, job.data.rows, job.data.bytes, 'dead', config.dedupWindowMs);
    await job.remove().catch(() => {});
  }

  return {
    async start() {
      if (state !== 'new') return;
      redis = connectRedis(config.url);
      queue = new Queue(config.name, { connection: redis });
      dead = new Queue(deadLetterQueueName(config.name), { connection: redis });
      // BullMQ's Worker blocks on its connection: it gets a copy of its own.
      worker = new Worker<JobData, RefusedPart[]>(config.name, process, {
        connection: redis.duplicate(),
        concurrency: JOBS_HELD,
        settings: { backoffStrategy: (attempts: number) => Math.min(config.backoffMs * 2 ** (attempts - 1), 60_000) },
      });
      worker.on('failed', (job, error) => void onFailed(job, error).catch(() => {}));
      worker.on('error', () => {});
      state = 'running';
    },
    async stop() {
      if (state !== 'running') {
        state = 'stopped';
        return;
      }
      state = 'stopped';
      await worker?.close();
      await queue?.close();
      await dead?.close();
      redis?.disconnect();
    },
  };
}
