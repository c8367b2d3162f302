import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ClickHouseClient } from '@clickhouse/client';
import { clusterInsertSettings, statementsFor } from './cluster-ddl.js';

export const migrationsDir = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface Migration {
  version: number;
  name: string;
  statements: string[];
}

export interface MigrationParams {
  /** `delivery` (deployments, changes, incidents, raw events) defaults to DEFAULT_DELIVERY_RETENTION_DAYS */
  retentionDays: { traces: number; logs: number; metrics: number; delivery?: number; cost?: number };
  /** CLICKHOUSE_CLUSTER: every statement runs in its cluster form (cluster-ddl.ts), ON CLUSTER this cluster */
  cluster?: string;
}

/** Three years: DORA and incident figures compare this year with the last ones. */
export const DEFAULT_DELIVERY_RETENTION_DAYS = 1095;

/** Three years of cost rows from their import, whatever the billing period (OCTOLENS_RETENTION_COST_DAYS). */
export const DEFAULT_COST_RETENTION_DAYS = 1095;

/** The days `{retention_days:<signal>}` stands for; undefined for a signal no setting names. */
export function retentionDaysOf(retentionDays: MigrationParams['retentionDays'], signal: string): number | undefined {
  if (signal === 'delivery') return retentionDays.delivery ?? DEFAULT_DELIVERY_RETENTION_DAYS;
  if (signal === 'cost') return retentionDays.cost ?? DEFAULT_COST_RETENTION_DAYS;
  return Object.hasOwn(retentionDays, signal) ? retentionDays[signal as 'traces' | 'logs' | 'metrics'] : undefined;
}

/** Reads `NNNN_name.sql`, fills `{retention_days:x}` and splits it into statements. */
export function loadMigrations({ retentionDays }: MigrationParams, dir = migrationsDir): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_.+\.sql$/.test(f))
    .sort()
    .map((file) => {
      const sql = readFileSync(join(dir, file), 'utf8').replace(/\{retention_days:(\w+)\}/g, (_, signal: string) => {
        const days = retentionDaysOf(retentionDays, signal);
        if (days === undefined) throw new Error(`${file}: unknown retention "${signal}"`);
        return String(days);
      });
      const statements = sql
        .split(/;\s*(?:\n|$)/)
        .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
        .filter(Boolean);
      return { version: Number(file.slice(0, 4)), name: file.replace(/\.sql$/, ''), statements };
    });
}

/**
 * Applies the migrations not yet recorded in `octolens_migrations`. Every statement is
 * idempotent (IF NOT EXISTS), so a crash between a statement and its record is safe to rerun.
 * With `cluster`, the record table is replicated too (behind a Distributed table, as every
 * other), so a hub that reaches another replica sees the same record and migrates nothing twice.
 * @returns the names of the migrations applied by this call
 */
export async function migrate(client: ClickHouseClient, params: MigrationParams): Promise<string[]> {
  const { cluster } = params;
  await checkSchemaKind(client, !!cluster);
  for (const query of statementsFor([
    `CREATE TABLE IF NOT EXISTS octolens_migrations
      (version UInt32, name String, applied_at DateTime DEFAULT now())
      ENGINE = MergeTree
      ORDER BY version`,
  ], cluster))
    await client.command({ query });
  const rs = await client.query({ query: 'SELECT version FROM octolens_migrations', format: 'JSONEachRow' });
  const applied = new Set((await rs.json<{ version: number }>()).map((r) => Number(r.version)));
  const done: string[] = [];
  for (const m of loadMigrations(params)) {
    if (applied.has(m.version)) continue;
    for (const statement of statementsFor(m.statements, cluster)) await client.command({ query: statement });
    await client.insert({
      table: 'octolens_migrations',
      values: [{ version: m.version, name: m.name }],
      format: 'JSONEachRow',
      ...(cluster ? { clickhouse_settings: clusterInsertSettings } : {}),
    });
    done.push(m.name);
  }
  return done;
}

/**
 * A database migrated in one mode cannot be carried on in the other: with CLICKHOUSE_CLUSTER
 * newly set, every CREATE TABLE IF NOT EXISTS of a Distributed table would find the plain
 * table of that name and do nothing, and inserts would keep going to one server's tables.
 * The record table tells the modes apart (`octolens_migrations_local` exists only on a cluster).
 */
async function checkSchemaKind(client: ClickHouseClient, cluster: boolean): Promise<void> {
  const rs = await client.query({
    query: `SELECT name FROM system.tables WHERE database = currentDatabase() AND name IN ('octolens_migrations', 'octolens_migrations_local')`,
    format: 'JSONEachRow',
  });
  const names = new Set((await rs.json<{ name: string }>()).map((r) => r.name));
  if (!names.has('octolens_migrations') || names.has('octolens_migrations_local') === cluster) return;
  throw new Error(
    cluster
      ? 'CLICKHOUSE_CLUSTER is set, but this database was migrated without it (octolens_migrations is a table of this server alone): its tables cannot become Replicated and Distributed in place. Use a new database (CLICKHOUSE_DATABASE) for the cluster, or unset CLICKHOUSE_CLUSTER'
      : 'this database was migrated with CLICKHOUSE_CLUSTER (octolens_migrations_local exists): set CLICKHOUSE_CLUSTER to that cluster again (without it, an insert into a Distributed table is answered before the shards have the rows)',
  );
}
