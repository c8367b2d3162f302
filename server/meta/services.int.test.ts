import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, postgresSkipReason } from '../../test/support/postgres.js';
import { openMetaDb, type MetaDb } from './index.js';
import { listServices, recordSeenServices } from './services.js';

const pgSkip = postgresSkipReason();

/** The same metadata code on both backends: embedded PGlite and a real PostgreSQL server. */
const backends = [
  {
    name: 'PGlite',
    skip: undefined,
    open: async () => {
      const dir = mkdtempSync(join(tmpdir(), 'octolens-meta-'));
      return { db: await openMetaDb({ dataDir: dir }), cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: 'PostgreSQL',
    skip: pgSkip,
    open: async () => {
      const database = await createTestDatabase();
      return { db: await openMetaDb({ databaseUrl: database.url, dataDir: '/nonexistent' }), cleanup: database.drop };
    },
  },
];

describe.each(backends)('services catalog on $name', ({ skip, open }) => {
  let db: MetaDb;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    if (skip) return;
    ({ db, cleanup } = await open());
  });
  afterAll(async () => {
    await db?.destroy();
    await cleanup?.();
  });

  it.skipIf(skip)('widens first/last seen and keeps the team on later sightings', async () => {
    const t = (s: string) => new Date(`2026-11-24T${s}Z`);
    await recordSeenServices({ db, input: [{ name: 'checkout', firstSeen: t('10:00:00'), lastSeen: t('10:05:00') }] });
    await db.updateTable('services').set({ team: 'payments' }).where('name', '=', 'checkout').execute();
    await recordSeenServices({
      db,
      input: [
        { name: 'checkout', firstSeen: t('10:02:00'), lastSeen: t('10:09:00') },
        { name: 'tax', firstSeen: t('10:01:00'), lastSeen: t('10:01:00') },
      ],
    });
    expect(await listServices({ db })).toEqual([
      { name: 'checkout', team: 'payments', firstSeen: t('10:00:00'), lastSeen: t('10:09:00') },
      { name: 'tax', team: null, firstSeen: t('10:01:00'), lastSeen: t('10:01:00') },
    ]);
  });

  it.skipIf(skip)('gives a service the catalog named before it sent anything its first sighting, keeping the team', async () => {
    const t = (s: string) => new Date(`2026-11-25T${s}Z`);
    await db.insertInto('services').values({ name: 'ledger-svc', team: 'payments', catalog_entity: 'component:default/ledger', first_seen: null, last_seen: null }).execute();
    expect((await listServices({ db })).find((s) => s.name === 'ledger-svc')).toEqual({ name: 'ledger-svc', team: 'payments', firstSeen: null, lastSeen: null });
    await recordSeenServices({ db, input: [{ name: 'ledger-svc', firstSeen: t('08:00:00'), lastSeen: t('08:30:00') }] });
    expect((await listServices({ db })).find((s) => s.name === 'ledger-svc')).toEqual({ name: 'ledger-svc', team: 'payments', firstSeen: t('08:00:00'), lastSeen: t('08:30:00') });
  });
});
