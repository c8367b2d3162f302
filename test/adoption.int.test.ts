/**
 * Adoption facts and scorecards through the real hub: telemetry sent with the OpenTelemetry
 * SDK's exporters (traces, logs, metrics), a catalog uploaded through POST /ingest/catalog,
 * SLO specs in the hub's SLO directory and a deployment through POST /ingest/events; then
 * GET /api/v1/adoption is compared exactly with the facts and levels worked out below. A
 * broken scorecard file stops the hub with file:line:column.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SpanKind } from '@opentelemetry/api';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdoptionResult } from '../shared/adoption.js';
import { eventually } from './support/eventually.js';
import { getJson, startHub, type RunningHub } from './support/hub.js';

const catalog = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: checkout
  description: Takes the money
  annotations:
    backstage.io/source-template: template:default/node-service
  links:
    - url: https://runbooks.example/checkout
      title: Checkout runbook
spec: { type: service, lifecycle: production, owner: group:default/payments }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ledger
spec: { type: service, lifecycle: production, owner: user:default/jdoe }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: search-api
  description: Finds things
spec: { type: service, lifecycle: production, owner: search }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: shared-lib
  description: A library sends nothing of its own
spec: { type: library, lifecycle: production, owner: payments }
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata:
  name: jdoe
spec:
  memberOf: [payments]
`;

const slo = (service: string, annotation: string) => `apiVersion: octolens/v1
kind: SLO
name: availability
service: ${service}
objective: 99.9
period: 30d
sli:
  spans:
    total: { kind: Server }
    bad: { status: Error }
alerting:
  annotations:
    ${annotation}
`;

async function sendSpan(otlpUrl: string, service: string) {
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: `${otlpUrl}/v1/traces` }))],
  });
  provider.getTracer('adoption-test').startSpan('GET /', { kind: SpanKind.SERVER }).end();
  await provider.forceFlush();
  await provider.shutdown();
}

async function sendLog(otlpUrl: string, service: string) {
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    processors: [new SimpleLogRecordProcessor({ exporter: new OTLPLogExporter({ url: `${otlpUrl}/v1/logs` }) })],
  });
  provider.getLogger('adoption-test').emit({ body: 'payment taken' });
  await provider.forceFlush();
  await provider.shutdown();
}

async function sendMetric(otlpUrl: string, service: string) {
  const reader = new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter({ url: `${otlpUrl}/v1/metrics` }), exportIntervalMillis: 60_000 });
  const provider = new MeterProvider({ resource: resourceFromAttributes({ 'service.name': service }), readers: [reader] });
  provider.getMeter('adoption-test').createCounter('payments_total').add(3);
  await provider.forceFlush();
  await provider.shutdown();
}

let hub: RunningHub;
let dir: string;
/** when checkout's one production deployment finished */
const deployedAt = Date.now();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'octolens-adoption-'));
  writeFileSync(join(dir, 'checkout.yaml'), slo('checkout', 'runbook: https://runbooks.example/slo/checkout'));
  writeFileSync(join(dir, 'ledger.yaml'), slo('ledger', 'runbook_url: https://runbooks.example/slo/ledger'));
  hub = await startHub({ env: { OCTOLENS_SLO_DIR: dir, OCTOLENS_DISCOVERY_INTERVAL_MS: '300', OCTOLENS_ADOPTION_INTERVAL_MS: '1000' } });
  const upload = await fetch(`${hub.apiUrl}/ingest/catalog?location=acme&file=catalog-info.yaml`, { method: 'POST', headers: { 'Content-Type': 'application/yaml' }, body: catalog });
  expect(upload.status).toBe(200);
  await Promise.all([sendSpan(hub.otlpUrl, 'checkout'), sendLog(hub.otlpUrl, 'checkout'), sendMetric(hub.otlpUrl, 'checkout'), sendSpan(hub.otlpUrl, 'ledger'), sendSpan(hub.otlpUrl, 'orphan')]);
  const deploy = await fetch(`${hub.apiUrl}/ingest/events`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ deployments: [{ id: 'd-1', service: 'checkout', finishedAt: new Date(deployedAt).toISOString() }] }),
  });
  expect(deploy.status).toBe(200);
}, 120_000);

