import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeCatalogFile, decodeCatalogFiles, type CatalogFile } from './decode.js';
import { formatCatalogError } from './model.js';

const file = (name: string): CatalogFile => ({ name, text: readFileSync(join(import.meta.dirname, 'testdata', name), 'utf8') });
const acme = ['acme/catalog-info.yaml', 'acme/payments/catalog-info.yaml', 'acme/search/catalog-info.yaml'].map(file);

describe('catalog-info.yaml decoding', () => {
  it('reads every document of multi-document files as entities, with file and line', () => {
    const { entities, errors, skipped } = decodeCatalogFiles(acme);
    expect(errors).toEqual([]);
    expect(skipped).toEqual([{ file: 'acme/catalog-info.yaml', line: 49, kind: 'Location', name: 'acme-services' }]);
    expect(entities.map((e) => [e.ref, `${e.file}:${e.line}`, e.owner, e.service])).toEqual([
      ['domain:default/commerce', 'acme/catalog-info.yaml:2', 'group:default/engineering', ''],
      ['group:default/engineering', 'acme/catalog-info.yaml:10', '', ''],
      ['group:default/payments', 'acme/catalog-info.yaml:18', '', ''],
      ['group:default/search', 'acme/catalog-info.yaml:29', '', ''],
      ['user:default/jdoe', 'acme/catalog-info.yaml:38', '', ''],
      ['system:default/payments-platform', 'acme/payments/catalog-info.yaml:1', 'group:default/payments', ''],
      ['component:default/checkout', 'acme/payments/catalog-info.yaml:10', 'group:default/payments', 'checkout'],
      ['component:default/ledger', 'acme/payments/catalog-info.yaml:29', 'group:default/payments', 'ledger-svc'],
      ['component:default/money', 'acme/payments/catalog-info.yaml:42', 'group:default/payments', 'money'],
      ['api:default/checkout-api', 'acme/payments/catalog-info.yaml:52', 'group:default/payments', ''],
      ['resource:default/payments-db', 'acme/payments/catalog-info.yaml:66', 'group:default/payments', ''],
      ['component:default/search-api', 'acme/search/catalog-info.yaml:2', 'group:default/search', 'search-api'],
      ['api:default/tax-api', 'acme/search/catalog-info.yaml:12', 'group:default/search', ''],
      ['component:default/recommender', 'acme/search/catalog-info.yaml:23', 'user:default/jdoe', 'recommender'],
    ]);
  });

  it('derives relations from the spec with Backstage default kinds and the entity namespace', () => {
    const checkout = decodeCatalogFiles(acme).entities.find((e) => e.name === 'checkout')!;
    expect(checkout).toMatchObject({ kind: 'Component', type: 'service', lifecycle: 'production', system: 'system:default/payments-platform', title: 'Checkout' });
    expect(checkout.relations).toEqual([
      { type: 'ownedBy', target: 'group:default/payments' },
      { type: 'partOf', target: 'system:default/payments-platform' },
      { type: 'providesApi', target: 'api:default/checkout-api' },
      { type: 'consumesApi', target: 'api:default/tax-api' },
      { type: 'dependsOn', target: 'resource:default/payments-db' },
      { type: 'dependsOn', target: 'component:default/ledger' },
    ]);
    const group = decodeCatalogFile({ name: 'x.yaml', text: 'apiVersion: backstage.io/v1alpha1\nkind: group\nmetadata: { name: Core, namespace: EMEA }\nspec: { type: team, parent: platform, members: [user:default/ann] }\n' });
    expect(group.entities.map((e) => [e.ref, e.kind, e.relations])).toEqual([
      ['group:emea/core', 'Group', [{ type: 'childOf', target: 'group:emea/platform' }, { type: 'hasMember', target: 'user:default/ann' }]],
    ]);
  });

  it('names file:line:column of a YAML syntax error and keeps the valid documents of the file', () => {
    const { entities, errors } = decodeCatalogFiles([file('broken/catalog-info.yaml')]);
    expect(errors.map(formatCatalogError)).toEqual([
      'broken/catalog-info.yaml:15:1: invalid YAML: Flow map in block collection must be sufficiently indented and end with a }',
    ]);
    expect(entities.map((e) => e.ref)).toEqual(['component:default/fraud-check']);
  });

  it('names the field and its line when an entity breaks the descriptor format', () => {
    const { errors } = decodeCatalogFiles([file('broken/invalid-fields.yaml')]);
    expect(errors.map(formatCatalogError)).toEqual([
      'broken/invalid-fields.yaml:6:3: spec.owner: is required (string)',
      'broken/invalid-fields.yaml:12:9: metadata.name: must be letters and digits, separated by single "-", "_" or "."',
    ]);
  });

  it('refuses an entity defined twice, at its second definition', () => {
    const doc = 'apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: payments\nspec:\n  type: team\n';
    const { errors } = decodeCatalogFiles([{ name: 'a.yaml', text: doc }, { name: 'b.yaml', text: `# again\n${doc.replace('payments', 'Payments')}` }]);
    expect(errors.map(formatCatalogError)).toEqual(['b.yaml:2:1: group:default/payments is already defined at a.yaml:1']);
  });

  it('skips empty documents and refuses a reference that is not one', () => {
    const { entities, errors } = decodeCatalogFile({
      name: 'c.yaml',
      text: '---\n# nothing\n---\napiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: { name: x }\nspec:\n  type: service\n  lifecycle: production\n  owner: "group:a/b/c"\n',
    });
    expect(entities).toEqual([]);
    expect(errors.map(formatCatalogError)).toEqual(['c.yaml:10:10: spec.owner: not an entity reference ([kind:][namespace/]name): "group:a/b/c"']);
  });
});
