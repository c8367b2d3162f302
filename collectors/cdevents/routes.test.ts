import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { recordingDeps } from '../delivery/testing.js';
import { cdeventsConfigSchema } from './config.js';
import { cdeventsRoutes } from './routes.js';

interface StructuredEvent {
  specversion: string;
  id: string;
  source: string;
  type: string;
  subject: string;
  time: string;
  data: Record<string, any>;
}
const fixtureBytes = (name: string) => readFileSync(new URL(`./testdata/${name}.json`, import.meta.url));
const fixture = (name: string) => JSON.parse(fixtureBytes(name).toString('utf8')) as StructuredEvent;
const STRUCTURED = { 'Content-Type': 'application/cloudevents+json; charset=UTF-8' };

/** The same event in binary mode: attributes as ce-* headers (percent-encoded), data as the body. */
function binary(event: StructuredEvent) {
  return {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'ce-specversion': event.specversion,
      'ce-id': encodeURIComponent(event.id),
      'ce-source': encodeURIComponent(event.source),
      'ce-type': event.type,
      'ce-subject': encodeURIComponent(event.subject),
      'ce-time': event.time,
    },
    body: JSON.stringify(event.data, null, 2),
  };
}

function setup(config: Record<string, unknown> = {}, recording = recordingDeps()) {
  const parsed = cdeventsConfigSchema.parse({ serviceMap: 'service/tax-service=tax-service', repoServices: 'acme/checkout-api=checkout', ...config });
  const app = cdeventsRoutes(parsed, recording.deps);
  const post = (body: string | Uint8Array, headers: Record<string, string>) =>
    app.request('/ingest/cdevents', { method: 'POST', headers, body: typeof body === 'string' ? body : new Uint8Array(body) });
  return { post, ...recording };
}

const ZERO = '0000000000.000';
const NEW = '9f3c1e27b4d85a06c2e91f4b7d3a58e0c6b21f94';
const OLD = '41d0b8a3e6f29c75d1a04be8c3f7e5921a6d0c3b';
const deployment = (id: string, fields: Record<string, unknown>) => ({
  DeploymentId: `cdevents:${id}`, Source: 'cdevents', Repo: '', Status: 'success', StartedAt: ZERO, CommitShas: [], Url: '', DeliveryId: id, ...fields,
});
const incident = (id: string, fields: Record<string, unknown>) => ({
  IncidentId: 'cdevents:INC-2026-1130-01', Provider: 'cdevents', Service: 'checkout-api', CauseDeploymentId: '', DeliveryId: id, ...fields,
});
const change = (id: string, at: string) => ({
  Repo: 'acme/checkout-api', CommitSha: '2b7e9d41c06a58f3e1d24b9c7a0f6e385d1c4b2a', Service: 'checkout', Source: 'cdevents', Branch: '', AuthoredAt: at, CommittedAt: at,
  PrNumber: 0, PrCreatedAt: ZERO, PrMergedAt: ZERO, MergeCommitSha: '', ReportedAt: at, DeliveryId: id,
});