afterAll(async () => {
  await hub?.dispose();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const month = new Date().toISOString().slice(0, 7);
const today = new Date().toISOString().slice(0, 10);

/*
 * By hand, with the default scorecard (scorecards/default.yaml; 8 checks; cost is `unknown`:
 * no cost import, so it never passes):
 * - checkout: group-owned, described, SLO, traces+logs+metrics, a deploy, template, runbook
 *   link in the catalog (beats its SLO's) → 7 of 8 pass: 87.5, bronze and silver complete,
 *   gold misses cost → silver.
 * - ledger: owned by a person (team payments through jdoe's memberOf), no description,
 *   SLO with runbook_url, traces only → SLO and runbook pass: 2 of 8, 25, no level.
 * - search-api: group-owned, described, sends nothing → 2 of 8, 25, bronze.
 * - orphan: not in the catalog, traces only → 0 of 8, 0, no level.
 * - shared-lib: a library, not counted.
 * Organisation: full telemetry 1 of 4 = 25 %, golden path 1 of 4 = 25 %, mean score
 * (87.5+25+25+0)/4 = 34.375 → 34.4. payments: (87.5+25)/2 = 56.25 → 56.3; onboarded this
 * month (checkout and ledger first seen now); search sent nothing: not onboarded.
 */
describe('adoption through the hub', () => {
  it('derives every fact from what was really received', async () => {
    // discovery, the SLO engine and the deploy land a moment apart
    const r = await eventually(
      () => getJson<AdoptionResult>(hub, '/api/v1/adoption'),
      (a) => a.leadership.teamsOnboarded === 1 && a.services.some((s) => s.service === 'checkout' && s.facts.sendsLogs && s.facts.sendsMetrics && s.facts.sendsDeploys && s.facts.hasSlo),
      30_000,
    );
    expect(r.windows).toEqual({ telemetryDays: 7, deployDays: 30, costDays: 90 });
    expect(r.services.map((s) => [s.service, s.team, s.entity, s.facts, s.template, s.runbook])).toEqual([
      ['checkout', 'payments', 'component:default/checkout',
        { ownedByGroup: true, hasDescription: true, hasSlo: true, sendsTraces: true, sendsLogs: true, sendsMetrics: true, sendsDeploys: true, hasCost: 'unknown', goldenPath: true, hasRunbook: true },
        'template:default/node-service', { url: 'https://runbooks.example/checkout', from: 'catalog' }],
      ['ledger', 'payments', 'component:default/ledger',
        { ownedByGroup: false, hasDescription: false, hasSlo: true, sendsTraces: true, sendsLogs: false, sendsMetrics: false, sendsDeploys: false, hasCost: 'unknown', goldenPath: false, hasRunbook: true },
        null, { url: 'https://runbooks.example/slo/ledger', from: 'slo' }],
      ['orphan', null, null,
        { ownedByGroup: false, hasDescription: false, hasSlo: false, sendsTraces: true, sendsLogs: false, sendsMetrics: false, sendsDeploys: false, hasCost: 'unknown', goldenPath: false, hasRunbook: false },
        null, null],
      ['search-api', 'search', 'component:default/search-api',
        { ownedByGroup: true, hasDescription: true, hasSlo: false, sendsTraces: false, sendsLogs: false, sendsMetrics: false, sendsDeploys: false, hasCost: 'unknown', goldenPath: false, hasRunbook: false },
        null, null],
    ]);
  });

  it('scores each service, rolls up teams and gives the leadership figures', async () => {
    const r = await getJson<AdoptionResult>(hub, '/api/v1/adoption');
    expect(r.scorecards.map((s) => [s.name, s.levels, s.checks.length, s.source])).toEqual([['production-readiness', ['bronze', 'silver', 'gold'], 8, './scorecards/default.yaml:7']]);
    expect(r.services.map((s) => [s.service, s.scores[0]!.level, s.scores[0]!.passed, s.scores[0]!.score])).toEqual([
      ['checkout', 'silver', 7, 87.5],
      ['ledger', null, 2, 25],
      ['orphan', null, 0, 0],
      ['search-api', 'bronze', 2, 25],
    ]);
    expect(r.services[0]!.scores[0]!.results.filter((x) => x.result !== 'pass')).toEqual([{ check: 'cost-allocated', level: 'gold', result: 'unknown' }]);
    expect(r.teams).toEqual([
      { team: 'payments', services: 2, fullTelemetry: 1, goldenPath: 1, onboarded: month, scores: [{ scorecard: 'production-readiness', averageScore: 56.3, levels: { none: 1, bronze: 0, silver: 1, gold: 0 } }] },
      { team: 'search', services: 1, fullTelemetry: 0, goldenPath: 0, onboarded: null, scores: [{ scorecard: 'production-readiness', averageScore: 25, levels: { none: 0, bronze: 1, silver: 0, gold: 0 } }] },
    ]);
    expect(r.leadership).toEqual({ services: 4, fullTelemetryPercent: 25, goldenPathPercent: 25, teams: 2, teamsOnboarded: 1, onboardedPerMonth: [{ month, teams: ['payments'] }] });
  });

  it('narrows to one team through the catalog', async () => {
    const r = await getJson<AdoptionResult>(hub, '/api/v1/adoption?team=payments');
    expect(r.team).toBe('payments');
    expect(r.services.map((s) => s.service)).toEqual(['checkout', 'ledger']);
    expect(r.leadership).toEqual({ services: 2, fullTelemetryPercent: 50, goldenPathPercent: 50, teams: 1, teamsOnboarded: 1, onboardedPerMonth: [{ month, teams: ['payments'] }] });
    const ledger = await getJson<AdoptionResult>(hub, '/api/v1/adoption?service=ledger');
    expect([ledger.service, ledger.services.map((s) => [s.service, s.scores[0]!.score]), ledger.leadership.services]).toEqual(['ledger', [['ledger', 25]], 1]);
    const none = await getJson<AdoptionResult>(hub, '/api/v1/adoption?team=nobody');
    expect([none.services, none.teams, none.leadership.services, none.leadership.fullTelemetryPercent]).toEqual([[], [], 0, 0]);
  });

  it('keeps the facts as a daily snapshot: the trend of the organisation and of a team', async () => {
    // the worker re-takes today's snapshot every second (OCTOLENS_ADOPTION_INTERVAL_MS)
    const org = await eventually(
      () => getJson<AdoptionResult>(hub, '/api/v1/adoption?days=7'),
      (a) => a.trend.at(-1)?.fullTelemetryPercent === 25 && a.trend.at(-1)?.scores[0]?.levels.silver === 1,
      30_000,
    );
    expect(org.trend).toEqual([
      { day: today, services: 4, fullTelemetryPercent: 25, goldenPathPercent: 25, scores: [{ scorecard: 'production-readiness', averageScore: 34.4, levels: { none: 2, bronze: 1, silver: 1, gold: 0 } }] },
    ]);
    const payments = await getJson<AdoptionResult>(hub, '/api/v1/adoption?days=7&team=payments');
    expect(payments.trend).toEqual([
      { day: today, services: 2, fullTelemetryPercent: 50, goldenPathPercent: 50, scores: [{ scorecard: 'production-readiness', averageScore: 56.3, levels: { none: 1, bronze: 0, silver: 1, gold: 0 } }] },
    ]);
    // one service's own trend: checkout, silver at 87.5
    const checkout = await getJson<AdoptionResult>(hub, '/api/v1/adoption?days=7&service=checkout');
    expect(checkout.trend).toEqual([
      { day: today, services: 1, fullTelemetryPercent: 100, goldenPathPercent: 100, scores: [{ scorecard: 'production-readiness', averageScore: 87.5, levels: { none: 0, bronze: 0, silver: 1, gold: 0 } }] },
    ]);
  });

  it('counts platform usage events: actions and active teams per week, time from creation to the first production deploy', async () => {
    // All in last week (its Monday 01:00–04:00 UTC), so they share one week whatever today is.
    const today0 = Date.parse(`${today}T00:00:00Z`);
    const monday = today0 - (((new Date(today0).getUTCDay() + 6) % 7) + 7) * 86_400_000;
    const H = 3_600_000;
    const at = (h: number) => new Date(monday + h * H).toISOString();
    const res = await fetch(`${hub.apiUrl}/ingest/events`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        platform: [
          // checkout's team comes from the catalog; new-svc (never deployed) names its own
          { id: 'tpl-1', type: 'template.executed', at: at(1), service: 'checkout', name: 'node-service', actor: 'user:default/jdoe' },
          { id: 'tpl-2', type: 'template.executed', at: at(2), service: 'new-svc', team: 'search', name: 'node-service' },
          { id: 'act-1', type: 'action.executed', at: at(3), service: 'ledger', name: 'rotate-secrets' },
          { id: 'env-1', type: 'environment.created', at: at(4), team: 'search', name: 'preview-42' },
        ],
      }),
    });
    expect(res.status).toBe(200);
    // a retried event (same id) counts once
    await fetch(`${hub.apiUrl}/ingest/events`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ platform: [{ id: 'act-1', type: 'action.executed', at: at(3), service: 'ledger' }] }) });
    // checkout: created at monday+1h, deployed to production at deployedAt
    const hours = Math.round((deployedAt - (monday + H)) / 360_000) / 10;
    const week = new Date(monday).toISOString().slice(0, 10);
    const r = await getJson<AdoptionResult>(hub, '/api/v1/adoption');
    expect(r.usage).toEqual({
      weeks: [{ week, actions: 4, byType: { 'template.executed': 2, 'action.executed': 1, 'environment.created': 1 }, activeTeams: ['payments', 'search'] }],
      actions: 4,
      activeTeams: ['payments', 'search'],
      timeToFirstDeploy: [
        { service: 'checkout', team: 'payments', createdAt: at(1), firstProductionDeployAt: new Date(deployedAt).toISOString(), hours },
        { service: 'new-svc', team: 'search', createdAt: at(2), firstProductionDeployAt: null, hours: null },
      ],
      medianHoursToFirstDeploy: hours,
    });
    const search = await getJson<AdoptionResult>(hub, '/api/v1/adoption?team=search');
    expect(search.usage).toEqual({
      weeks: [{ week, actions: 2, byType: { 'template.executed': 1, 'environment.created': 1 }, activeTeams: ['search'] }],
      actions: 2,
      activeTeams: ['search'],
      timeToFirstDeploy: [{ service: 'new-svc', team: 'search', createdAt: at(2), firstProductionDeployAt: null, hours: null }],
      medianHoursToFirstDeploy: null,
    });
  });

  it('reads cost allocation once a FOCUS export is imported: unknown becomes true or false', async () => {
    // One usage row tagged service=checkout, charged two days ago (within the 90 days).
    const lines = readFileSync(join(import.meta.dirname, '../collectors/focus/testdata/focus-sample.csv'), 'utf8').split('\n');
    const now = new Date();
    const period = [new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)), new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1))].map((d) => d.toISOString().replace('.000', ''));
    const charged = [new Date(Date.now() - 2 * 86_400_000), new Date(Date.now() - 86_400_000)].map((d) => d.toISOString().slice(0, 10) + 'T00:00:00Z');
    const row = lines[1]!.replace('2026-11-01T00:00:00Z,2026-12-01T00:00:00Z,2026-11-03T00:00:00Z,2026-11-04T00:00:00Z', [...period, ...charged].join(','));
    expect(row).toContain('""service"":""checkout""');
    const res = await fetch(`${hub.apiUrl}/ingest/cost/focus`, { method: 'POST', headers: { 'Content-Type': 'text/csv' }, body: `${lines[0]}\n${row}\n` });
    expect(res.status).toBe(200);
    // checkout: 8 of 8, gold; the others now fail cost instead of leaving it unknown (same scores).
    // Organisation (100+25+25+0)/4 = 37.5; payments (100+25)/2 = 62.5.
    const r = await getJson<AdoptionResult>(hub, '/api/v1/adoption');
    expect(r.services.map((s) => [s.service, s.facts.hasCost, s.scores[0]!.level, s.scores[0]!.score])).toEqual([
      ['checkout', true, 'gold', 100],
      ['ledger', false, null, 25],
      ['orphan', false, null, 0],
      ['search-api', false, 'bronze', 25],
    ]);
    expect(r.teams.map((t) => [t.team, t.scores[0]])).toEqual([
      ['payments', { scorecard: 'production-readiness', averageScore: 62.5, levels: { none: 1, bronze: 0, silver: 0, gold: 1 } }],
      ['search', { scorecard: 'production-readiness', averageScore: 25, levels: { none: 0, bronze: 1, silver: 0, gold: 0 } }],
    ]);
  });

  it('refuses bad parameters by name', async () => {
    const res = await fetch(`${hub.apiUrl}/api/v1/adoption?days=0`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toBe('days: expected an integer from 1 to 400, got "0"');
  });
});

describe('a broken scorecard file', () => {
  it('stops the hub at start with file:line:column', async () => {
    const file = join(dir, 'broken.yaml');
    writeFileSync(file, 'apiVersion: octolens/v1\nkind: Scorecards\nscorecards:\n  - name: readiness\n    levels: [bronze]\n    checks:\n      - id: traces\n        level: bronze\n        fact: sendsTrace\n');
    await expect(startHub({ env: { OCTOLENS_SCORECARDS: file } })).rejects.toThrow(`${file}:9:15: scorecards[0].checks[0].fact: unknown fact "sendsTrace"`);
  }, 120_000);
});
