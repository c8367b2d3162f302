import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isFresh } from '../scripts/newest-mtime.mjs';

const root = resolve(import.meta.dirname, '..');

describe('the compiled server (scripts/build-server.mjs)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'octolens-fresh-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is fresh only while its stamp is newer than every source, however deep', () => {
    const [stamp, src, nested] = [join(dir, '.built'), join(dir, 'src'), join(dir, 'src', 'a', 'b.ts')];
    mkdirSync(join(src, 'a'), { recursive: true });
    writeFileSync(nested, '');
    expect(isFresh(stamp, [src])).toBe(false); // never built
    writeFileSync(stamp, '');
    utimesSync(stamp, 2_000, 2_000);
    for (const p of [nested, join(src, 'a'), src]) utimesSync(p, 1_000, 1_000);
    expect(isFresh(stamp, [src])).toBe(true);
    utimesSync(nested, 3_000, 3_000); // edited after the build, two folders down
    expect(isFresh(stamp, [src])).toBe(false);
  });

  it('keeps the sources’ layout, their other files beside them, and the repository’s other entries linked in', () => {
    // built by the test setup (test/support/global-setup.ts)
    const build = join(root, 'build');
    expect(existsSync(join(build, 'server/cli/main.js'))).toBe(true);
    expect(existsSync(join(build, 'server/storage/store.int.test.js'))).toBe(false);
    const same = (path: string) => expect(readFileSync(join(build, path), 'utf8')).toBe(readFileSync(join(root, path), 'utf8'));
    same('server/storage/migrations/0017_storage_layout.sql');
    same('package.json');
    same('slo-specs/examples/checkout-availability.yaml');
  });
});
