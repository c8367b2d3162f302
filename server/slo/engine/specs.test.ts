import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSpecDirectory } from '../spec/index.js';
import { bundledSpecDirs, hubSpecLoader, OWN_SLO_SERVICE } from './specs.js';

const repoSpecs = resolve(import.meta.dirname, '../../../slo-specs');
const userSlo = ['apiVersion: octolens/v1', 'kind: SLO', 'name: availability', 'service: shop', 'objective: 99', 'sli:', '  spans:', '    total: {kind: server}', '    bad: {status: error}', ''].join('\n');

/** the ids a bundled folder holds, read by the plain loader */
async function idsIn(dir: string) {
  const loaded = await loadSpecDirectory(dir, { git: false });
  return { slos: loaded.slos.map((s) => s.id), rules: loaded.rules.map((r) => r.id) };
}

describe('hubSpecLoader', () => {
  let dir = '';
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('loads nothing bundled from the default ./slo-specs unless asked', async () => {
    const loaded = await hubSpecLoader({ examples: false, ownSlos: false })(repoSpecs);
    expect(loaded).toEqual({ slos: [], rules: [], errors: [] });
  });

  it('loads the examples with --examples, and the own SLOs when the hub traces itself', async () => {
    const [examples, own] = [await idsIn(bundledSpecDirs.examples), await idsIn(bundledSpecDirs.own)];
    expect(examples.slos.length).toBeGreaterThan(0);
    expect(own.slos.length).toBeGreaterThan(0);

    const withExamples = await hubSpecLoader({ examples: true, ownSlos: false })(repoSpecs);
    expect(withExamples.slos.map((s) => s.id)).toEqual(examples.slos);
    expect(withExamples.rules.map((r) => r.id)).toEqual(examples.rules);
    expect(withExamples.slos.every((s) => s.source.file.startsWith('examples/'))).toBe(true);

    const self = await hubSpecLoader({ examples: false, ownSlos: true })(repoSpecs);
    expect(self.slos.map((s) => s.id)).toEqual(own.slos);
    // the CLI loads them only for a hub tracing itself under this name
    expect(new Set([...self.slos, ...self.rules].map((d) => d.service))).toEqual(new Set([OWN_SLO_SERVICE]));
    expect(self.rules.map((r) => r.id)).toEqual(own.rules);
  });

  it("keeps the user's own files, and names bundled files outside the user's directory relative to it", async () => {
    dir = await mkdtemp(join(tmpdir(), 'octolens-hub-specs-'));
    await writeFile(join(dir, 'shop.yaml'), userSlo);
    expect((await hubSpecLoader({ examples: false, ownSlos: false })(dir)).slos.map((s) => s.id)).toEqual(['shop-availability']);

    const loaded = await hubSpecLoader({ examples: true, ownSlos: false })(dir);
    const examples = await idsIn(bundledSpecDirs.examples);
    expect(loaded.slos.map((s) => s.id)).toEqual(['shop-availability', ...examples.slos]);
    const checkout = loaded.slos.find((s) => s.id === 'checkout-availability')!;
    expect(checkout.source.file).toBe(relative(dir, join(bundledSpecDirs.examples, 'checkout-availability.yaml')));
  });
});
