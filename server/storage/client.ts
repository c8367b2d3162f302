import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createClient, type ClickHouseClient } from '@clickhouse/client';

export interface ClickHouseParams {
  /** a ClickHouse server; absent → embedded chDB under dataDir */
  url?: string;
  database: string;
  dataDir: string;
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
export async function connectClickHouse({ url, database, dataDir }: ClickHouseParams): Promise<ClickHouseHandle> {
  const dir = resolve(join(dataDir, 'clickhouse'));
  if (url) {
    const client = createClient({ url, database, request_timeout: 60_000 });
    return { client, embedded: false, dir };
  }
  mkdirSync(dir, { recursive: true });
  // chdb loads a 300 MB native library: only pay for it when embedded.
  const { createChdbConnection } = await import('chdb/connection');
  const client = createClient({ connection: createChdbConnection({ path: dir }) } as Parameters<typeof createClient>[0]);
  return { client, embedded: true, dir };
}
