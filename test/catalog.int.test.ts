/**
 * The service catalog through the real hub: catalog-info.yaml uploaded with POST
 * /ingest/catalog and imported with `octolens import catalog` sets each service's team, so
 * the existing team= filters (DORA, incidents) and the services list resolve through it
 * unchanged; GET /api/v1/catalog lists unowned and dark services against what the hub received.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogResult, DoraResult, IncidentsResult, ServicesResult } from '../shared/api.js';
import { eventually } from './support/eventually.js';
import { freePort, getJson, startHub, type RunningHub } from './support/hub.js';

const root = resolve(import.meta.dirname, '..');
const testdata = join(root, 'collectors/catalog/testdata');
const run = promisify(execFile);

/** `octolens import catalog …` as a user runs it: exit code, stdout, stderr. */
async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [join(root, 'bin/octolens.mjs'), 'import', 'catalog', ...args], { cwd: root });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

/** One OTLP/JSON server span of `service`, ending now. */
const span = (service: string, i: number) => ({
  resourceSpans: [
    {
      resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
      scopeSpans: [
        {
          spans: [
            {
              traceId: (i + 1).toString(16).padStart(32, 'a'), spanId: (i + 1).toString(16).padStart(16, 'b'), name: 'GET /', kind: 2,
              startTimeUnixNano: String(BigInt(Date.now() - 1000) * 1_000_000n), endTimeUnixNano: String(BigInt(Date.now()) * 1_000_000n),
            },
          ],
        },
      ],
    },
  ],
});

let hub: RunningHub;
let checkout: string;

beforeAll(async () => {
  hub = await startHub({ env: { OCTOLENS_DISCOVERY_INTERVAL_MS: '300' } });
  // A repository checkout with its catalog files among other files.
  checkout = mkdtempSync(join(tmpdir(), 'octolens-acme-'));
  cpSync(join(testdata, 'acme'), join(checkout, 'acme'), { recursive: true });
  cpSync(join(testdata, 'broken'), join(checkout, 'broken'), { recursive: true });
});

afterAll(async () => {
  await hub?.dispose();
  if (checkout) rmSync(checkout, { recursive: true, force: true });
});

