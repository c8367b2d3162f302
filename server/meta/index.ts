import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Kysely, Migrator, PostgresDialect, type Migration } from 'kysely';
import type { MetaSchema } from './schema.js';
import * as m0001 from './migrations/0001_services.js';
import * as m0002 from './migrations/0002_slo.js';
import * as m0003 from './migrations/0003_catalog.js';
import * as m0004 from './migrations/0004_silences.js';
import * as m0005 from './migrations/0005_api_tokens.js';
import * as m0006 from './migrations/0006_users_sessions.js';
import * as m0007 from './migrations/0007_audit_log.js';
import * as m0008 from './migrations/0008_token_services.js';

export type MetaDb = Kysely<MetaSchema>;

// Listed here rather than read from the folder so the set is fixed at build time.
const migrations: Record<string, Migration> = { '0001_services': m0001, '0002_slo': m0002, '0003_catalog': m0003, '0004_silences': m0004, '0005_api_tokens': m0005, '0006_users_sessions': m0006, '0007_audit_log': m0007, '0008_token_services': m0008 };

export interface MetaParams {
  /** PostgreSQL; absent → PGlite under dataDir */
  databaseUrl?: string;
  dataDir: string;
}

export async function openMetaDb({ databaseUrl, dataDir }: MetaParams): Promise<MetaDb> {
  let db: MetaDb;
  if (databaseUrl) {
    const { default: pg } = await import('pg');
    db = new Kysely<MetaSchema>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: databaseUrl, max: 5 }) }) });
  } else {
    const dir = resolve(join(dataDir, 'meta'));
    mkdirSync(dir, { recursive: true });
    const [{ openPGlite }, { PGliteDialect }] = await Promise.all([import('./pglite.js'), import('kysely-pglite-dialect')]);
    db = new Kysely<MetaSchema>({ dialect: new PGliteDialect(await openPGlite(dir)) });
  }
  const { error, results } = await new Migrator({ db, provider: { getMigrations: async () => migrations } }).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    await db.destroy();
    throw new Error(`metadata migration ${failed} failed: ${(error as Error).message}`);
  }
  return db;
}
