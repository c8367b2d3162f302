import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeCatalogFiles } from '../../collectors/catalog/decode.js';
import type { StoredEntity } from './current.js';
import { resolveCatalog } from './resolve.js';

const testdata = join(import.meta.dirname, '../../collectors/catalog/testdata');
const acme = ['acme/catalog-info.yaml', 'acme/payments/catalog-info.yaml', 'acme/search/catalog-info.yaml'].map((name) => ({ name, text: readFileSync(join(testdata, name), 'utf8') }));

/** The fixtures as the store gives them back: one location, imported at one time. */
const stored = (): StoredEntity[] =>
  decodeCatalogFiles(acme).entities.map((e) => ({
    location: 'acme', importedAt: Date.UTC(2026, 11, 1), ref: e.ref, kind: e.kind, namespace: e.namespace, name: e.name, title: e.title, description: e.description,
    owner: e.owner, service: e.service, type: e.type, lifecycle: e.lifecycle, system: e.system,
    relationTypes: e.relations.map((r) => r.type), relationTargets: e.relations.map((r) => r.target), file: e.file, line: e.line,
  }));

describe('catalog resolution', () => {
  it('maps every component to its service and owning team: a group by name, a person through the group they belong to', () => {
    const { services } = resolveCatalog(stored());
    expect(Object.fromEntries(services)).toEqual({
      checkout: { entity: 'component:default/checkout', team: 'payments', type: 'service' },
      'ledger-svc': { entity: 'component:default/ledger', team: 'payments', type: 'service' },
      money: { entity: 'component:default/money', team: 'payments', type: 'library' },
      recommender: { entity: 'component:default/recommender', team: 'payments', type: 'service' },
      'search-api': { entity: 'component:default/search-api', team: 'search', type: 'service' },
    });
  });

  it('lists owners with their team, entities and services', () => {
    expect(resolveCatalog(stored()).owners).toEqual([
      { ref: 'group:default/engineering', kind: 'group', team: 'engineering', inCatalog: true, entities: 1, services: [] },
      { ref: 'group:default/payments', kind: 'group', team: 'payments', inCatalog: true, entities: 6, services: ['checkout', 'ledger-svc', 'money'] },
      { ref: 'group:default/search', kind: 'group', team: 'search', inCatalog: true, entities: 2, services: ['search-api'] },
      { ref: 'user:default/jdoe', kind: 'user', team: 'payments', inCatalog: true, entities: 1, services: ['recommender'] },
    ]);
  });

  it('leaves the team unknown for a person not in the catalog, and names teams outside the default namespace with it', () => {
    const entities = stored().filter((e) => e.kind !== 'User' && e.kind !== 'Group');
    const search = entities.find((e) => e.name === 'search-api')!;
    search.owner = 'group:emea/search';
    const { services } = resolveCatalog(entities);
    expect(services.get('recommender')?.team).toBeNull();
    expect(services.get('search-api')?.team).toBe('emea/search');
  });

  it('keeps relations as the specs give them, and each entity with where it was read', () => {
    const { relations, entities } = resolveCatalog(stored());
    expect(relations.filter((r) => r.source === 'component:default/search-api')).toEqual([
      { source: 'component:default/search-api', type: 'ownedBy', target: 'group:default/search' },
      { source: 'component:default/search-api', type: 'providesApi', target: 'api:default/tax-api' },
    ]);
    expect(entities.find((e) => e.name === 'ledger')).toEqual({
      ref: 'component:default/ledger', kind: 'Component', namespace: 'default', name: 'ledger', title: '', description: '', owner: 'group:default/payments',
      team: 'payments', service: 'ledger-svc', type: 'service', lifecycle: 'production', system: 'system:default/payments-platform', location: 'acme',
      source: 'acme/payments/catalog-info.yaml:29', importedAt: '2026-12-01T00:00:00.000Z',
    });
  });
});
