/**
 * The hub run as users run it, from the repository with the default `./slo-specs`: the
 * bundled examples and the hub's own SLOs stay out unless asked for, by `--examples` or
 * OCTOLENS_EXAMPLES, and by self-tracing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SlosResult } from '../shared/api.js';
import { loadSpecDirectory } from '../server/slo/spec/index.js';
import { bundledSpecDirs } from '../server/slo/engine/specs.js';
import { eventually } from './support/eventually.js';
import { freePort, getJson, startHub, type RunningHub } from './support/hub.js';

/** the SLO ids a bundled folder holds, read by the plain loader */
const idsIn = async (dir: string) => (await loadSpecDirectory(dir, { git: false })).slos.map((s) => s.id).sort();
/** how many SLOs the engine's first load found, from its log line (`SLO specs loaded … slos=5 …`) */
async function loadedCount(hub: RunningHub): Promise<number> {
  const line = await eventually(async () => /SLO specs loaded .*\bslos=(\d+)/.exec(hub.output()), (m) => m !== null, 60_000);
  return Number(line![1]);
}
/** the SLO ids the hub lists once its first cycle has written every loaded SLO */
async function listed(hub: RunningHub): Promise<string[]> {
  const count = await loadedCount(hub);
  const ids = (r: SlosResult) => [...new Set(r.slos.map((s) => s.sloId))].sort();
  return ids(await eventually(() => getJson<SlosResult>(hub, '/api/v1/slos'), (r) => ids(r).length >= count, 60_000));
}

describe('bundled SLO specs are opt-in', () => {
  let hub: RunningHub | undefined;
  afterEach(async () => {
    await hub?.dispose();
    hub = undefined;
  });

  it('a plain start loads none of them', async () => {
    hub = await startHub({ env: { OCTOLENS_SLO_INTERVAL_MS: '1000' } });
    expect(await listed(hub)).toEqual([]);
  });

  it('--examples loads the examples, and OCTOLENS_EXAMPLES=true does too', async () => {
    const examples = await idsIn(bundledSpecDirs.examples);
    hub = await startHub({ args: ['--examples'], env: { OCTOLENS_SLO_INTERVAL_MS: '1000' } });
    expect(await listed(hub)).toEqual(examples);
    await hub.dispose();
    hub = await startHub({ env: { OCTOLENS_SLO_INTERVAL_MS: '1000', OCTOLENS_EXAMPLES: 'true' } });
    expect(await listed(hub)).toEqual(examples);
  });

  it("a hub that traces itself loads its own SLOs, not the examples", async () => {
    const otlpPort = await freePort();
    hub = await startHub({ otlpPort, env: { OCTOLENS_SLO_INTERVAL_MS: '1000', OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${otlpPort}`, OTEL_BSP_SCHEDULE_DELAY: '100' } });
    expect(await listed(hub)).toEqual(await idsIn(bundledSpecDirs.own));
  });

  it('a hub tracing itself under another service name leaves them out: they would only see no data', async () => {
    const otlpPort = await freePort();
    hub = await startHub({ otlpPort, env: { OCTOLENS_SLO_INTERVAL_MS: '1000', OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${otlpPort}`, OTEL_SERVICE_NAME: 'octolens-staging' } });
    expect(await listed(hub)).toEqual([]);
    expect(hub.output()).toContain('the hub traces itself as "octolens-staging": its own SLOs (slo-specs/octolens) are for service "octolens" and are not loaded');
  });
});
