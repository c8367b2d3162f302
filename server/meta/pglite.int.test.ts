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

  it('says which dir it could not create a cluster in', async () => {
    const file = join(freshDir(), 'not-a-dir');
    writeFileSync(file, 'x');
    await expect(openPGlite(file)).rejects.toThrow(`creating the metadata store in ${file} failed`);
  });
});
