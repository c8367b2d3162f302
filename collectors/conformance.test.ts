/**
 * What every collector in collectors/index.ts must do, whatever its source: settings from a
 * strict schema with defaults, a lifecycle that is safe to stop twice or before start, and
 * a retryable answer (never a 2xx, never a 500) when the queue cannot take its rows.
 */
import { describe, expect, it } from 'vitest';
import { createLogger } from '../server/lib/log.js';
import { QueueUnavailableError, type IngestQueue } from '../server/queue/types.js';
import { collectorEntries, type collectors } from './index.js';
import { encodeWrite, remoteWriteHeaders } from './prometheus/testing.js';
import type { IngestCounters } from './types.js';

const counters: IngestCounters = { accepted: () => {}, refused: () => {}, refusedRequest: () => {} };
const log = createLogger('error', () => {});

/** A queue whose store is down: every push is refused as not durable. */
const failingQueue: IngestQueue = {
  push: () => Promise.reject(new QueueUnavailableError('store down', 5)),
  admit: () => {},
  depth: () => ({ rows: 0, bytes: 0 }),
  start: async () => {},
  stop: async () => {},
};

/** One small request each push source must accept when its queue works. */
const samples: Record<keyof typeof collectors, { path: string; headers: Record<string, string>; body: string | Uint8Array<ArrayBuffer> }> = {
  otlp: {
    path: '/v1/traces',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', name: 'x', startTimeUnixNano: '1', endTimeUnixNano: '2' }] }] }],
    }),
  },
  prometheus: {
    path: '/api/v1/write',
    headers: remoteWriteHeaders,
    body: encodeWrite({ timeseries: [{ labels: [{ name: '__name__', value: 'up' }, { name: 'job', value: 'node' }], samples: [{ value: 1, timestamp: 1_764_000_000_000 }] }] }),
  },
  business: {
    path: '/ingest/business',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ events: [{ name: 'orders.placed', value: 12.5 }] }),
  },
  events: {
    path: '/ingest/events',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ deployments: [{ id: 'deploy-1', service: 'checkout' }] }),
  },
  github: {
    path: '/ingest/github',
    headers: { 'Content-Type': 'application/json', 'X-GitHub-Event': 'deployment', 'X-GitHub-Delivery': 'conformance-1' },
    body: JSON.stringify({
      action: 'created',
      deployment: { id: 1, sha: '9f3c2a7e5b1d4c8a6e0f2b3d5a7c9e1f4b6d8a0c', ref: 'main', task: 'deploy', environment: 'production', created_at: '2026-11-30T10:00:00Z' },
      repository: { full_name: 'acme/checkout-api' },
    }),
  },
  gitlab: {
    path: '/ingest/gitlab',
    headers: { 'Content-Type': 'application/json', 'X-Gitlab-Event': 'Deployment Hook' },
    body: JSON.stringify({
      object_kind: 'deployment', status: 'success', status_changed_at: '2026-03-02 11:43:37 +0100', deployment_id: 1, environment: 'production',
      project: { path_with_namespace: 'acme/checkout-api' },
    }),
  },
  pagerduty: {
    path: '/ingest/pagerduty',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      event: {
        id: 'conformance-1', event_type: 'incident.triggered', occurred_at: '2026-11-30T10:20:00Z',
        data: { id: 'Q1ABC', type: 'incident', created_at: '2026-11-30T10:20:00Z', service: { id: 'PCHK4Q7', summary: 'checkout' } },
      },
    }),
  },
  catalog: {
    path: '/ingest/catalog',
    headers: { 'Content-Type': 'application/yaml' },
    body: 'apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: payments\nspec:\n  type: team\n',
  },
  focus: {
    path: '/ingest/cost/focus',
    headers: { 'Content-Type': 'text/csv' },
    body:
      'BillingAccountId,BillingCurrency,BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,ChargeCategory,BilledCost,EffectiveCost\n' +
      '111,USD,2026-11-01T00:00:00Z,2026-12-01T00:00:00Z,2026-11-01T00:00:00Z,2026-11-02T00:00:00Z,Usage,1.50,1.50\n',
  },
  // a pull source without routes: the 503 case does not apply
  opencost: { path: '/', headers: {}, body: '' },
  cdevents: {
    path: '/ingest/cdevents',
    headers: { 'Content-Type': 'application/cloudevents+json' },
    body: JSON.stringify({
      specversion: '1.0', id: 'conformance-1', source: '/argocd', type: 'dev.cdevents.service.deployed.0.2.0',
      data: {
        context: { id: 'conformance-1', source: '/argocd', type: 'dev.cdevents.service.deployed.0.2.0', timestamp: '2026-11-30T10:00:00Z' },
        subject: { id: 'checkout', content: { environment: { id: 'production' }, artifactId: 'pkg:oci/checkout@sha256%3Aabc' } },
      },
    }),
  },
};

describe.each(collectorEntries)('collector %s', (name, collector) => {
  it('is registered under its own name and takes its defaults from an empty config', () => {
    expect(collector.name).toBe(name);
    expect(collector.configSchema.safeParse({}).success).toBe(true);
  });

  it('warns at start, with what to do, when its defaults leave an ingest route open to anyone', () => {
    const warnings = collector.warnings?.(collector.configSchema.parse({}), { hubAuth: false }) ?? [];
    for (const w of warnings) {
      expect(w.message).toMatch(/^\/ingest\/\w+ accepts deliveries without authentication$/);
      expect(w.explain).toMatch(/^set OCTOLENS_\w+ /);
    }
    // Webhook sources have a secret to set; OTLP and the events API are open only while the hub's authentication is off.
    expect(warnings.length).toBe(['github', 'gitlab', 'pagerduty', 'cdevents'].includes(name) ? 1 : 0);
    // with authentication on, a route without its own secret takes an API token
    expect(collector.warnings?.(collector.configSchema.parse({}), { hubAuth: true }) ?? []).toEqual([]);
  });

  it('refuses a misspelt setting', () => {
    const result = collector.configSchema.safeParse({ noSuchSetting: 1 });
    expect(result.success).toBe(false);
  });

  it('stops safely before start and twice', async () => {
    const instance = collector.create(collector.configSchema.parse({}), { queue: failingQueue, counters, log });
    await instance.stop?.();
    await instance.start?.();
    await instance.stop?.();
    await instance.stop?.();
  });

  it('answers a retryable 503 with Retry-After when the queue cannot make the rows durable', async () => {
    const instance = collector.create(collector.configSchema.parse({}), { queue: failingQueue, counters, log });
    const sample = samples[name as keyof typeof collectors];
    if (!instance.routes) return;
    const res = await instance.routes.request(sample.path, { method: 'POST', headers: sample.headers, body: sample.body });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
  });
});
