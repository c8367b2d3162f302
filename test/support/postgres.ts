import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** Set by .ci/run (test/support/start-postgres.sh); tests of the PostgreSQL path need it. */
export const testDatabaseUrl = process.env.TEST_DATABASE_URL;

/** Why PostgreSQL tests skip; under CI=true a missing server is a failure instead. */
export function postgresSkipReason(): string | undefined {
  if (testDatabaseUrl) return undefined;
  const message = 'TEST_DATABASE_URL is not set: run `export TEST_DATABASE_URL=$(bash test/support/start-postgres.sh)` (needs apt-get install postgresql)';
  if (process.env.CI === 'true') throw new Error(message);
  return message;
}

/** A fresh database with a random name on the test server; `drop()` removes it. */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `octolens_test_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: testDatabaseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(testDatabaseUrl!);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: testDatabaseUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
