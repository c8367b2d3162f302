/**
 * The Backstage pull against a small real HTTP server answering GET /api/catalog/entities as
 * the Backstage catalog backend documents it: a JSON array of entities, paged with limit/offset.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordingDeps } from '../delivery/testing.js';
import { backstageBase, createBackstagePull, pullBackstage } from './backstage.js';
import { catalogConfigSchema } from './config.js';
import { startBackstage } from './testing.js';

const entities = JSON.parse(readFileSync(join(import.meta.dirname, 'testdata/backstage-entities.json'), 'utf8')) as unknown[];

let backstage: Awaited<ReturnType<typeof startBackstage>>;
beforeAll(async () => {
  backstage = await startBackstage(() => entities);
});
afterAll(async () => {
  await backstage?.close();
});

describe('Backstage catalog pull', () => {
  it('reads every page, keeps the imported kinds and reports invalid entities', async () => {
    backstage.requests.length = 0;
    const pulled = await pullBackstage({ url: `${backstage.url}/api/catalog`, token: 'backstage-token', pageSize: 4 });
    expect(backstage.requests).toEqual([
      { url: '/api/catalog/entities?limit=4&offset=0', authorization: 'Bearer backstage-token' },
      { url: '/api/catalog/entities?limit=4&offset=4', authorization: 'Bearer backstage-token' },
    ]);
    expect(pulled.entities.map((e) => [e.ref, e.owner, e.service, e.file, e.line])).toEqual([
      ['group:default/payments', '', '', 'backstage', 0],
      ['user:default/jdoe', '', '', 'backstage', 0],
      ['component:default/checkout', 'group:default/payments', 'checkout', 'backstage', 0],
      ['component:default/fraud', 'user:default/jdoe', 'fraud-scorer', 'backstage', 0],
    ]);
    expect(pulled.invalid).toEqual([{ ref: 'Component:orphan', message: 'spec.owner: is required (string)' }]);
  });

  it('fails with the status and body when Backstage refuses', async () => {
    await expect(pullBackstage({ url: backstage.url, pageSize: 100 })).rejects.toThrow(
      `GET ${backstage.url}/api/catalog/entities?limit=100&offset=0 answered 401: {"error":{"name":"AuthenticationError","message":"Missing credentials"}}`,
    );
  });

  it('stores a snapshot when the catalog changed since the last pull, not otherwise', async () => {
    const recording = recordingDeps();
    const config = catalogConfigSchema.parse({ backstageUrl: `${backstage.url}/`, backstageToken: 'backstage-token', backstageIntervalMs: 3_600_000 });
    const pull = createBackstagePull({ ...config, backstageUrl: config.backstageUrl! }, recording.deps);
    expect(pull.location).toBe(`backstage:${backstage.url}`);
    await pull.pass();
    await pull.pass();
    expect(recording.pushes.length).toBe(1);
    expect(recording.rowsOf('catalog_snapshots').map((r) => [r.Location, r.Source, r.EntityRef])).toEqual([
      [`backstage:${backstage.url}`, 'backstage', ''],
      [`backstage:${backstage.url}`, 'backstage', 'group:default/payments'],
      [`backstage:${backstage.url}`, 'backstage', 'user:default/jdoe'],
      [`backstage:${backstage.url}`, 'backstage', 'component:default/checkout'],
      [`backstage:${backstage.url}`, 'backstage', 'component:default/fraud'],
    ]);
    expect(recording.counted).toEqual([['refused', 'invalid_item', 1], ['accepted', null, 5], ['refused', 'invalid_item', 1]]);
    await pull.stop();
  });

  it.each([
    ['https://backstage.example.com', 'https://backstage.example.com'],
    ['https://backstage.example.com/api/catalog/', 'https://backstage.example.com'],
    ['https://backstage.example.com/api/catalog/entities', 'https://backstage.example.com'],
  ])('takes %s as the base %s', (url, base) => {
    expect(backstageBase(url)).toBe(base);
  });
});
