import type { Kysely } from 'kysely';

/**
 * An API token may be limited to services (server/auth/tokens.ts): it sends telemetry of,
 * and changes what belongs to, only those. Null, as on every token made before: any service.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // ['checkout', …]
  await db.schema.alterTable('api_tokens').addColumn('services', 'jsonb').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('api_tokens').dropColumn('services').execute();
}
