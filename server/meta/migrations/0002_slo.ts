import { sql, type Kysely } from 'kysely';

/**
 * The SLO engine's state: rollup bookkeeping per SLO, the latest evaluation per SLO
 * instance, alert states and their history, and the engine's last spec load.
 * JSON documents are jsonb; times are timestamptz.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // Which SLI definition slo_sli_minutes holds for an SLO and up to which minute it is rolled up.
  await db.schema
    .createTable('slo_rollups')
    .ifNotExists()
    .addColumn('slo_id', 'text', (c) => c.primaryKey())
    .addColumn('definition_hash', 'text', (c) => c.notNull())
    .addColumn('rolled_to', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  // One row per SLO instance (an SLO, or one group of a grouped SLO).
  await db.schema
    .createTable('slo_status')
    .ifNotExists()
    .addColumn('instance_id', 'text', (c) => c.primaryKey())
    .addColumn('slo_id', 'text', (c) => c.notNull())
    .addColumn('group_key', 'text', (c) => c.notNull())
    .addColumn('group_values', 'jsonb', (c) => c.notNull())
    .addColumn('definition', 'jsonb', (c) => c.notNull())
    .addColumn('definition_hash', 'text')
    .addColumn('evaluation', 'jsonb')
    .addColumn('message', 'text')
    .addColumn('evaluated_at', 'timestamptz')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('slo_status_slo_id').ifNotExists().on('slo_status').column('slo_id').execute();

  // The current state of each alert of each instance (AlertMemory plus what /alerts shows).
  await db.schema
    .createTable('alert_state')
    .ifNotExists()
    .addColumn('instance_id', 'text', (c) => c.notNull())
    .addColumn('alert_name', 'text', (c) => c.notNull())
    .addColumn('slo_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('since', 'timestamptz', (c) => c.notNull())
    .addColumn('value', 'double precision')
    .addColumn('labels', 'jsonb', (c) => c.notNull())
    .addColumn('annotations', 'jsonb', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('alert_state_pk', ['instance_id', 'alert_name'])
    .execute();

  // Every state change, for history and "recently resolved".
  await db.schema
    .createTable('alert_transitions')
    .ifNotExists()
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('instance_id', 'text', (c) => c.notNull())
    .addColumn('alert_name', 'text', (c) => c.notNull())
    .addColumn('slo_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('from_state', 'text', (c) => c.notNull())
    .addColumn('to_state', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('value', 'double precision')
    .addColumn('labels', 'jsonb', (c) => c.notNull())
    .addColumn('annotations', 'jsonb', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('alert_transitions_at').ifNotExists().on('alert_transitions').column('at').execute();
  await db.schema.createIndex('alert_transitions_alert').ifNotExists().on('alert_transitions').columns(['instance_id', 'alert_name', 'at']).execute();

  // The engine's last spec load (directory, errors), for API processes without an engine.
  await db.schema
    .createTable('slo_engine')
    .ifNotExists()
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'jsonb', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['slo_engine', 'alert_transitions', 'alert_state', 'slo_status', 'slo_rollups']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
