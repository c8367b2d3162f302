/**
 * Two hubs sharing PostgreSQL (DATABASE_URL), each on its own embedded ClickHouse: only the
 * replica holding the leader lease runs the scheduled jobs; killed with SIGKILL, the other
 * takes them over within one SLO interval.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type RunningHub } from './support/hub.js';
import { createTestDatabase, postgresSkipReason } from './support/postgres.js';

const skip = postgresSkipReason();
const sloIntervalMs = 2_000;
const leaseIntervalMs = 250;

const cycles = (hub: RunningHub) => hub.output().split('SLO cycle').length - 1;

async function leaderGauge(hub: RunningHub): Promise<number> {
  const text = await (await fetch(hub.apiUrl + '/metrics')).text();
  const line = text.split('\n').find((l) => l.startsWith('octolens_leader '));
  return Number(line?.split(' ')[1]);
}

describe.skipIf(skip)('leader lease across two hubs', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let sloDir: string;
  const hubs: RunningHub[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    sloDir = mkdtempSync(join(tmpdir(), 'octolens-lease-slos-'));
    const env = {
      DATABASE_URL: database.url,
      OCTOLENS_SLO_DIR: sloDir,
      OCTOLENS_SLO_INTERVAL_MS: String(sloIntervalMs),
      OCTOLENS_LEASE_INTERVAL_MS: String(leaseIntervalMs),
      OCTOLENS_LOG_LEVEL: 'debug',
    };
    // one after the other: the first takes the lease at its first try
    hubs.push(await startHub({ env }));
    hubs.push(await startHub({ env }));
  }, 180_000);

  afterAll(async () => {
    for (const hub of hubs) await hub.dispose();
    await database?.drop();
    if (sloDir) rmSync(sloDir, { recursive: true, force: true });
  });

  it('runs the SLO engine only in the leader, and in the other replica once the leader is killed', async () => {
    const [first, second] = hubs as [RunningHub, RunningHub];
    expect([await leaderGauge(first), await leaderGauge(second)]).toEqual([1, 0]);
    await new Promise((r) => setTimeout(r, sloIntervalMs * 2));
    expect(cycles(first)).toBeGreaterThanOrEqual(2);
    expect(cycles(second)).toBe(0);
    expect(second.output()).not.toContain('leading: the scheduled jobs run');

    // each replica's lock session names it (host:pid); the one PostgreSQL lists as holding the lock is the process to kill
    const sessions = await leaseSessions(database.url);
    expect(sessions.map((x) => x.holds).sort()).toEqual([false, true]);
    const pid = Number(sessions.find((x) => x.holds)!.name.split(':').at(-1));
    const killed = Date.now();
    process.kill(pid, 'SIGKILL');

    while (cycles(second) === 0 && Date.now() - killed < sloIntervalMs * 3) await new Promise((r) => setTimeout(r, 20));
    // failover within one interval: the standby's first cycle comes before the dead leader's next one was due
    expect(Date.now() - killed).toBeLessThanOrEqual(sloIntervalMs);
    expect(await leaderGauge(second)).toBe(1);
    expect(second.output()).toContain('leading: the scheduled jobs run in this replica');
  });
});

/** The hubs' lease sessions and whether each holds the advisory lock, from PostgreSQL's own tables. */
async function leaseSessions(url: string): Promise<{ name: string; holds: boolean }[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ name: string; holds: boolean }>(
      `SELECT a.application_name AS name, EXISTS (SELECT 1 FROM pg_locks l WHERE l.pid = a.pid AND l.locktype = 'advisory' AND l.granted) AS holds
       FROM pg_stat_activity a WHERE a.application_name LIKE 'octolens-leader %'`,
    );
    return rows;
  } finally {
    await c.end();
  }
}
