import { mkdirSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { ClickHouseClient } from '@clickhouse/client';
import type { TableName } from './rows.js';
import type { ClickHouseHandle } from './client.js';
import { clusterInsertSettings } from './cluster-ddl.js';
import { isNativeTable, nativeColumns } from './native-columns.js';
import { defaultQueryLimits, mergeLimits, toQueryLimitError, withSettingsClause, type QueryLimits } from './query-limits.js';

export type QueryParams = Record<string, unknown>;

export interface QueryOptions {
  /** this read's bounds, over the store's defaults (e.g. a background job's longer timeout) */
  limits?: Partial<QueryLimits>;
}

export interface TelemetryStoreOptions {
  /** CLICKHOUSE_CLUSTER: the tables inserts name are Distributed ones */
  cluster?: string;
  /** the bounds every read carries unless it passes its own; default `defaultQueryLimits()` */
  queryLimits?: QueryLimits;
}

export interface TelemetryStore {
  readonly embedded: boolean;
  /** the tables the schema opens to collectors (comment 'ingest', migration 0007); insert refuses others */
  readonly ingestTables: ReadonlySet<string>;
  /**
   * Parameterised read: `{name:Type}` placeholders bound by ClickHouse, rows as JSON objects.
   * Carries time, memory and result-row bounds; hitting one throws a QueryLimitError.
   */
  query<T>(sql: string, params?: QueryParams, options?: QueryOptions): Promise<T[]>;
  /**
   * Inserts JSONEachRow rows, or Native blocks of the columns `nativeColumns` names. The token
   * makes a retried insert of the same rows a no-op (ClickHouse insert deduplication), so a
   * batch can be retried after an unclear failure.
   */
  insert(table: TableName, data: string | Buffer, dedupToken: string, format?: 'Native'): Promise<void>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

// 64-bit ints as JSON numbers on both backends (chDB and the server default differ);
// exact 64-bit values (nanosecond times) are selected with toString() instead.
const querySettings = { output_format_json_quote_64bit_integers: 0 } as const;
const insertSettings = (token: string, cluster: boolean) => ({
  // A cluster's inserts go to the Distributed tables (cluster-ddl.ts): answered once on the shards.
  ...(cluster ? clusterInsertSettings : {}),
  insert_deduplication_token: token,
  deduplicate_blocks_in_dependent_materialized_views: 1 as const,
  // Daily partitions: one client's spans spread over more than 100 days (a replay, a broken
  // clock) would otherwise fail the whole batch with TOO_MANY_PARTS; ClickHouse logs it instead.
  throw_on_max_partitions_per_insert_block: 0 as const,
});

/** The INSERT column list of a table's Native blocks. */
function nativeColumnList(table: TableName): string {
  if (!isNativeTable(table)) throw new Error(`table ${table} takes no Native blocks`);
  return nativeColumns[table].map(([name]) => `\`${name}\``).join(', ');
}

async function registeredIngestTables(client: ClickHouseClient): Promise<ReadonlySet<string>> {
  const rs = await client.query({
    query: `SELECT name FROM system.tables WHERE database = currentDatabase() AND comment = 'ingest'`,
    format: 'JSONEachRow',
  });
  return new Set((await rs.json<{ name: string }>()).map((t) => t.name));
}

/** Columns a writer must supply (no DEFAULT/MATERIALIZED), as `name Type` pairs per table. */
async function insertStructures(client: ClickHouseClient): Promise<Map<string, { columns: string; structure: string }>> {
  const rs = await client.query({
    query: `SELECT table, name, type FROM system.columns
            WHERE database = currentDatabase() AND default_kind = '' ORDER BY table, position`,
    format: 'JSONEachRow',
  });
  const byTable = new Map<string, Array<{ name: string; type: string }>>();
  for (const c of await rs.json<{ table: string; name: string; type: string }>()) {
    if (!byTable.has(c.table)) byTable.set(c.table, []);
    byTable.get(c.table)!.push(c);
  }
  const quote = (n: string) => '`' + n.replace(/`/g, '\\`') + '`';
  return new Map(
    [...byTable].map(([table, cols]) => [
      table,
      {
        columns: cols.map((c) => quote(c.name)).join(', '),
        structure: cols.map((c) => `${quote(c.name)} ${c.type}`).join(', ').replace(/'/g, "\\'"),
      },
    ]),
  );
}

export async function createTelemetryStore(handle: ClickHouseHandle, options: TelemetryStoreOptions = {}): Promise<TelemetryStore> {
  const queryLimits = options.queryLimits ?? defaultQueryLimits();
  const { client, embedded } = handle;
  const structures = embedded ? await insertStructures(client) : new Map();
  const ingestTables = await registeredIngestTables(client);
  const spoolDir = join(handle.dir, 'spool');
  if (embedded) mkdirSync(spoolDir, { recursive: true });
  let spoolSeq = 0;

  /**
   * chDB's @clickhouse/client connection inlines rows into the SQL text (~75k rows/s here);
   * reading the same bytes from a file inside the engine runs ~400k rows/s (bench/results).
   */
  async function insertEmbedded(table: TableName, data: string | Buffer, token: string, format?: 'Native'): Promise<void> {
    const s = structures.get(table);
    if (!s) throw new Error(`unknown table ${table}`);
    const file = join(spoolDir, `${process.pid}-${++spoolSeq}.${format === 'Native' ? 'native' : 'jsonl'}`);
    await writeFile(file, data);
    try {
      // In the statement, not clickhouse_settings: chDB's connection turns those into SETs on
      // its one session, so a token would outlive its insert and apply to the next one.
      const settings = Object.entries(insertSettings(token, false))
        .map(([k, v]) => `${k} = ${typeof v === 'number' ? v : `'${String(v).replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`}`)
        .join(', ');
      await client.command({
        query:
          format === 'Native'
            ? `INSERT INTO ${table} (${nativeColumnList(table)}) SETTINGS ${settings} SELECT * FROM file('${file}', 'Native')`
            : `INSERT INTO ${table} (${s.columns}) SETTINGS ${settings} SELECT * FROM file('${file}', 'JSONEachRow', '${s.structure}')`,
      });
    } finally {
      await rm(file, { force: true });
    }
  }

  async function insertServer(table: TableName, data: string | Buffer, token: string, format?: 'Native'): Promise<void> {
    // The rows are encoded already: exec() sends them as the body as they are, while insert()
    // wants JSONEachRow as objects and would send a string chunk as one quoted row.
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    const { stream } = await client.exec({
      query: format === 'Native' ? `INSERT INTO ${table} (${nativeColumnList(table)}) FORMAT Native` : `INSERT INTO ${table} FORMAT JSONEachRow`,
      values: Readable.from([bytes], { objectMode: false }),
      clickhouse_settings: insertSettings(token, !!options.cluster),
    });
    stream.resume();
    await finished(stream);
  }

  return {
    embedded,
    ingestTables,
    async query<T>(sql: string, params?: QueryParams, opts?: QueryOptions): Promise<T[]> {
      const limits = mergeLimits(queryLimits, opts?.limits);
      try {
        const rs = await client.query({ query: withSettingsClause(sql, limits), query_params: params, format: 'JSONEachRow', clickhouse_settings: querySettings });
        return await rs.json<T>();
      } catch (e) {
        throw toQueryLimitError(e, limits) ?? e;
      }
    },
    insert: embedded ? insertEmbedded : insertServer,
    async ping() {
      try {
        await client.query({ query: 'SELECT 1', format: 'JSONEachRow' }).then((r) => r.json());
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      await client.close();
    },
  };
}
