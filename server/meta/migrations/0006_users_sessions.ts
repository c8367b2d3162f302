import { sql, type Kysely } from 'kysely';

/**
 * Local users and UI sessions (server/auth/users.ts, sessions.ts). A password is kept as its
 * scrypt hash with its parameters; a session as the SHA-256 of its cookie, tied to a user or
 * to the API token it was opened with, so removing the one ends the other.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('users')
    .ifNotExists()
    .addColumn('name', 'text', (c) => c.primaryKey())
    // scrypt:<N>:<r>:<p>:<salt>:<key>, base64
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    // the teams they are in: an editor changes what their teams' services own
    .addColumn('teams', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('sessions')
    .ifNotExists()
    .addColumn('hash', 'text', (c) => c.primaryKey())
    .addColumn('user_name', 'text', (c) => c.references('users.name').onDelete('cascade'))
    .addColumn('token_id', 'text', (c) => c.references('api_tokens.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addCheckConstraint('sessions_one_owner', sql`(user_name IS NULL) <> (token_id IS NULL)`)
    .execute();
  await db.schema.createIndex('sessions_expires_at').ifNotExists().on('sessions').column('expires_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['sessions', 'users']) await db.schema.dropTable(table).ifExists().execute();
}
