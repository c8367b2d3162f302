import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMetaDb, type MetaDb } from './index.js';
import { listServices, recordSeenServices } from './services.js';

describe('services catalog on PGlite', () => {
  let dir: string;
  let db: MetaDb;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'octolens-meta-'));
    db = await openMetaDb({ dataDir: dir });
  });
  afterAll(async () => {
    await db?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('widens first/last seen and keeps the team on later sightings', async () => {
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
});
