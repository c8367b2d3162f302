/** The leader lease on a real PostgreSQL server: one leader per key, and failover when the holder's session dies. */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { resolve } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../lib/log.js';
import { createTestDatabase, postgresSkipReason, testDatabaseUrl } from '../../test/support/postgres.js';
import { createLease, postgresLock, type Lease, type LeaseLock } from './index.js';

const skip = postgresSkipReason();
const intervalMs = 300;
const log = createLogger('error');

/**
 * A lease, the times its listeners saw each change, and each try of its lock (when it began,
 * what it answered). Failover is asserted in tries, not milliseconds: under the full suite's
 * load one try can take longer than the interval, but the first try after the old session is
 * gone that gets an answer must take the lock. A try that fails (its query timed out on a
 * loaded machine) answered nothing about the lock and is left out.
 */
function replica(databaseUrl: string, key: number, id: string) {
  const lock = postgresLock({ databaseUrl, key, id, intervalMs });
  const tries: { at: number; held: boolean | undefined }[] = [];
  const counted: LeaseLock = {
    ...lock,
    async tryHold() {
      const at = Date.now();
      try {
        const held = await lock.tryHold();
        tries.push({ at, held });
        return held;
      } catch (error) {
        tries.push({ at, held: undefined });
        throw error;
      }
    },
  };
  const lease = createLease({ lock: counted, id, intervalMs, log });
  const changes: { leader: boolean; at: number }[] = [];
  lease.onChange((leader) => void changes.push({ leader, at: Date.now() }));
  /** the tries that began after `since` and got an answer */
  const triesSince = (since: number) => tries.filter((t): t is { at: number; held: boolean } => t.at >= since && t.held !== undefined);
  return { lease, changes, triesSince };
}

/** The pid of the lock session named for `id`. */
async function sessionOf(id: string): Promise<number> {
  const admin = new pg.Client({ connectionString: testDatabaseUrl });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [`octolens-leader ${id}`]);
    expect(rows).toHaveLength(1);
    return rows[0]!.pid;
  } finally {
    await admin.end();
  }
}

/**
 * Waits until the session `pid` is no longer on the server, the moment its lock was free
 * (PostgreSQL releases a backend's advisory locks before it leaves pg_stat_activity).
 */
async function sessionGone(pid: number): Promise<number> {
  const admin = new pg.Client({ connectionString: testDatabaseUrl });
  await admin.connect();
  try {
    for (;;) {
      const { rows } = await admin.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid]);
      if (rows.length === 0) return Date.now();
      await new Promise((r) => setTimeout(r, 5));
    }
  } finally {
    await admin.end();
  }
}

async function waitFor(check: () => boolean, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
  return Date.now() - started;
}

describe.skipIf(skip)('postgres lease', () => {
  const leases: Lease[] = [];
  const children: ChildProcess[] = [];
  const drops: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of children.splice(0)) c.kill('SIGKILL');
    for (const l of leases.splice(0)) await l.stop();
    for (const d of drops.splice(0)) await d();
  });

  async function database(): Promise<string> {
    const db = await createTestDatabase();
    drops.push(db.drop);
    return db.url;
  }

  it('gives one of two replicas on the same key the lease; pg_terminate_backend of its session frees it for the first try of either, after the holder stepped down', async () => {
    const url = await database();
    const key = randomInt(1, 2 ** 47);
    const a = replica(url, key, 'replica-a');
    const b = replica(url, key, 'replica-b');
    leases.push(a.lease, b.lease);
    await a.lease.start();
    await b.lease.start();
    expect([a.lease.isLeader(), b.lease.isLeader()]).toEqual([true, false]);
    expect(await b.lease.holder()).toBe('replica-a');
    // several tries later, still exactly one leader and no flapping
    await new Promise((r) => setTimeout(r, intervalMs * 4));
    expect([a.lease.isLeader(), b.lease.isLeader()]).toEqual([true, false]);
    expect(a.changes.map((c) => c.leader)).toEqual([true]);
    expect(b.changes).toEqual([]);

    const pid = await sessionOf('replica-a');
    const admin = new pg.Client({ connectionString: testDatabaseUrl });
    await admin.connect();
    const { rows } = await admin.query<{ ok: boolean }>('SELECT pg_terminate_backend($1) AS ok', [pid]);
    await admin.end();
    expect(rows).toEqual([{ ok: true }]);
    const gone = await sessionGone(pid);
    // replica-a is alive, only its session died: it reconnects at its next try and may win the
    // lock back, even before `gone` was seen. So of the two replicas' first tries after the old
    // session was gone, exactly one holds the lock; a lock left with the dead session holds none.
    await waitFor(() => a.triesSince(gone).length > 0 && b.triesSince(gone).length > 0, 10_000);
    expect([a.triesSince(gone)[0]!.held, b.triesSince(gone)[0]!.held].filter(Boolean)).toEqual([true]);
    // the old holder stepped down when its session ended, before anyone took over
    expect(a.changes[1]?.leader).toBe(false);
    if (b.changes[0]) expect(a.changes[1]!.at).toBeLessThanOrEqual(b.changes[0].at);
    // and afterwards exactly one leads, the one the server names
    await waitFor(() => a.lease.isLeader() !== b.lease.isLeader(), 10_000);
    expect(await a.lease.holder()).toBe(a.lease.isLeader() ? 'replica-a' : 'replica-b');
  });

  it('moves the lease to the other replica within one try interval after the holder process is killed with SIGKILL', async () => {
    const url = await database();
    const key = randomInt(1, 2 ** 47);
    const child = spawn(process.execPath, ['--import', 'tsx', resolve(import.meta.dirname, '../../test/support/lease-holder.ts'), url, String(key), 'holder', String(intervalMs)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(child);
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    await waitFor(() => out.includes('leading\n'), 30_000);

    const b = replica(url, key, 'standby');
    leases.push(b.lease);
    await b.lease.start();
    expect(b.lease.isLeader()).toBe(false);
    expect(await b.lease.holder()).toBe('holder');

    const pid = await sessionOf('holder');
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    const gone = await sessionGone(pid);
    await waitFor(() => b.triesSince(gone).length > 0, 10_000);
    expect(b.triesSince(gone)[0]!.held).toBe(true);
    expect(await b.lease.holder()).toBe('standby');
  });

  it('releases on stop: the other replica leads at its next try, and a stopped lease never leads again', async () => {
    const url = await database();
    const key = randomInt(1, 2 ** 47);
    const a = replica(url, key, 'a');
    const b = replica(url, key, 'b');
    leases.push(a.lease, b.lease);
    await a.lease.start();
    await b.lease.start();
    await a.lease.stop();
    // stop() unlocks before it closes the session, so the lock is free once it resolves
    const stopped = Date.now();
    expect(a.changes.map((c) => c.leader)).toEqual([true, false]);
    await waitFor(() => b.triesSince(stopped).length > 0, 10_000);
    expect(b.triesSince(stopped)[0]!.held).toBe(true);
    await a.lease.stop();
    await new Promise((r) => setTimeout(r, intervalMs * 2));
    expect(a.lease.isLeader()).toBe(false);
    expect(b.lease.isLeader()).toBe(true);
  });
});
