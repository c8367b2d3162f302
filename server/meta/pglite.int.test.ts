import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { afterEach, describe, expect, it } from 'vitest';
import { openPGlite } from './pglite.js';

describe('openPGlite', () => {
  const dirs: string[] = [];
  let pg: PGlite | undefined;
  const freshDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'octolens-pglite-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(async () => {
    if (pg && !pg.closed) await pg.close();
    pg = undefined;
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('creates the cluster in an empty dir (initdb in a child) and keeps what was committed across a reopen', async () => {
    const dir = freshDir();
    pg = await openPGlite(dir);
    expect(existsSync(join(dir, 'PG_VERSION'))).toBe(true);
    await pg.exec("CREATE TABLE kept (id int PRIMARY KEY, name text); INSERT INTO kept VALUES (1, 'one'), (2, 'two')");
    await pg.close();

    pg = await openPGlite(dir);
    expect((await pg.query<{ id: number; name: string }>('SELECT id, name FROM kept ORDER BY id')).rows).toEqual([
      { id: 1, name: 'one' },
      { id: 2, name: 'two' },
    ]);
  });

  it("runs with a 4 MB buffer pool and PGlite's own durability settings", async () => {
    pg = await openPGlite(freshDir());
    const show = async (name: string) => Object.values((await pg!.query<Record<string, string>>(`SHOW ${name}`)).rows[0]!)[0];
    expect(await show('shared_buffers')).toBe('4MB');
    expect(await show('wal_buffers')).toBe('128kB');
    // PGlite starts postgres with -F (it never fsyncs); unchanged by our settings
    expect(await show('fsync')).toBe('off');
    expect(await show('synchronous_commit')).toBe('on');
  });

  it('says which dir it could not create a cluster in', async () => {
    const file = join(freshDir(), 'not-a-dir');
    writeFileSync(file, 'x');
    await expect(openPGlite(file)).rejects.toThrow(`creating the metadata store in ${file} failed`);
  });
});
