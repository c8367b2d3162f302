import type { Kysely } from 'kysely';

/**
 * The service catalog owns services.team: a service the catalog names may not have sent
 * anything yet (first/last seen unknown), and `catalog_entity` says which component set the
 * team, so one that leaves the catalog loses it again (server/catalog/sync-catalog.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('services').alterColumn('first_seen', (c) => c.dropNotNull()).execute();
  await db.schema.alterTable('services').alterColumn('last_seen', (c) => c.dropNotNull()).execute();
  await db.schema.alterTable('services').addColumn('catalog_entity', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('services').dropColumn('catalog_entity').execute();
}
