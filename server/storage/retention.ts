import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ClickHouseClient } from '@clickhouse/client';
import { statementsFor } from './cluster-ddl.js';
import { migrationsDir, retentionDaysOf, type MigrationParams } from './migrate.js';

type Signal = keyof MigrationParams['retentionDays'];

/** A table whose TTL follows a retention setting, as its migration wrote it. */
export interface RetentionTable {
  table: string;
  signal: Signal;
  /** the TTL expression with `{retention_days:x}` still in it */
  ttl: string;
}

/** What `applyRetention` changed: one entry per ALTER it ran. */
export interface RetentionChange {
  table: string;
  /** the days the table's TTL had, or null when it had none this step recognises */
  fromDays: number | null;
  toDays: number;
}

/**
 * Tables with a retention TTL, read from the migrations themselves (the `TTL … {retention_days:x}`
 * line of each CREATE TABLE), so a table a later migration adds is covered without a list here.
 */
export function retentionTables(dir = migrationsDir): RetentionTable[] {
  const byTable = new Map<string, RetentionTable>();
  for (const file of readdirSync(dir).filter((f) => /^\d{4}_.+\.sql$/.test(f)).sort()) {
    for (const statement of readFileSync(join(dir, file), 'utf8').split(/;\s*(?:\n|$)/)) {
      const table = /CREATE TABLE IF NOT EXISTS\s+(\w+)/.exec(statement)?.[1];
      const ttl = /^\s*TTL\s+(.*\{retention_days:(\w+)\}.*?)\s*$/m.exec(statement);
      if (!table || !ttl) continue;
      const signal = ttl[2] as Signal;
      byTable.set(table, { table, signal, ttl: ttl[1]! });
    }
  }
  return [...byTable.values()];
}

/** The days of a `… + toIntervalDay(N)` TTL in system.tables' engine_full, or null. */
export function ttlDays(engineFull: string): number | null {
  const ttl = /\bTTL\s+(.*?)(?:\s+SETTINGS\s|$)/.exec(engineFull)?.[1];
  const days = ttl && /toIntervalDay\((\d+)\)/.exec(ttl)?.[1];
  return days ? Number(days) : null;
}

/**
 * Brings each retention table's TTL to the configured days with `ALTER TABLE … MODIFY TTL`.
 * The CREATE TABLE migrations only set the TTL a table was created with, so without this
 * step a changed OCTOLENS_RETENTION_*_DAYS would never apply. Tables already right are left
 * alone (no ALTER, no mutation). MODIFY TTL keeps table settings (ttl_only_drop_parts) and,
 * by ClickHouse's default (materialize_ttl_after_modify), recomputes the TTL of existing parts
 * in the background, so a shorter retention drops old partitions soon after the restart.
 * @returns the ALTERs it ran
 */
export async function applyRetention(
  client: ClickHouseClient,
  { retentionDays, cluster }: MigrationParams,
  tables: RetentionTable[] = retentionTables(),
): Promise<RetentionChange[]> {
  // On a cluster the TTL is the Replicated `_local` table's (a Distributed table has none), and
  // its ALTER is the cluster form of the same statement, ON CLUSTER.
  const stored = (table: string) => (cluster ? `${table}_local` : table);
  const rs = await client.query({
    query: `SELECT name, engine_full AS engineFull FROM system.tables
            WHERE database = currentDatabase() AND name IN {names:Array(String)}`,
    query_params: { names: tables.map((t) => stored(t.table)) },
    format: 'JSONEachRow',
  });
  const current = new Map((await rs.json<{ name: string; engineFull: string }>()).map((r) => [r.name, r.engineFull]));
  const changes: RetentionChange[] = [];
  for (const t of tables) {
    const engineFull = current.get(stored(t.table));
    if (engineFull === undefined) continue; // not created (yet): its migration sets the TTL
    const days = retentionDaysOf(retentionDays, t.signal)!;
    const fromDays = ttlDays(engineFull);
    if (fromDays === days) continue;
    const ttl = t.ttl.replace(/\{retention_days:\w+\}/g, String(days));
    const alter = `ALTER TABLE ${t.table} MODIFY TTL ${ttl}`;
    for (const query of statementsFor([alter], cluster)) await client.command({ query });
    changes.push({ table: t.table, fromDays, toDays: days });
  }
  return changes;
}
