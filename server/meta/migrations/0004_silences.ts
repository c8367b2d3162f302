import { sql, type Kysely } from 'kysely';

/**
 * Silences and acknowledgements of alerts (server/alerting/silences.ts, acks.ts).
 * A silence is a set of label matchers with a time span, as in Alertmanager: every notifier
 * skips a matching alert while it is active. Expiring one ends it now; it is never deleted,
 * so who silenced what stays on record. An acknowledgement records who took an alert on,
 * one row per acknowledgement.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('silences')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    // [{label, op, value}]: every matcher must hold (AND)
    .addColumn('matchers', 'jsonb', (c) => c.notNull())
    .addColumn('starts_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ends_at', 'timestamptz', (c) => c.notNull())
    .addColumn('comment', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // set when someone expired it before its end
    .addColumn('expired_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('silences_ends_at').ifNotExists().on('silences').column('ends_at').execute();

  await db.schema
    .createTable('alert_acks')
    .ifNotExists()
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('alert_id', 'text', (c) => c.notNull())
    .addColumn('acked_by', 'text', (c) => c.notNull())
    .addColumn('acked_at', 'timestamptz', (c) => c.notNull())
    .addColumn('comment', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema.createIndex('alert_acks_alert').ifNotExists().on('alert_acks').columns(['alert_id', 'acked_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['alert_acks', 'silences']) await db.schema.dropTable(table).ifExists().execute();
}
