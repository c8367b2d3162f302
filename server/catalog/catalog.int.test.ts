/**
 * The catalog on real chDB and PGlite: snapshots stored as the collector writes them, synced
 * into services.team, read back through GET /api/v1/catalog, and a later snapshot of the same
 * location replacing the first (a component leaving the catalog loses its team).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeCatalogFiles } from '../../collectors/catalog/decode.js';
import { snapshotRows } from '../../collectors/catalog/normalise.js';
import type { CatalogResult, DoraResult } from '../../shared/api.js';
import { openTestApi, type TestApi } from '../api/routes/testing.js';
import { listServices, recordSeenServices } from '../meta/services.js';
import { formatMillis, type DeploymentRow } from '../storage/rows.js';
import { syncCatalog } from './sync-catalog.js';

const testdata = join(import.meta.dirname, '../../collectors/catalog/testdata');
const read = (name: string) => ({ name, text: readFileSync(join(testdata, name), 'utf8') });
const H = 3_600_000;
const now = Date.now();

let api: TestApi;
beforeAll(async () => {
  api = await openTestApi();
});
afterAll(async () => {
  await api?.close();
});

async function importSnapshot(location: string, files: string[], at: number) {
  const { entities, errors } = decodeCatalogFiles(files.map(read));
  expect(errors).toEqual([]);
  await api.insert('catalog_snapshots', snapshotRows(entities, { location, source: 'cli', importedAtMs: at }));
  return syncCatalog({ store: api.store, meta: api.meta });
}

const deployment = (service: string, at: number): DeploymentRow => ({
  DeploymentId: `d-${service}`, Source: 'events', Service: service, Repo: '', Environment: 'production', IsProduction: true, Status: 'success',
  ReportedAt: formatMillis(at), StartedAt: formatMillis(at), FinishedAt: formatMillis(at), CommitSha: '', CommitShas: [], Artifact: '', Kind: 'planned',
  RollbackOf: '', Url: '', DeliveryId: `d-${service}`,
});

describe('service catalog on chDB and PGlite', () => {
  it('sets the owning team of every catalog service, keeping what telemetry recorded', async () => {
    // checkout and legacy-batch sent spans an hour ago; billing-cron only deploys.
    await recordSeenServices({ db: api.meta, input: ['checkout', 'legacy-batch'].map((name) => ({ name, firstSeen: new Date(now - 2 * H), lastSeen: new Date(now - H) })) });
    await api.insert('deployments', [deployment('billing-cron', now - 3 * H), deployment('search-api', now - 30 * 24 * H)]);

    expect(await importSnapshot('acme', ['acme/catalog-info.yaml', 'acme/payments/catalog-info.yaml', 'acme/search/catalog-info.yaml'], now - 10 * 60_000)).toEqual({ services: 5, released: 0 });
    expect((await listServices({ db: api.meta })).map((s) => [s.name, s.team, s.firstSeen?.getTime() ?? null])).toEqual([
      ['checkout', 'payments', now - 2 * H],
      ['ledger-svc', 'payments', null],
      ['legacy-batch', null, now - 2 * H],
      ['money', 'payments', null],
      ['recommender', 'payments', null],
      ['search-api', 'search', null],
    ]);
  });

  it('resolves team= of the DORA API through the catalog', async () => {
    const { status, body } = await api.get<DoraResult>('/api/v1/dora?team=payments');
    expect(status).toBe(200);
    expect(body.scope).toEqual({ kind: 'team', team: 'payments', services: ['checkout', 'ledger-svc', 'money', 'recommender'], environment: 'production' });
  });

  it('answers GET /api/v1/catalog with entities, owners, relations, unowned and dark services', async () => {
    const { status, body } = await api.get<CatalogResult>('/api/v1/catalog');
    expect(status).toBe(200);
    expect(body.locations).toEqual([{ location: 'acme', source: 'cli', importedAt: new Date(now - 10 * 60_000).toISOString(), entities: 14 }]);
    expect(body.entities.length).toBe(14);
    expect(body.entities.find((e) => e.name === 'checkout')).toMatchObject({ team: 'payments', service: 'checkout', source: 'acme/payments/catalog-info.yaml:10', location: 'acme' });
    expect(body.owners.map((o) => [o.ref, o.team, o.services])).toEqual([
      ['group:default/engineering', 'engineering', []],
      ['group:default/payments', 'payments', ['checkout', 'ledger-svc', 'money']],
      ['group:default/search', 'search', ['search-api']],
      ['user:default/jdoe', 'payments', ['recommender']],
    ]);
    expect(body.relations.length).toBe(24);
    expect(body.unowned).toEqual([
      { service: 'billing-cron', lastSeen: new Date(now - 3 * H).toISOString(), seenIn: ['deploys'] },
      { service: 'legacy-batch', lastSeen: new Date(now - H).toISOString(), seenIn: ['telemetry'] },
    ]);
    // money is a library: never dark. search-api last deployed 30 days ago, outside the 7 days.
    expect(body.dark).toEqual([
      { service: 'ledger-svc', entity: 'component:default/ledger', team: 'payments', lastSeen: null },
      { service: 'recommender', entity: 'component:default/recommender', team: 'payments', lastSeen: null },
      { service: 'search-api', entity: 'component:default/search-api', team: 'search', lastSeen: new Date(now - 30 * 24 * H).toISOString() },
    ]);
    const wide = await api.get<CatalogResult>(`/api/v1/catalog?from=now-60d`);
    expect(wide.body.dark.map((d) => d.service)).toEqual(['ledger-svc', 'recommender']);
  });

  it('replaces a location with its next snapshot and keeps the old one in the history', async () => {
    // The search repository is imported on its own now, and the acme location without it.
    expect(await importSnapshot('acme', ['acme/catalog-info.yaml', 'acme/payments/catalog-info.yaml'], now - 5 * 60_000)).toEqual({ services: 3, released: 2 });
    expect((await listServices({ db: api.meta })).map((s) => [s.name, s.team])).toEqual([
      ['checkout', 'payments'], ['ledger-svc', 'payments'], ['legacy-batch', null], ['money', 'payments'],
    ]);
    expect(await importSnapshot('search-repo', ['acme/search/catalog-info.yaml'], now - 60_000)).toEqual({ services: 5, released: 0 });
    const { body } = await api.get<CatalogResult>('/api/v1/catalog');
    expect(body.locations.map((l) => [l.location, l.entities])).toEqual([['search-repo', 3], ['acme', 11]]);
    expect(body.snapshots.map((l) => [l.location, l.entities])).toEqual([['search-repo', 3], ['acme', 11], ['acme', 14]]);
    // jdoe is in acme, the component they own in search-repo: the team still resolves across locations.
    expect(body.entities.find((e) => e.name === 'recommender')).toMatchObject({ team: 'payments', location: 'search-repo' });
  });

  it('refuses a range past the long-range cap', async () => {
    const { status, body } = await api.get<{ code: string; message: string }>('/api/v1/catalog?from=now-500d');
    expect(status).toBe(400);
    expect(body.message).toContain('OCTOLENS_QUERY_MAX_LONG_RANGE_DAYS');
  });
});