describe('service catalog through the hub', () => {
  it('takes an upload and answers with what it stored', async () => {
    const res = await fetch(`${hub.apiUrl}/ingest/catalog?file=search/catalog-info.yaml`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/yaml' },
      body: readFileSync(join(testdata, 'acme/search/catalog-info.yaml')),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ location: 'upload', importedAt: expect.any(String), files: 1, entities: 3, kinds: { Component: 2, API: 1 }, skipped: [] });
    // Answered once synced: the team is there at once.
    const dora = await getJson<DoraResult>(hub, '/api/v1/dora?team=search');
    expect(dora.scope.services).toEqual(['search-api']);
  });

  it('refuses an upload with a YAML error, naming file:line', async () => {
    const res = await fetch(`${hub.apiUrl}/ingest/catalog?file=risk/catalog-info.yaml`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/yaml' },
      body: readFileSync(join(testdata, 'broken/catalog-info.yaml')),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toBe(
      'risk/catalog-info.yaml:15:1: invalid YAML: Flow map in block collection must be sufficiently indented and end with a }',
    );
  });

  it('reports broken files from the CLI with file:line:column and exit 1, sending nothing', async () => {
    const { code, stdout, stderr } = await cli([join(checkout, 'broken'), '--hub', hub.apiUrl, '--name', 'catalog-info.yaml,invalid-fields.yaml']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.split('\n').filter(Boolean)).toEqual([
      'catalog-info.yaml:15:1: invalid YAML: Flow map in block collection must be sufficiently indented and end with a }',
      'invalid-fields.yaml:6:3: spec.owner: is required (string)',
      'invalid-fields.yaml:12:9: metadata.name: must be letters and digits, separated by single "-", "_" or "."',
      'octolens: 3 errors in 2 files; nothing imported',
    ]);
    const catalog = await getJson<CatalogResult>(hub, '/api/v1/catalog');
    expect(catalog.locations.map((l) => l.location)).toEqual(['upload']);
  });

  it('imports a checkout with the CLI, ends with a summary, and every team= filter resolves through it', async () => {
    // Telemetry from checkout and legacy-batch, a deploy of billing-cron: seen by the hub.
    for (const [i, service] of ['checkout', 'legacy-batch'].entries()) {
      const res = await fetch(`${hub.otlpUrl}/v1/traces`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(span(service, i)) });
      expect(res.status).toBe(200);
    }
    const events = await fetch(`${hub.apiUrl}/ingest/events`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        deployments: [{ id: 'billing-cron-7', service: 'billing-cron', finishedAt: new Date(Date.now() - 3_600_000).toISOString() }],
        incidents: [{ id: 'inc-9', service: 'checkout', status: 'triggered', at: new Date(Date.now() - 1_800_000).toISOString(), title: 'checkout 500s' }],
      }),
    });
    expect(events.status).toBe(200);
    await eventually(() => getJson<ServicesResult>(hub, '/api/v1/services'), (r) => r.services.length === 2);

    // The checkout holds acme/ and broken/: only acme's catalog-info.yaml files are valid, so import acme.
    const { code, stdout, stderr } = await cli([join(checkout, 'acme'), '--hub', hub.apiUrl]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout.split('\n').filter(Boolean)).toEqual([
      `imported 14 entities from 3 files into location "acme" at ${hub.apiUrl} (1 Domain, 3 Group, 1 User, 1 System, 5 Component, 2 API, 1 Resource); skipped Location acme-services (kinds Octolens does not import)`,
      'catalog: 5 services owned by 2 teams (payments 4, search 1)',
      'unowned: 2 services sending data without a catalog entry (billing-cron, legacy-batch)',
      'dark: 3 catalog services that sent nothing in the last 7 days (ledger-svc, recommender, search-api)',
    ]);

    const dora = await getJson<DoraResult>(hub, '/api/v1/dora?team=payments');
    expect(dora.scope).toEqual({ kind: 'team', team: 'payments', services: ['checkout', 'ledger-svc', 'money', 'recommender'], environment: 'production' });
    const incidents = await getJson<IncidentsResult>(hub, '/api/v1/incidents?team=payments');
    expect(incidents.incidents.map((i) => [i.id, i.service])).toEqual([['inc-9', 'checkout']]);
    expect((await getJson<IncidentsResult>(hub, '/api/v1/incidents?team=search')).incidents).toEqual([]);
    const services = await getJson<ServicesResult>(hub, '/api/v1/services');
    expect(services.services.map((s) => [s.name, s.team])).toEqual([['checkout', 'payments'], ['legacy-batch', null]]);
  });

  it('answers GET /api/v1/catalog with both locations, owners and the reconciliation', async () => {
    const catalog = await getJson<CatalogResult>(hub, '/api/v1/catalog');
    expect(catalog.locations.map((l) => [l.location, l.source, l.entities])).toEqual([['acme', 'cli', 14], ['upload', 'upload', 3]]);
    // The same three entities in both locations come from the newer snapshot (acme).
    expect(catalog.entities.length).toBe(14);
    expect(catalog.entities.filter((e) => e.location === 'upload')).toEqual([]);
    expect(catalog.owners.map((o) => [o.ref, o.team, o.entities])).toEqual([
      ['group:default/engineering', 'engineering', 1],
      ['group:default/payments', 'payments', 6],
      ['group:default/search', 'search', 2],
      ['user:default/jdoe', 'payments', 1],
    ]);
    expect(catalog.unowned.map((u) => [u.service, u.seenIn])).toEqual([['billing-cron', ['deploys']], ['legacy-batch', ['telemetry']]]);
    expect(catalog.dark.map((d) => [d.service, d.team, d.lastSeen])).toEqual([['ledger-svc', 'payments', null], ['recommender', 'payments', null], ['search-api', 'search', null]]);
  });

  it('exits 1 with a clear line when the hub cannot be reached, and 2 on bad usage', async () => {
    const closed = await freePort();
    const down = await cli([join(checkout, 'acme'), '--hub', `http://127.0.0.1:${closed}`]);
    expect(down.code).toBe(1);
    expect(down.stderr).toBe(`octolens: cannot reach the hub at http://127.0.0.1:${closed} (ECONNREFUSED): is it running? Point --hub at it\n`);
    expect((await cli([join(checkout, 'nowhere')])).code).toBe(2);
    expect((await cli([join(checkout, 'acme'), '--hub', 'not a url'])).stderr).toBe('octolens: --hub: expected a URL such as http://localhost:8080, got "not a url"\n');
  });
});