const cases: Array<[string, string, Record<string, Array<Record<string, unknown>>>]> = [
  [
    'service-deployed', '/argocd/prod-eu-1:3f9e2c1a-7b4d-4e0a-9c55-1d2e8f6a0b71',
    {
      deployments: [
        deployment('/argocd/prod-eu-1:3f9e2c1a-7b4d-4e0a-9c55-1d2e8f6a0b71', {
          Service: 'checkout-api', Environment: 'production', IsProduction: true, ReportedAt: '1796033070.250', FinishedAt: '1796033070.250', CommitSha: NEW,
          Artifact: `pkg:github/acme/checkout-api@${NEW}`, Kind: 'planned', RollbackOf: '',
        }),
      ],
    },
  ],
  [
    // an image digest names no commit; the service id is mapped by serviceMap
    'service-upgraded', '/argocd/staging:a8c47e10-2f63-4b9d-8e1a-5c0d7b3f9e24',
    {
      deployments: [
        deployment('/argocd/staging:a8c47e10-2f63-4b9d-8e1a-5c0d7b3f9e24', {
          Service: 'tax-service', Environment: 'staging', IsProduction: false, ReportedAt: '1795967112.000', FinishedAt: '1795967112.000', CommitSha: '',
          Artifact: 'pkg:oci/tax-service@sha256%3A5d3f1a9b0c7e24f86a1b3c5d7e9f0a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d0e2f?repository_url=ghcr.io/acme', Kind: 'planned', RollbackOf: '',
        }),
      ],
    },
  ],
  [
    'service-rolledback', '/argocd/prod-eu-1:c02d6b9e-41f8-4a37-b6e0-8f1c3a5d7e92',
    {
      deployments: [
        deployment('/argocd/prod-eu-1:c02d6b9e-41f8-4a37-b6e0-8f1c3a5d7e92', {
          Service: 'checkout-api', Environment: 'production', IsProduction: true, ReportedAt: '1796035743.004', FinishedAt: '1796035743.004', CommitSha: OLD,
          Artifact: `pkg:github/acme/checkout-api@${OLD}`, Kind: 'rollback', RollbackOf: OLD,
        }),
      ],
    },
  ],
  ['change-created', 'https%3A//review.acme.dev:gerrit-8841-created', { changes: [change('https%3A//review.acme.dev:gerrit-8841-created', '1795939960.000')] }],
  ['change-merged', 'https%3A//review.acme.dev:gerrit-8841-merged', { changes: [change('https%3A//review.acme.dev:gerrit-8841-merged', '1796029335.500')] }],
  [
    'incident-detected', '/alerting/prod-eu-1:0c6f4a2e-5b91-4d8c-a3e7-9f1b2d4c6e80',
    {
      incidents: [
        incident('/alerting/prod-eu-1:0c6f4a2e-5b91-4d8c-a3e7-9f1b2d4c6e80', {
          Status: 'triggered', At: '1796034000.000', CreatedAt: '1796034000.000', Severity: 'critical', Title: 'checkout-api 5xx ratio 4.2% (threshold 2%)', CauseCommitSha: NEW, Url: '',
        }),
      ],
    },
  ],
  [
    'incident-reported', '/servicedesk:b7d3e9f1-0a2c-4e6b-8d5f-1c3a5e7b9d02',
    {
      incidents: [
        incident('/servicedesk:b7d3e9f1-0a2c-4e6b-8d5f-1c3a5e7b9d02', {
          Status: 'triggered', At: '1796034391.120', CreatedAt: '1796034391.120', Severity: 'high', Title: 'Customers report failed payments at checkout', CauseCommitSha: NEW,
          Url: 'https://servicedesk.acme.dev/browse/OPS-7731',
        }),
      ],
    },
  ],
  [
    // the artifact on resolved is the one running after the fix, not a cause
    'incident-resolved', '/alerting/prod-eu-1:e4a1c8d6-3f2b-4a90-b7e5-6d8c0f2a4b17',
    {
      incidents: [
        incident('/alerting/prod-eu-1:e4a1c8d6-3f2b-4a90-b7e5-6d8c0f2a4b17', {
          Status: 'resolved', At: '1796036700.000', CreatedAt: ZERO, Severity: '', Title: '5xx ratio back under 0.1% after rollback', CauseCommitSha: '', Url: '',
        }),
      ],
    },
  ],
];

