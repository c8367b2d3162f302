import { describe, expect, it } from 'vitest';
import { recordingDeps } from '../delivery/testing.js';
import { eventsConfigSchema } from './config.js';
import { eventsRoutes } from './routes.js';

const JSON_TYPE = { 'Content-Type': 'application/json' };

function setup(config: Record<string, unknown> = {}, recording = recordingDeps()) {
  const app = eventsRoutes(eventsConfigSchema.parse(config), recording.deps);
  const post = (body: unknown, headers: Record<string, string> = JSON_TYPE) =>
    app.request('/ingest/events', { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { post, ...recording };
}

const batch = {
  deployments: [
    {
      id: 'argocd:checkout:42',
      service: 'checkout',
      environment: 'Production',
      startedAt: '2026-11-30T10:00:00Z',
      finishedAt: '2026-11-30T10:04:30.250Z',
      commit: 'A1B2C3D4E5F6A7B8C9D0A1B2C3D4E5F6A7B8C9D0',
      commits: ['a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0', '0123456789abcdef0123456789abcdef01234567'],
      repo: 'acme/checkout-api',
      kind: 'hotfix',
    },
    { id: 'argocd:checkout:43', service: 'checkout', environment: 'staging', status: 'failure', finishedAt: 1764500000000 },
  ],
  changes: [
    {
      repo: 'acme/checkout-api',
      sha: '0123456789abcdef0123456789abcdef01234567',
      branch: 'fix-tax',
      committedAt: '2026-11-29T08:00:00Z',
      pr: { number: 17, createdAt: '2026-11-29T08:30:00Z', mergedAt: '2026-11-30T09:00:00Z', mergeCommit: 'a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0' },
    },
  ],
  incidents: [{ id: 'inc-7', service: 'checkout', status: 'triggered', at: '2026-11-30T10:20:00Z', severity: 'SEV2', title: 'checkout 500s', causeDeployment: 'argocd:checkout:42' }],
};

describe('POST /ingest/events', () => {
  it('stores the delivery as received and its deployments, changes and incidents as rows', async () => {
    const { post, pushes, rowsOf, counted } = setup({ repoServices: 'acme/checkout-api=checkout' });
    const res = await post(batch, { ...JSON_TYPE, 'Idempotency-Key': 'release-2026-11-30' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ stored: { raw_events: 1, deployments: 2, changes: 1, incidents: 1 } });
    expect(pushes.map((p) => p.key)).toEqual(['events/release-2026-11-30']);
    expect(rowsOf('raw_events')).toEqual([
      { Source: 'events', DeliveryId: 'release-2026-11-30', EventType: 'batch', ReceivedAt: expect.stringMatching(/^\d{10}\.\d{3}$/), Body: JSON.stringify(batch) },
    ]);
    expect(rowsOf('deployments')).toEqual([
      {
        DeploymentId: 'argocd:checkout:42', Source: 'events', Service: 'checkout', Repo: 'acme/checkout-api', Environment: 'Production', IsProduction: true,
        Status: 'success', ReportedAt: '1796033070.250', StartedAt: '1796032800.000',
        FinishedAt: '1796033070.250', CommitSha: 'a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0',
        CommitShas: ['a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0', '0123456789abcdef0123456789abcdef01234567'], Artifact: '', Kind: 'hotfix', RollbackOf: '', Url: '',
        DeliveryId: 'release-2026-11-30',
      },
      {
        DeploymentId: 'argocd:checkout:43', Source: 'events', Service: 'checkout', Repo: '', Environment: 'staging', IsProduction: false, Status: 'failure',
        ReportedAt: '1764500000.000', StartedAt: '0000000000.000', FinishedAt: '1764500000.000', CommitSha: '', CommitShas: [], Artifact: '', Kind: 'planned',
        RollbackOf: '', Url: '', DeliveryId: 'release-2026-11-30',
      },
    ]);
    expect(rowsOf('changes')).toEqual([
      {
        Repo: 'acme/checkout-api', CommitSha: '0123456789abcdef0123456789abcdef01234567', Service: 'checkout', Source: 'events', Branch: 'fix-tax',
        AuthoredAt: '1795939200.000', CommittedAt: '1795939200.000', PrNumber: 17, PrCreatedAt: '1795941000.000', PrMergedAt: '1796029200.000',
        MergeCommitSha: 'a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0', ReportedAt: expect.stringMatching(/^\d{10}\.\d{3}$/), DeliveryId: 'release-2026-11-30',
      },
    ]);
    expect(rowsOf('incidents')).toEqual([
      {
        IncidentId: 'inc-7', Provider: 'events', Service: 'checkout', Status: 'triggered', At: '1796034000.000', CreatedAt: '1796034000.000', Severity: 'SEV2',
        Title: 'checkout 500s', CauseDeploymentId: 'argocd:checkout:42', CauseCommitSha: '', Url: '', DeliveryId: 'release-2026-11-30',
      },
    ]);
    expect(counted).toEqual([['accepted', null, 5]]);
  });

  it('stores platform usage events as adoption_events rows', async () => {
    const { post, rowsOf } = setup();
    const res = await post({
      platform: [
        { id: 'bs-1', type: 'template.executed', at: '2026-11-30T10:00:00Z', service: 'cart', team: 'payments', actor: 'user:default/jdoe', name: 'node-service', attributes: { repo: 'acme/cart' } },
        { id: 'bs-2', type: 'environment.created', at: 1764500000000 },
      ],
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ stored: { raw_events: 1, adoption_events: 2 } });
    expect(rowsOf('adoption_events')).toEqual([
      { EventId: 'bs-1', Type: 'template.executed', At: '1796032800.000', Service: 'cart', Team: 'payments', Actor: 'user:default/jdoe', Name: 'node-service', Attributes: { repo: 'acme/cart' }, DeliveryId: expect.any(String) },
      { EventId: 'bs-2', Type: 'environment.created', At: '1764500000.000', Service: '', Team: '', Actor: '', Name: '', Attributes: {}, DeliveryId: expect.any(String) },
    ]);
  });

  it('keys a request without Idempotency-Key by its bytes, so a byte-for-byte retry has the same key', async () => {
    const { post, pushes } = setup();
    await post(batch);
    await post(batch);
    await post({ ...batch, incidents: [] });
    expect(pushes[0]!.key).toMatch(/^events\/[0-9a-f]{64}$/);
    expect(pushes[1]!.key).toBe(pushes[0]!.key);
    expect(pushes[2]!.key).not.toBe(pushes[0]!.key);
  });

  it.each([
    [{ deployments: [{ id: 'd', service: 's', status: 'done' }] }, 'deployments[0].status: Invalid option: expected one of "pending"|"in_progress"|"success"|"failure"|"cancelled"'],
    [{ changes: [{ repo: 'r', sha: 'not-a-sha', committedAt: 1 }] }, 'changes[0].sha: expected a commit sha (7 to 64 hex characters)'],
    [{ incidents: [{ id: 'i', service: 's', status: 'resolved', at: 'yesterday' }] }, 'incidents[0].at: Invalid input'],
    [{ deployments: [{ id: 'd', service: 's', enviroment: 'prod' }] }, 'deployments[0]: Unrecognized key: "enviroment"'],
    [{}, '(body): expected at least one of deployments, changes, incidents, platform'],
    [{ platform: [{ id: 'e', type: 'Template Executed', at: 1 }] }, 'platform[0].type: expected a lowercase dotted type such as template.executed'],
  ])('answers 400 naming the JSON path: %j', async (body, message) => {
    const { post, pushes, counted } = setup();
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ code: 'malformed', message });
    expect(pushes).toEqual([]);
    expect(counted).toEqual([['refusedRequest', 'invalid_payload', 1]]);
  });

  it('answers 400 to invalid JSON and 415 to another content type, storing nothing', async () => {
    const { post, pushes } = setup();
    const bad = await post('{"deployments": [');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toMatch(/^invalid JSON: /);
    const text = await post(batch, { 'Content-Type': 'text/plain' });
    expect(text.status).toBe(415);
    expect(await text.json()).toEqual({ code: 'unsupported_media_type', message: 'expected Content-Type application/json, got "text/plain"' });
    expect(pushes).toEqual([]);
  });

  it('answers 413 past maxBodyBytes, naming the setting', async () => {
    const { post } = setup({ maxBodyBytes: 100 });
    const res = await post(batch);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { message: string }).message).toContain('exceeds the limit of 100 bytes (OCTOLENS_EVENTS_MAX_BODY_BYTES)');
  });

  it('answers 400 with the reason when the store refuses rows', async () => {
    const refusing = recordingDeps(() => ({ refused: [{ table: 'deployments', rows: 2, message: 'Cannot parse input (CANNOT_PARSE_INPUT_ASSERTION_FAILED)' }] }));
    const { post } = setup({}, refusing);
    const res = await post(batch);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ code: 'store_refused', message: '2 rows of deployments refused: Cannot parse input (CANNOT_PARSE_INPUT_ASSERTION_FAILED)' });
  });
});

