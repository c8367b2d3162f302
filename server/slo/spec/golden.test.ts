import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpecDirectory } from './index.js';

/**
 * Specs shaped like the examples Sloth and OpenSLO publish, imported unchanged, against
 * the SloDefinitions they must give (testdata/golden, updated with `vitest -u`).
 */
const testdata = join(import.meta.dirname, 'testdata');

describe('published example shapes', () => {
  it.each(['sloth-getting-started', 'sloth-k8s', 'openslo-v1', 'openslo-v1alpha'])('%s imports as expected', async (name) => {
    const result = await loadSpecDirectory(join(testdata, name), { git: false });
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    await expect(`${JSON.stringify(result.slos, null, 2)}\n`).toMatchFileSnapshot(`testdata/golden/${name}.json`);
  });
});