describe('POST /ingest/cdevents', () => {
  describe.each(['structured', 'binary'] as const)('in %s mode', (mode) => {
    it.each(cases)('%s → its rows, and the delivery as received', async (name, deliveryId, rows) => {
      const { post, pushes, rowsOf } = setup();
      const event = fixture(name);
      const request = mode === 'structured' ? { headers: STRUCTURED, body: fixtureBytes(name).toString('utf8') } : binary(event);
      const res = await post(request.body, request.headers);
      expect(res.status).toBe(200);
      const table = Object.keys(rows)[0]!;
      expect(await res.json()).toEqual({ stored: { raw_events: 1, [table]: 1 } });
      // The same event in either mode has the same key, so a sender switching modes is still deduplicated.
      expect(pushes.map((p) => p.key)).toEqual([`cdevents/${deliveryId}`]);
      expect(rowsOf('raw_events')).toEqual([{ Source: 'cdevents', DeliveryId: deliveryId, EventType: event.type, ReceivedAt: expect.stringMatching(/^\d{10}\.\d{3}$/), Body: request.body }]);
      expect(rowsOf(table)).toEqual(rows[table]);
    });

    it.each(['service-removed', 'artifact-packaged', 'pipelinerun-finished'])('keeps %s in raw_events only, answering 200', async (name) => {
      const { post, pushes } = setup();
      const event = fixture(name);
      const request = mode === 'structured' ? { headers: STRUCTURED, body: fixtureBytes(name).toString('utf8') } : binary(event);
      const res = await post(request.body, request.headers);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ stored: { raw_events: 1 }, ignored: `a "${event.type}" event carries nothing Octolens derives; kept in raw_events` });
      expect(pushes.map((p) => p.parts.map((part) => part.table))).toEqual([['raw_events']]);
    });
  });

  it('keeps an unknown event type, CDEvent or not, in raw_events only without reading its data', async () => {
    const { post, pushes } = setup();
    for (const type of ['dev.cdevents.testcaserun.finished.0.2.0', 'com.github.pull_request.opened', 'dev.cdevents.service.deployed']) {
      const res = await post(JSON.stringify({ specversion: '1.0', id: `x-${type}`, source: '/elsewhere', type, data: { anything: [1, 2] } }), STRUCTURED);
      expect(res.status).toBe(200);
    }
    expect(pushes.map((p) => [p.key, p.parts.map((part) => part.table)])).toEqual([
      ['cdevents//elsewhere:x-dev.cdevents.testcaserun.finished.0.2.0', ['raw_events']],
      ['cdevents//elsewhere:x-com.github.pull_request.opened', ['raw_events']],
      ['cdevents//elsewhere:x-dev.cdevents.service.deployed', ['raw_events']],
    ]);
  });

  it('derives no change from a change whose id is no commit sha (a pull request number, a branch)', async () => {
    const { post, pushes } = setup();
    for (const id of ['1432', 'feature/round-tax', '20261130']) {
      const event = fixture('change-merged');
      event.id = `merged-${id}`;
      event.data.subject.id = id;
      expect((await post(JSON.stringify(event), STRUCTURED)).status).toBe(200);
    }
    expect(pushes.map((p) => p.parts.map((part) => part.table))).toEqual([['raw_events'], ['raw_events'], ['raw_events']]);
  });

  it('takes a CDEvents v0.3 event (service.deployed.0.1.1)', async () => {
    const { post, rowsOf } = setup();
    const event = fixture('service-deployed');
    event.type = event.data.context.type = 'dev.cdevents.service.deployed.0.1.1';
    event.data.context.version = '0.3.0';
    expect((await post(JSON.stringify(event), STRUCTURED)).status).toBe(200);
    expect(rowsOf('deployments')[0]).toMatchObject({ Service: 'checkout-api', Environment: 'production', Kind: 'planned', CommitSha: NEW });
  });

  it('decodes percent-encoded and quoted ce-* headers, and escapes ":" and "%" of the source in the delivery id', async () => {
    const { post, pushes, rowsOf } = setup();
    const { headers, body } = binary(fixture('incident-detected'));
    const res = await post(body, { ...headers, 'ce-source': '"https%3A%2F%2Fmon.acme.dev%2Fprod%2520eu"', 'ce-id': 'alert%3A42' });
    expect(res.status).toBe(200);
    expect(pushes[0]!.key).toBe('cdevents/https%3A//mon.acme.dev/prod%2520eu:alert:42');
    expect(rowsOf('incidents')[0]!.DeliveryId).toBe('https%3A//mon.acme.dev/prod%2520eu:alert:42');
  });

  it('reads a structured event whose data is data_base64', async () => {
    const { post, rowsOf } = setup();
    const { data, ...event } = fixture('service-rolledback');
    const res = await post(JSON.stringify({ ...event, data_base64: Buffer.from(JSON.stringify(data)).toString('base64') }), STRUCTURED);
    expect(res.status).toBe(200);
    expect(rowsOf('deployments')[0]).toMatchObject({ Kind: 'rollback', RollbackOf: OLD });
  });

  it('keys a redelivery like the first delivery', async () => {
    const { post, pushes } = setup();
    await post(fixtureBytes('incident-resolved'), STRUCTURED);
    await post(fixtureBytes('incident-resolved'), STRUCTURED);
    expect(pushes.map((p) => p.key)).toEqual(['cdevents//alerting/prod-eu-1:e4a1c8d6-3f2b-4a90-b7e5-6d8c0f2a4b17', 'cdevents//alerting/prod-eu-1:e4a1c8d6-3f2b-4a90-b7e5-6d8c0f2a4b17']);
  });

  describe('with OCTOLENS_CDEVENTS_TOKEN set', () => {
    const token = 'cdv-4f1e9a7c2b';
    it.each([
      ['no Authorization header', {}, 'Authorization: Bearer <token> is missing and OCTOLENS_CDEVENTS_TOKEN is set'],
      ['another token', { Authorization: 'Bearer cdv-4f1e9a7c2c' }, 'the bearer token does not match OCTOLENS_CDEVENTS_TOKEN'],
      ['another scheme', { Authorization: `Basic ${token}` }, 'Authorization: Bearer <token> is missing and OCTOLENS_CDEVENTS_TOKEN is set'],
    ])('answers 401 and stores nothing with %s', async (_what, auth, message) => {
      const { post, pushes, counted } = setup({ token });
      const res = await post(fixtureBytes('service-deployed'), { ...STRUCTURED, ...auth });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ code: 'unauthorized', message });
      expect(pushes).toEqual([]);
      expect(counted).toEqual([['refusedRequest', 'unauthorized', 1]]);
    });

    it('stores the event with the right token, in either mode', async () => {
      const { post, pushes } = setup({ token });
      expect((await post(fixtureBytes('service-deployed'), { ...STRUCTURED, Authorization: `Bearer ${token}` })).status).toBe(200);
      const { headers, body } = binary(fixture('service-deployed'));
      expect((await post(body, { ...headers, authorization: `bearer ${token}` })).status).toBe(200);
      expect(pushes).toHaveLength(2);
    });
  });

  it.each([
    ['structured, a field it reads missing', () => {
      const e = fixture('service-deployed');
      delete e.data.subject.content.environment;
      return { body: JSON.stringify(e), headers: STRUCTURED };
    }, 400, 'data.subject.content.environment: Invalid input: expected object, received undefined'],
    ['binary, a time that is not RFC 3339', () => {
      const { headers, body } = binary(fixture('incident-detected'));
      return { headers, body: body.replace('"2026-11-30T10:20:00Z"', '"30/11/2026 10:20"') };
    }, 400, 'context.timestamp: Invalid ISO datetime'],
    ['structured, no specversion', () => {
      const { specversion: _, ...e } = fixture('service-deployed');
      return { body: JSON.stringify(e), headers: STRUCTURED };
    }, 400, 'specversion: Invalid input: expected "1.0"'],
    ['binary, no ce-id', () => {
      const { headers, body } = binary(fixture('service-deployed'));
      const { 'ce-id': _, ...rest } = headers;
      return { headers: rest, body };
    }, 400, 'missing CloudEvents header(s) ce-id'],
    ['binary, CloudEvents 0.3', () => {
      const { headers, body } = binary(fixture('service-deployed'));
      return { headers: { ...headers, 'ce-specversion': '0.3' }, body };
    }, 400, 'ce-specversion: expected "1.0", got "0.3"'],
    ['no CloudEvent at all', () => ({ headers: { 'Content-Type': 'application/json' }, body: '{}' }), 400,
      'not a CloudEvent: expected ce-specversion, ce-id, ce-source and ce-type headers (binary mode) or Content-Type application/cloudevents+json (structured mode), got Content-Type "application/json" and no ce-specversion'],
    ['invalid JSON', () => ({ headers: STRUCTURED, body: '{"specversion": "1.0",' }), 400, expect.stringMatching(/^the body is not valid JSON: /)],
    ['binary, a body that is not JSON', () => {
      const { headers } = binary(fixture('service-deployed'));
      return { headers: { ...headers, 'Content-Type': 'text/plain' }, body: 'deployed' };
    }, 415, 'a CDEvent in binary mode is sent as application/json, got Content-Type "text/plain"'],
    ['the batched mode', () => ({ headers: { 'Content-Type': 'application/cloudevents-batch+json' }, body: `[${fixtureBytes('service-deployed')}]` }), 415,
      'batched CloudEvents (application/cloudevents-batch+json) are not taken: send one event per request, in binary or structured mode'],
    ['structured, another event format', () => ({ headers: { 'Content-Type': 'application/cloudevents+avro' }, body: 'x' }), 415,
      'expected the JSON event format application/cloudevents+json, got "application/cloudevents+avro"'],
  ])('refuses %s, storing nothing', async (_what, make, status, message) => {
    const { post, pushes } = setup();
    const { body, headers } = make();
    const res = await post(body, headers);
    expect(res.status).toBe(status);
    expect(await res.json()).toEqual({ code: status === 400 ? 'malformed' : 'unsupported_media_type', message });
    expect(pushes).toEqual([]);
  });

  it('answers 413 past maxBodyBytes, naming the setting', async () => {
    const { post } = setup({ maxBodyBytes: 256 });
    const res = await post(fixtureBytes('service-deployed'), STRUCTURED);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { message: string }).message).toContain('OCTOLENS_CDEVENTS_MAX_BODY_BYTES');
  });
});
