import { sql, type Kysely } from 'kysely';

/**
 * API tokens (server/auth/tokens.ts). Only a token's SHA-256 is kept: the token itself is
 * shown once, at creation. A revoked token stays, with when it was revoked, so a list
 * shows what existed; `last_used_at` is written at most once a minute per token.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('api_tokens')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    // hex SHA-256 of the whole token
    .addColumn('hash', 'text', (c) => c.notNull().unique())
    // ['ingest', 'read', …]
    .addColumn('scopes', 'jsonb', (c) => c.notNull())
    // teams whose services it may change (write); null: any
    .addColumn('teams', 'jsonb')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz')
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('last_used_at', 'timestamptz')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('api_tokens').ifExists().execute();
}
