/**
 * The hub pulling a Backstage catalog (OCTOLENS_BACKSTAGE_URL) from a small real HTTP server
 * shaped like Backstage's GET /api/catalog/entities: the entities become a snapshot, the
 * owners become teams, and a changed catalog becomes the next snapshot at the next pull.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackstage } from '../collectors/catalog/testing.js';
import type { CatalogResult, DoraResult } from '../shared/api.js';
import { eventually } from './support/eventually.js';
import { getJson, startHub, type RunningHub } from './support/hub.js';

const entities = JSON.parse(readFileSync(resolve(import.meta.dirname, '../collectors/catalog/testdata/backstage-entities.json'), 'utf8')) as Array<Record<string, unknown>>;

let served = entities;
let backstage: Awaited<ReturnType<typeof startBackstage>>;
let hub: RunningHub;

beforeAll(async () => {
  backstage = await startBackstage(() => served, 'static-token-1');
  hub = await startHub({
    env: { OCTOLENS_BACKSTAGE_URL: backstage.url, OCTOLENS_BACKSTAGE_TOKEN: 'static-token-1', OCTOLENS_BACKSTAGE_INTERVAL_MS: '1000', OCTOLENS_BACKSTAGE_PAGE_SIZE: '2' },
  });
});

afterAll(async () => {
  await hub?.dispose();
  await backstage?.close();
});

describe('Backstage catalog pull through the hub', () => {
  it('imports the catalog as a snapshot and resolves teams from it', async () => {
    // The snapshot is readable once stored; the teams follow once the worker synced it.
    await eventually(() => getJson<DoraResult>(hub, '/api/v1/dora?team=payments'), (d) => (d.scope.services ?? []).length > 0);
    const catalog = await getJson<CatalogResult>(hub, '/api/v1/catalog');
    expect(catalog.locations.map((l) => [l.location, l.source, l.entities])).toEqual([[`backstage:${backstage.url}`, 'backstage', 4]]);
    expect(catalog.entities.map((e) => [e.ref, e.team, e.service, e.source])).toEqual([
      ['component:default/checkout', 'payments', 'checkout', ''],
      ['component:default/fraud', 'payments', 'fraud-scorer', ''],
      ['group:default/payments', null, '', ''],
      ['user:default/jdoe', null, '', ''],
    ]);
    expect(backstage.requests.slice(0, 3)).toEqual([
      { url: '/api/catalog/entities?limit=2&offset=0', authorization: 'Bearer static-token-1' },
      { url: '/api/catalog/entities?limit=2&offset=2', authorization: 'Bearer static-token-1' },
      { url: '/api/catalog/entities?limit=2&offset=4', authorization: 'Bearer static-token-1' },
    ]);
    expect((await getJson<DoraResult>(hub, '/api/v1/dora?team=payments')).scope.services).toEqual(['checkout', 'fraud-scorer']);
  });

  it('takes a changed catalog at the next pull, keeping the earlier snapshot', async () => {
    // checkout moves to a new team.
    served = entities.map((e) =>
      (e.metadata as { name: string }).name === 'checkout' ? { ...e, spec: { ...(e.spec as object), owner: 'group:default/checkout-team' } } : e,
    );
    await eventually(() => getJson<DoraResult>(hub, '/api/v1/dora?team=checkout-team'), (d) => (d.scope.services ?? []).length > 0);
    const catalog = await getJson<CatalogResult>(hub, '/api/v1/catalog');
    expect(catalog.snapshots.map((s) => s.entities)).toEqual([4, 4]);
    expect(catalog.entities.find((e) => e.name === 'checkout')?.team).toBe('checkout-team');
    expect((await getJson<DoraResult>(hub, '/api/v1/dora?team=checkout-team')).scope.services).toEqual(['checkout']);
    expect((await getJson<DoraResult>(hub, '/api/v1/dora?team=payments')).scope.services).toEqual(['fraud-scorer']);
    // Unchanged pulls since add no snapshot.
    await new Promise((r) => setTimeout(r, 2500));
    expect((await getJson<CatalogResult>(hub, '/api/v1/catalog')).snapshots.length).toBe(2);
  });
});
