import type pg from 'pg';
import type { LeaseLock } from './types.js';

export interface PostgresLockParams {
  databaseUrl: string;
  /** the advisory lock key, one per deployment and job group (OCTOLENS_LEASE_KEY) */
  key: number;
  /** this replica's id: the lock connection's application_name, which `holder()` reads back */
  id: string;
  /** the lease's try interval: bounds every query (at least 1 s) and how long PostgreSQL keeps a silent holder's lock */
  intervalMs: number;
}

const appName = (id: string) => `octolens-leader ${id}`.slice(0, 63);

// A session-level lock shows in pg_locks split in two 32-bit halves (objsubid 1 = the one-bigint form).
const heldBy = `
  FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
  WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
    AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
    AND ((l.classid::bigint << 32) | l.objid::bigint) = $1::bigint`;

/**
 * The lock is a session-level advisory lock (`pg_try_advisory_lock`) on a connection of its
 * own: PostgreSQL releases it when that session ends, so a holder that dies (killed, host
 * gone) frees it without any expiry of ours, and the next replica to try takes it. Needs a
 * direct session: behind a transaction-pooling PgBouncer a session lock does not hold.
 *
 * A holder whose host vanishes without closing the socket is only noticed by TCP keepalives,
 * set here on the server side to about one try interval so its lock frees that fast.
 */
export function postgresLock({ databaseUrl, key, id, intervalMs }: PostgresLockParams): LeaseLock {
  let client: pg.Client | undefined;
  let held = false;
  const lost: (() => void)[] = [];
  const seconds = Math.max(1, Math.ceil(intervalMs / 1000));
  // a busy server must not make the holder step down at every slow answer: at least a second
  const timeoutMs = Math.max(1000, intervalMs);

  function drop(c: pg.Client): void {
    if (client !== c) return;
    client = undefined;
    void c.end().catch(() => undefined);
    if (held) {
      held = false;
      for (const l of lost) l();
    }
  }

  async function connect(): Promise<pg.Client> {
    // loaded here, not at import: a hub without DATABASE_URL never needs it (~14 MiB)
    const { default: { Client } } = await import('pg');
    const c = new Client({
      connectionString: databaseUrl,
      application_name: appName(id),
      connectionTimeoutMillis: timeoutMs,
      query_timeout: timeoutMs,
      keepAlive: true,
    });
    // a terminated backend or a broken socket: the lock went with the session
    c.on('error', () => drop(c));
    c.on('end', () => drop(c));
    await c.connect();
    await c.query(`SET tcp_keepalives_idle = ${seconds}; SET tcp_keepalives_interval = ${seconds}; SET tcp_keepalives_count = 2`);
    return c;
  }

  return {
    async tryHold() {
      try {
        client ??= await connect();
        const c = client;
        const ok = held
          ? (await c.query<{ ok: boolean }>(`SELECT EXISTS (SELECT 1 ${heldBy} AND l.pid = pg_backend_pid()) AS ok`, [key.toString()])).rows[0]!.ok
          : (await c.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS ok', [key.toString()])).rows[0]!.ok;
        held = ok;
        return ok;
      } catch (error) {
        if (client) drop(client);
        held = false;
        throw error;
      }
    },
    async holder() {
      // between a dropped session and the next try there is no lock connection: ask on a short one
      const c = client ?? (await connect().catch(() => undefined));
      try {
        const rows = (await c?.query<{ name: string }>(`SELECT a.application_name AS name ${heldBy} LIMIT 1`, [key.toString()]))?.rows;
        const name = rows?.[0]?.name;
        return name === undefined ? null : name.replace(/^octolens-leader /, '');
      } catch {
        return null;
      } finally {
        if (c && c !== client) await c.end().catch(() => undefined);
      }
    },
    onLost(listener) {
      lost.push(listener);
    },
    async release() {
      const c = client;
      client = undefined;
      held = false;
      // ending the session releases the lock; pg_advisory_unlock first only makes it prompt
      await c?.query('SELECT pg_advisory_unlock_all()').catch(() => undefined);
      await c?.end().catch(() => undefined);
    },
  };
}
