import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatSpecError } from '../slo/spec/errors.js';
import { loadDashboardDirectory, parseDashboardFile } from './load.js';

const errorsOf = (text: string) => parseDashboardFile('team/x.yaml', text).errors.map((e) => formatSpecError(e));

const base = `title: Checkout
variables:
  - name: service
    source: services
panels:
  - title: Requests
    grid: { x: 0, y: 0, w: 12, h: 8 }
    query:
      kind: spans
      service: $service
`;

describe('parseDashboardFile', () => {
  it('reads a dashboard with its defaults', () => {
    const { dashboard, errors } = parseDashboardFile('team/checkout.yaml', base);
    expect(errors).toEqual([]);
    expect(dashboard).toEqual({
      id: 'checkout',
      title: 'Checkout',
      description: '',
      tags: [],
      file: 'team/checkout.yaml',
      variables: [{ name: 'service', source: 'services', includeAll: false }],
      panels: [{ id: 'panel-1', title: 'Requests', chart: 'timeseries', unit: 'short', grid: { x: 0, y: 0, w: 12, h: 8 }, query: { kind: 'spans', service: '$service', measure: 'rate' } }],
    });
  });

  it('points at a misspelt field, with the name it was meant to be', () => {
    expect(errorsOf(base.replace('    grid:', '    gridd:'))).toEqual(['team/x.yaml:7:5: panels[0].gridd: unknown field "gridd" (did you mean "grid"?)']);
  });

  it('names the query kinds when kind is wrong', () => {
    expect(errorsOf(base.replace('kind: spans', 'kind: traces'))).toEqual(['team/x.yaml:9:13: panels[0].query.kind: needs kind: metric, spans, logs or sql']);
  });

  it('refuses a panel wider than the grid', () => {
    expect(errorsOf(base.replace('x: 0, y: 0, w: 12', 'x: 20, y: 0, w: 12'))).toEqual(["team/x.yaml:7:5: panels[0].grid: x + w must be at most 24 (the grid's width)"]);
  });

  it('refuses a variable the dashboard does not define', () => {
    expect(errorsOf(base.replace('service: $service', 'service: $svc'))).toEqual(['team/x.yaml:10:16: panels[0].query.service: $svc is not a variable of this dashboard (variables: service)']);
  });

  it('refuses SQL that is not one SELECT, or sets SETTINGS, or uses a macro it cannot expand', () => {
    const sql = (text: string) => errorsOf(base.replace('      kind: spans\n      service: $service\n', `      kind: sql\n      sql: ${JSON.stringify(text)}\n`));
    expect(sql('INSERT INTO otel_logs SELECT * FROM otel_logs')).toEqual(['team/x.yaml:10:12: panels[0].query.sql: a SQL panel runs one SELECT (or WITH … SELECT) statement']);
    expect(sql('SELECT 1; DROP TABLE otel_logs')).toEqual(['team/x.yaml:10:12: panels[0].query.sql: a SQL panel runs one statement: remove the ";" and what follows']);
    expect(sql('SELECT 1 SETTINGS readonly = 0')).toEqual(["team/x.yaml:10:12: panels[0].query.sql: a SQL panel may not set SETTINGS: it runs read-only within the API's query limits"]);
    expect(sql("SELECT 'a;b', 1 -- SETTINGS")).toEqual([]);
    expect(sql('SELECT 1 WHERE $__conditionalAll(x, $service)')[0]).toMatch(/^team\/x\.yaml:10:12: panels\[0\]\.query\.sql: \$__conditionalAll: not a macro this hub expands \(supported: \$__timeFilter\(column\)/);
  });

  it('says where the YAML itself is broken', () => {
    expect(errorsOf('title: [unclosed\npanels: []\n')[0]).toMatch(/^team\/x\.yaml:2:1: invalid YAML: /);
  });

  it('needs a values list for source values, and a default among them', () => {
    const text = base.replace('    source: services\n', '    source: values\n    default: c\n');
    expect(errorsOf(text)).toEqual(['team/x.yaml:3:5: variables[0].values: is required when source is "values"']);
    expect(errorsOf(text.replace('default: c', 'default: c\n    values: [a, b]'))).toEqual(['team/x.yaml:5:14: variables[0].default: "c" is not one of the values (a, b)']);
  });
});

describe('loadDashboardDirectory', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('loads the shipped dashboards without an error', async () => {
    const loaded = await loadDashboardDirectory(resolve(import.meta.dirname, '../../dashboards'));
    expect(loaded.errors.map((e) => formatSpecError(e))).toEqual([]);
    expect(loaded.dashboards.map((d) => [d.id, d.file, d.panels.length])).toEqual([
      ['host-metrics', 'host-metrics.yaml', 4],
      ['octolens-hub', 'octolens-hub.yaml', 9],
    ]);
  });

  it('keeps a broken file out, reports it, and refuses a second file with the same id', async () => {
    dir = mkdtempSync(join(tmpdir(), 'octolens-dashboards-'));
    writeFileSync(join(dir, 'a.yaml'), base);
    writeFileSync(join(dir, 'b.yml'), `id: a\n${base}`);
    writeFileSync(join(dir, 'c.yaml'), base.replace('title: Requests', 'titel: Requests'));
    writeFileSync(join(dir, 'notes.txt'), 'not a dashboard');
    const loaded = await loadDashboardDirectory(dir);
    expect(loaded.dashboards.map((d) => d.id)).toEqual(['a']);
    expect(loaded.errors.map((e) => formatSpecError(e))).toEqual([
      'b.yml:1:5: id: dashboard id "a" is already used by a.yaml; set another id:',
      'c.yaml:6:5: panels[0].titel: unknown field "titel" (did you mean "title"?)',
    ]);
  });

  it('reads a missing directory as no dashboards', async () => {
    expect(await loadDashboardDirectory(join(tmpdir(), 'octolens-no-such-dir'))).toEqual({ dashboards: [], errors: [] });
  });
});
