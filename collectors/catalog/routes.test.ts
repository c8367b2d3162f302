import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { QueueFullError } from '../../server/queue/types.js';
import { recordingDeps } from '../delivery/testing.js';
import { catalogConfigSchema } from './config.js';
import { catalogRoutes } from './routes.js';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'testdata', name), 'utf8');
const NOW = Date.UTC(2026, 11, 1, 9, 30);

function setup(config: Record<string, unknown> = {}, recording = recordingDeps()) {
  const app = catalogRoutes(catalogConfigSchema.parse(config), recording.deps, () => NOW);
  return { app, ...recording };
}

describe('POST /ingest/catalog', () => {
  it('stores one YAML file as a snapshot of its location: a marker row, then one row per entity', async () => {
    const { app, pushes, rowsOf, counted } = setup();
    const res = await app.request('/ingest/catalog?location=payments-repo&file=payments/catalog-info.yaml', {
      method: 'POST',
      headers: { 'Content-Type': 'application/yaml' },
      body: fixture('acme/payments/catalog-info.yaml'),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      location: 'payments-repo', importedAt: '2026-12-01T09:30:00.000Z', files: 1, entities: 6,
      kinds: { System: 1, Component: 3, API: 1, Resource: 1 }, skipped: [],
    });
    expect(pushes.map((p) => p.key)).toEqual([expect.stringMatching(/^catalog\/payments-repo\/[0-9a-f]{64}$/)]);
    const rows = rowsOf('catalog_snapshots');
    expect(rows.map((r) => [r.EntityRef, r.Owner, r.Service, r.File, r.Line])).toEqual([
      ['', '', '', '', 0],
      ['system:default/payments-platform', 'group:default/payments', '', 'payments/catalog-info.yaml', 1],
      ['component:default/checkout', 'group:default/payments', 'checkout', 'payments/catalog-info.yaml', 10],
      ['component:default/ledger', 'group:default/payments', 'ledger-svc', 'payments/catalog-info.yaml', 29],
      ['component:default/money', 'group:default/payments', 'money', 'payments/catalog-info.yaml', 42],
      ['api:default/checkout-api', 'group:default/payments', '', 'payments/catalog-info.yaml', 52],
      ['resource:default/payments-db', 'group:default/payments', '', 'payments/catalog-info.yaml', 66],
    ]);
    expect(rows[0]).toEqual({
      Location: 'payments-repo', ImportedAt: '1796117400.000', Source: 'upload', EntityRef: '', Kind: '', Namespace: '', Name: '', Title: '', Description: '',
      Owner: '', Service: '', Type: '', Lifecycle: '', System: '', RelationTypes: [], RelationTargets: [], File: '', Line: 0, Entity: '',
    });
    expect(rows[3]).toMatchObject({ Kind: 'Component', Type: 'service', Lifecycle: 'production', System: 'system:default/payments-platform', RelationTypes: ['ownedBy', 'partOf'] });
    expect(JSON.parse(rows[3]!.Entity as string).metadata.annotations).toEqual({ 'octolens.io/service-name': 'ledger-svc' });
    expect(counted).toEqual([['accepted', null, 7]]);
  });

  it('takes several files as multipart parts, one snapshot', async () => {
    const { app, rowsOf } = setup();
    const form = new FormData();
    for (const name of ['acme/catalog-info.yaml', 'acme/search/catalog-info.yaml']) form.append('file', new Blob([fixture(name)]), name);
    const res = await app.request('/ingest/catalog?location=acme&source=cli', { method: 'POST', body: form });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ files: 2, entities: 8, kinds: { Domain: 1, Group: 3, User: 1, Component: 2, API: 1 }, skipped: [{ kind: 'Location', name: 'acme-services', line: 49 }] });
    expect(new Set(rowsOf('catalog_snapshots').map((r) => r.Source))).toEqual(new Set(['cli']));
  });

  it('refuses the whole upload with file:line:column when any document is wrong, and stores nothing', async () => {
    const { app, pushes, counted } = setup();
    const res = await app.request('/ingest/catalog?file=broken/catalog-info.yaml', { method: 'POST', headers: { 'Content-Type': 'text/yaml' }, body: fixture('broken/catalog-info.yaml') });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      code: 'malformed',
      message: 'broken/catalog-info.yaml:15:1: invalid YAML: Flow map in block collection must be sufficiently indented and end with a }',
      errors: [{ file: 'broken/catalog-info.yaml', line: 15, column: 1, message: 'invalid YAML: Flow map in block collection must be sufficiently indented and end with a }' }],
    });
    expect(pushes).toEqual([]);
    expect(counted).toEqual([['refusedRequest', 'invalid_payload', 1]]);
  });

  it.each([
    ['a JSON body', { 'Content-Type': 'application/json' }, '{}', '', 415, 'unsupported_media_type'],
    ['a bad location', { 'Content-Type': 'application/yaml' }, '', '?location=a%20b', 400, 'malformed'],
    ['an unknown source', { 'Content-Type': 'application/yaml' }, '', '?source=api', 400, 'malformed'],
    ['a body past the cap', { 'Content-Type': 'application/yaml' }, 'x'.repeat(2000), '', 413, 'too_large'],
  ])('answers %s with %i', async (_what, headers, body, query, status, code) => {
    const { app, pushes } = setup({ maxBodyBytes: 1000 });
    const res = await app.request(`/ingest/catalog${query}`, { method: 'POST', headers, body });
    expect(res.status).toBe(status);
    expect(((await res.json()) as { code: string }).code).toBe(code);
    expect(pushes).toEqual([]);
  });

  it('answers 429 with Retry-After when the queue is full', async () => {
    const recording = recordingDeps(() => {
      throw new QueueFullError('queue full', 3);
    });
    const { app } = setup({}, recording);
    const res = await app.request('/ingest/catalog', { method: 'POST', headers: { 'Content-Type': 'application/yaml' }, body: fixture('acme/search/catalog-info.yaml') });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('3');
  });
});
