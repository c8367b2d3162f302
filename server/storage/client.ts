import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createClient, type ClickHouseClient } from '@clickhouse/client';

export interface ClickHouseParams {
  /** a ClickHouse server; absent → embedded chDB under dataDir */
  url?: string;
  database: string;
  dataDir: string;
  /** server credentials; a user and password written in `url` win over these */
  username?: string;
  password?: string;
}

export interface ClickHouseHandle {
  client: ClickHouseClient;
  embedded: boolean;
  /** where the embedded engine keeps its files (and where insert spool files go) */
  dir: string;
}

/**
 * The only place that knows which ClickHouse we talk to: everything else uses the
 * same @clickhouse/client API, whether it is backed by chDB in this process or a server.
 */
export async function connectClickHouse({ url, database, dataDir, username, password }: ClickHouseParams): Promise<ClickHouseHandle> {
  const dir = resolve(join(dataDir, 'clickhouse'));
  if (url) {
    const inUrl = new URL(url);
    const client = createClient({
      url,
      database,
      request_timeout: 60_000,
      ...(inUrl.username ? {} : { username, password }),
    });
    await checkServer(client, inUrl);
    return { client, embedded: false, dir };
  }
  mkdirSync(dir, { recursive: true });
  // chdb loads a 300 MB native library: only pay for it when embedded.
  const { createChdbConnection } = await import('chdb/connection');
  const client = createClient({ connection: createChdbConnection({ path: dir }) } as Parameters<typeof createClient>[0]);
  return { client, embedded: true, dir };
}

/**
 * One query before migrations, so a wrong password or a missing database stops the start with
 * a line that says so, not a stack trace from the first CREATE TABLE. An unreachable server is
 * left to the migrations' own error (the same line a later outage would log).
 */
async function checkServer(client: ClickHouseClient, url: URL): Promise<void> {
  try {
    await client.query({ query: 'SELECT 1', format: 'JSONEachRow' }).then((r) => r.json());
  } catch (e) {
    const code = String((e as { code?: unknown }).code ?? '');
    const where = `${url.protocol}//${url.host}`;
    if (code === '516' || code === '192' || code === '193' || code === '194')
      throw new Error(`ClickHouse at ${where} refused the credentials (CLICKHOUSE_USER / CLICKHOUSE_PASSWORD, or the user in CLICKHOUSE_URL): ${(e as Error).message.trim()}`);
    if (code === '81') throw new Error(`ClickHouse at ${where} has no database named in CLICKHOUSE_DATABASE: ${(e as Error).message.trim()}`);
    throw e;
  }
}
