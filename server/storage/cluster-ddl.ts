/**
 * CLICKHOUSE_CLUSTER: the cluster form of each migration statement, derived from the one set
 * of migrations (server/storage/migrations/*.sql), never a second copy of them.
 *
 * Each table `t` becomes `t_local`, a Replicated* engine on every replica (ReplacingMergeTree →
 * ReplicatedReplacingMergeTree, its arguments kept after the Keeper path and replica name), with
 * `t` in front as a Distributed table: queries keep their table names and read all shards.
 *
 * Inserts go to the Distributed table with distributed_foreground_insert = 1 (synchronous): the
 * insert returns only once every shard's Replicated table has the rows, so an acknowledgement
 * still means stored, and insert_deduplication_token travels with each shard's part of the
 * block, where Replicated*MergeTree deduplicates natively (Keeper). The sharding key is a hash
 * of the table's sort key, never rand(): a retried batch must split into the same per-shard
 * blocks for their deduplication to match.
 *
 * A materialized view fires on the shard where the rows land, so it reads `src_local` and writes
 * `target_local`; a plain view reads the Distributed tables. ALTERs go to the local tables, and
 * column and comment changes to the Distributed one too, so both keep the same columns and the
 * `ingest` comment the store reads from system.tables is on the tables inserts name.
 */

/**
 * What every insert into a Distributed table carries: the insert is answered once each shard
 * has its rows (distributed_foreground_insert, called insert_distributed_sync before 23.x),
 * not when the rows sit in the initiator's queue for a background send.
 */
export const clusterInsertSettings = { distributed_foreground_insert: 1 } as const;

const keeperPath = (table: string) => `'/clickhouse/tables/{shard}/{database}/${table}'`;

/** The statements as this deployment runs them: their cluster form with CLICKHOUSE_CLUSTER, as written without it. */
export const statementsFor = (statements: string[], cluster: string | undefined): string[] => (cluster ? clusterStatements(statements, cluster) : statements);

/**
 * @example clusterStatements(['CREATE VIEW IF NOT EXISTS v AS SELECT 1'], 'main') // → ['CREATE VIEW IF NOT EXISTS v ON CLUSTER main AS SELECT 1']
 */
export function clusterStatements(statements: string[], cluster: string): string[] {
  if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(cluster)) throw new Error(`CLICKHOUSE_CLUSTER must be a plain cluster name, got ${JSON.stringify(cluster)}`);
  const on = `ON CLUSTER ${cluster.includes('-') ? `'${cluster}'` : cluster}`;
  const tables = new Set(statements.map((s) => /^CREATE TABLE IF NOT EXISTS (\w+)/.exec(s)?.[1]).filter((t): t is string => !!t));
  return statements.flatMap((s) => {
    let m = /^CREATE TABLE IF NOT EXISTS (\w+)\s*([\s\S]*?)\bENGINE = (\w*MergeTree)(?:\(([^)]*)\))?([\s\S]*)$/.exec(s);
    if (m) {
      const [, t, columns, engine, args, rest] = m as unknown as [string, string, string, string, string | undefined, string];
      const local = `${t}_local`;
      const engineArgs = [keeperPath(local), `'{replica}'`, ...(args?.trim() ? [args.trim()] : [])].join(', ');
      const orderBy = /^\s*ORDER BY\s+(.+?)\s*$/m.exec(rest)?.[1]?.replace(/^\((.*)\)$/, '$1');
      if (!orderBy) throw new Error(`cluster DDL: no ORDER BY in CREATE TABLE ${t}`);
      // The store finds the tables collectors may write by comment ('ingest'), on the tables inserts name.
      const comment = /\n\s*COMMENT\s+('(?:[^'\\]|\\.)*')\s*$/.exec(rest)?.[1];
      return [
        `CREATE TABLE IF NOT EXISTS ${local} ${on} ${columns}ENGINE = Replicated${engine}(${engineArgs})${rest}`,
        `CREATE TABLE IF NOT EXISTS ${t} ${on} AS ${local} ENGINE = Distributed(${cluster.includes('-') ? `'${cluster}'` : cluster}, currentDatabase(), ${local}, sipHash64(${orderBy}))${comment ? ` COMMENT ${comment}` : ''}`,
      ];
    }
    m = /^CREATE MATERIALIZED VIEW IF NOT EXISTS (\w+)\s+TO (\w+)([\s\S]*)$/.exec(s);
    if (m) {
      const body = m[3]!.replace(/\bFROM (\w+)/g, (all, src: string) => (tables.has(src) ? `FROM ${src}_local` : all));
      return [`CREATE MATERIALIZED VIEW IF NOT EXISTS ${m[1]} ${on} TO ${m[2]}_local${body}`];
    }
    m = /^CREATE VIEW IF NOT EXISTS (\w+)\s+([\s\S]*)$/.exec(s);
    if (m) return [`CREATE VIEW IF NOT EXISTS ${m[1]} ${on} ${m[2]}`];
    m = /^ALTER TABLE (\w+)\s+([\s\S]*)$/.exec(s);
    if (m) {
      const local = `ALTER TABLE ${m[1]}_local ${on} ${m[2]}`;
      return /^((ADD|DROP|MODIFY|RENAME|COMMENT) COLUMN|MODIFY COMMENT)\b/i.test(m[2]!) ? [local, `ALTER TABLE ${m[1]} ${on} ${m[2]}`] : [local];
    }
    throw new Error(`cluster DDL: no cluster form for statement: ${s.slice(0, 80)}`);
  });
}
