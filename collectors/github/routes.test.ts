/**
 * POST /ingest/github with fixtures shaped like GitHub's documented webhook payloads
 * (testdata/), signed here with the secret as GitHub signs them. Expected epoch texts were
 * computed apart from the code (python datetime.fromisoformat(...).timestamp()).
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { recordingDeps } from '../delivery/testing.js';
import { githubConfigSchema } from './config.js';
import { githubRoutes } from './routes.js';

const SECRET = 'It’s a Secret to Everybody';
const RECEIVED_AT = 1796040000123; // 2026-11-30T12:00:00.123Z
const RECEIVED = '1796040000.123';
const ZERO = '0000000000.000';

const fixture = (name: string) => readFileSync(new URL(`./testdata/${name}.json`, import.meta.url));
const fixtureJson = (name: string) => JSON.parse(fixture(name).toString('utf8')) as Record<string, any>;
const sign = (body: Buffer | string, secret = SECRET) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

function setup(config: Record<string, unknown> = {}, recording = recordingDeps()) {
  const app = githubRoutes(githubConfigSchema.parse({ webhookSecret: SECRET, repoServices: 'acme/checkout-api=checkout', ...config }), recording.deps, {
    now: () => RECEIVED_AT,
  });
  /** a delivery as GitHub sends it: JSON, signed, with its event and delivery headers */
  const deliver = (event: string, body: Buffer | string | object, headers: Record<string, string> = {}, deliveryId = `d-${event}`) => {
    const bytes = Buffer.isBuffer(body) ? body.toString('utf8') : typeof body === 'string' ? body : JSON.stringify(body);
    const all: Record<string, string> = {
      'Content-Type': 'application/json',
      'User-Agent': 'GitHub-Hookshot/2b3c4d5',
      'X-GitHub-Event': event,
      'X-GitHub-Delivery': deliveryId,
      'X-Hub-Signature-256': sign(bytes),
      ...headers,
    };
    // A header given as '' is left out, as GitHub leaves out what it does not send.
    return app.request('/ingest/github', { method: 'POST', headers: Object.fromEntries(Object.entries(all).filter(([, v]) => v !== '')), body: bytes });
  };
  return { deliver, ...recording };
}

const MERGE = '9f3c2a7e5b1d4c8a6e0f2b3d5a7c9e1f4b6d8a0c';
const C1 = '3e1b5c7d9f0a2b4c6d8e0f1a3b5c7d9e1f2a4b6c';
const C2 = '7a9c1e3f5b7d9f1a3c5e7b9d1f3a5c7e9b1d3f5a';

const deploymentRow = {
  DeploymentId: 'github:acme/checkout-api:1234567890', Source: 'github', Service: 'checkout', Repo: 'acme/checkout-api', Environment: 'production',
  IsProduction: true, Status: 'pending', ReportedAt: '1796032800.000', StartedAt: '1796032800.000', FinishedAt: ZERO, CommitSha: MERGE, CommitShas: [],
  Artifact: '', Kind: 'planned', RollbackOf: '', Url: '', DeliveryId: 'd-deployment',
};

const incidentRow = {
  IncidentId: 'github:acme/checkout-api#42', Provider: 'github', Service: 'checkout', Status: 'triggered', At: '1796034000.000', CreatedAt: '1796034000.000',
  Severity: 'sev2', Title: 'Checkout returns 500 for zero-rated items', CauseDeploymentId: '', CauseCommitSha: MERGE,
  Url: 'https://github.com/acme/checkout-api/issues/42', DeliveryId: 'd-issues',
};

describe('POST /ingest/github: rows from each event type', () => {
  it('deployment → a pending deployments row, and the delivery as received in raw_events', async () => {
    const { deliver, pushes, rowsOf, counted } = setup();
    const res = await deliver('deployment', fixture('deployment'));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ stored: { raw_events: 1, deployments: 1 } });
    expect(pushes.map((p) => p.key)).toEqual(['github/d-deployment']);
    expect(rowsOf('raw_events')).toEqual([{ Source: 'github', DeliveryId: 'd-deployment', EventType: 'deployment', ReceivedAt: RECEIVED, Body: fixture('deployment').toString('utf8') }]);
    expect(rowsOf('deployments')).toEqual([deploymentRow]);
    expect(counted).toEqual([['accepted', null, 2]]);
  });

  it('deployment_status success → a success row for the same deployment, finished when reported', async () => {
    const { deliver, rowsOf } = setup();
    expect((await deliver('deployment_status', fixture('deployment_status'))).status).toBe(200);
    expect(rowsOf('deployments')).toEqual([
      {
        ...deploymentRow, Status: 'success', ReportedAt: '1796033070.000', FinishedAt: '1796033070.000',
        Url: 'https://github.com/acme/checkout-api/actions/runs/12000000001/job/33000000001', DeliveryId: 'd-deployment_status',
      },
    ]);
  });

  it.each([
    ['success', 'success', '1796033070.000'],
    ['failure', 'failure', '1796033070.000'],
    ['error', 'failure', '1796033070.000'],
    ['in_progress', 'in_progress', ZERO],
    ['queued', 'pending', ZERO],
    ['pending', 'pending', ZERO],
    ['waiting', 'pending', ZERO],
  ])('deployment_status state %s → Status %s, FinishedAt %s', async (state, status, finished) => {
    const body = fixtureJson('deployment_status');
    body.deployment_status.state = state;
    delete body.deployment_status.log_url;
    const { deliver, rowsOf } = setup();
    expect((await deliver('deployment_status', body)).status).toBe(200);
    expect(rowsOf('deployments')).toEqual([
      { ...deploymentRow, Status: status, ReportedAt: '1796033070.000', FinishedAt: finished, Url: 'https://github.com/acme/checkout-api/actions/runs/12000000001', DeliveryId: 'd-deployment_status' },
    ]);
  });

  it.each(['inactive', 'destroyed_by_a_future_api'])('deployment_status %s derives no row (superseded is not cancelled): raw_events only', async (state) => {
    const body = fixtureJson('deployment_status');
    body.deployment_status.state = state;
    const { deliver, pushes } = setup();
    const res = await deliver('deployment_status', body);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ stored: { raw_events: 1 }, ignored: 'a "deployment_status" event carries nothing Octolens derives; kept in raw_events' });
    expect(pushes[0]!.parts.map((p) => p.table)).toEqual(['raw_events']);
  });

  it('deployment without production_environment: production is the configured environment list', async () => {
    const body = fixtureJson('deployment');
    delete body.deployment.production_environment;
    body.deployment.environment = 'Live-EU';
    const { deliver, rowsOf } = setup({ productionEnvironments: 'live-eu' });
    await deliver('deployment', body);
    body.deployment.environment = 'staging';
    await deliver('deployment', body, {}, 'd-staging');
    expect([rowsOf('deployments', 0)[0]!['IsProduction'], rowsOf('deployments', 1)[0]!['IsProduction']]).toEqual([true, false]);
    expect(rowsOf('deployments', 1)[0]!['Environment']).toBe('staging');
  });

  it.each([
    [{ task: 'deploy:rollback' }, 'rollback', ''],
    [{ description: 'Roll back checkout to v2.3.9' }, 'rollback', ''],
    [{ payload: { kind: 'rollback', rollback_of: 'github:acme/checkout-api:1234567000' } }, 'rollback', 'github:acme/checkout-api:1234567000'],
    [{ description: 'Hotfix for tax rounding' }, 'hotfix', ''],
    [{ payload: 'hot-fix' }, 'hotfix', ''],
    [{ payload: { kind: 'Fix-Forward' } }, 'fix_forward', ''],
    [{ description: 'fix forward: restore zero-rated items' }, 'fix_forward', ''],
    [{ description: null, payload: null }, 'planned', ''],
    [{ payload: undefined }, 'planned', ''],
    [{ payload: ['rollback'] }, 'planned', ''],
    [{ payload: { kind: 'toString' } }, 'planned', ''],
    [{ description: 'Deploy the rollbar integration' }, 'planned', ''],
  ])('deployment %j → Kind %s', async (change, kind, rollbackOf) => {
    const body = fixtureJson('deployment');
    Object.assign(body.deployment, change);
    const { deliver, rowsOf } = setup();
    expect((await deliver('deployment', body)).status).toBe(200);
    expect(rowsOf('deployments')[0]).toMatchObject({ Kind: kind, RollbackOf: rollbackOf });
  });

  it('push → one changes row per commit, times converted from the commit offsets to UTC', async () => {
    const { deliver, rowsOf } = setup();
    const res = await deliver('push', fixture('push'));
    expect(await res.json()).toEqual({ stored: { raw_events: 1, changes: 2 } });
    const common = {
      Repo: 'acme/checkout-api', Service: 'checkout', Source: 'github', Branch: 'fix-tax', PrNumber: 0, PrCreatedAt: ZERO, PrMergedAt: ZERO, MergeCommitSha: '',
      ReportedAt: RECEIVED, DeliveryId: 'd-push',
    };
    expect(rowsOf('changes')).toEqual([
      { ...common, CommitSha: C1, AuthoredAt: '1795939200.000', CommittedAt: '1795939200.000' },
      { ...common, CommitSha: C2, AuthoredAt: '1795968930.000', CommittedAt: '1795968930.000' },
    ]);
  });

  it('push of a commit already pushed elsewhere (distinct: false) → ReportedAt 0, so its first push row stays', async () => {
    const body = fixtureJson('push');
    body.ref = 'refs/heads/main';
    body.commits[0].distinct = false;
    const { deliver, rowsOf } = setup();
    await deliver('push', body);
    expect(rowsOf('changes').map((r) => [r['CommitSha'], r['Branch'], r['ReportedAt']])).toEqual([
      [C1, 'main', ZERO],
      [C2, 'main', RECEIVED],
    ]);
  });

  it.each([
    ['a tag', { ref: 'refs/tags/v2.4.0' }],
    ['a branch deletion', { deleted: true, commits: [] }],
  ])('push of %s derives nothing', async (_what, change) => {
    const { deliver, pushes } = setup();
    expect((await deliver('push', { ...fixtureJson('push'), ...change })).status).toBe(200);
    expect(pushes[0]!.parts.map((p) => p.table)).toEqual(['raw_events']);
  });

  it('pull_request closed and merged → a changes row tying the PR to its merge commit on the head branch', async () => {
    const { deliver, rowsOf } = setup();
    expect((await deliver('pull_request', fixture('pull_request_closed'))).status).toBe(200);
    expect(rowsOf('changes')).toEqual([
      {
        Repo: 'acme/checkout-api', CommitSha: MERGE, Service: 'checkout', Source: 'github', Branch: 'fix-tax', AuthoredAt: '1796029200.000',
        CommittedAt: '1796029200.000', PrNumber: 17, PrCreatedAt: '1795941000.000', PrMergedAt: '1796029200.000', MergeCommitSha: MERGE,
        ReportedAt: RECEIVED, DeliveryId: 'd-pull_request',
      },
    ]);
  });

  it('pull_request from a fork → Branch owner:branch, which no push to this repository matches', async () => {
    const body = fixtureJson('pull_request_closed');
    body.pull_request.head = { ...body.pull_request.head, label: 'contrib:fix-tax', repo: { ...body.pull_request.head.repo, full_name: 'contrib/checkout-api' } };
    const { deliver, rowsOf } = setup();
    await deliver('pull_request', body);
    expect(rowsOf('changes')[0]!['Branch']).toBe('contrib:fix-tax');
  });

  it.each([
    ['opened', { action: 'opened' }, { state: 'open', merged: false, merged_at: null, closed_at: null }],
    ['closed unmerged', { action: 'closed' }, { merged: false, merged_at: null }],
    ['synchronize', { action: 'synchronize' }, { state: 'open', merged: false, merged_at: null, closed_at: null }],
  ])('pull_request %s derives nothing (raw_events only)', async (_what, top, pr) => {
    const body = fixtureJson('pull_request_closed');
    Object.assign(body, top);
    Object.assign(body.pull_request, pr);
    const { deliver, pushes } = setup();
    const res = await deliver('pull_request', body);
    expect(res.status).toBe(200);
    expect(pushes[0]!.parts.map((p) => p.table)).toEqual(['raw_events']);
  });

  it('issues opened with an incident label → a triggered incident with severity and the root cause commit', async () => {
    const { deliver, rowsOf } = setup();
    expect((await deliver('issues', fixture('issues_opened'))).status).toBe(200);
    expect(rowsOf('incidents')).toEqual([incidentRow]);
  });

  it('issues closed → the opening restated and a resolved row at closed_at', async () => {
    const { deliver, rowsOf } = setup();
    expect((await deliver('issues', fixture('issues_closed'))).status).toBe(200);
    expect(rowsOf('incidents')).toEqual([incidentRow, { ...incidentRow, Status: 'resolved', At: '1796036700.000' }]);
  });

  it('issues reopened → triggered and reopened at updated_at', async () => {
    const body = fixtureJson('issues_opened');
    body.action = 'reopened';
    body.issue.updated_at = '2026-11-30T11:05:01Z';
    const { deliver, rowsOf } = setup();
    await deliver('issues', body);
    expect(rowsOf('incidents')).toEqual([incidentRow, { ...incidentRow, Status: 'reopened', At: '1796036701.000' }]);
  });

  it('issues without an incident label, or with an action that is no transition, derive nothing', async () => {
    const unlabelled = fixtureJson('issues_opened');
    unlabelled.issue.labels = [{ name: 'bug' }, { name: 'incidental' }];
    const assigned = { ...fixtureJson('issues_opened'), action: 'assigned' };
    const { deliver, pushes } = setup();
    await deliver('issues', unlabelled);
    await deliver('issues', assigned, {}, 'd-assigned');
    expect(pushes.map((p) => p.parts.map((x) => x.table))).toEqual([['raw_events'], ['raw_events']]);
  });

  it('incidentLabels are matched case-insensitively; a body without a root cause line names no commit', async () => {
    const body = fixtureJson('issues_opened');
    body.issue.labels = [{ name: 'OUTAGE' }, { name: 'severity: high' }];
    body.issue.body = null;
    const { deliver, rowsOf } = setup({ incidentLabels: 'outage, incident' });
    await deliver('issues', body);
    expect(rowsOf('incidents')).toEqual([{ ...incidentRow, Severity: 'severity: high', CauseCommitSha: '' }]);
  });

  it.each(['ping', 'release', 'workflow_run'])('%s → 200, kept in raw_events only', async (event) => {
    const { deliver, pushes, rowsOf } = setup();
    const res = await deliver(event, fixture(event));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ stored: { raw_events: 1 }, ignored: `a "${event}" event carries nothing Octolens derives; kept in raw_events` });
    expect(pushes[0]!.parts.map((p) => p.table)).toEqual(['raw_events']);
    expect(rowsOf('raw_events')[0]).toMatchObject({ EventType: event, Body: fixture(event).toString('utf8') });
  });

  it('an event type Octolens does not know → 200, raw_events only, its payload unread', async () => {
    const { deliver, pushes } = setup();
    const res = await deliver('star', { action: 'created', starred_at: 'whenever' });
    expect(res.status).toBe(200);
    expect(pushes[0]!.parts.map((p) => p.table)).toEqual(['raw_events']);
  });
});

describe('POST /ingest/github: signature, delivery id, body', () => {
  it.each([
    ['no signature', { 'X-Hub-Signature-256': '' }, /^missing X-Hub-Signature-256 header/],
    ['another secret', { 'X-Hub-Signature-256': sign(fixture('push'), 'not the secret') }, /^X-Hub-Signature-256 does not match the body/],
    ['the SHA-1 header only', { 'X-Hub-Signature-256': '', 'X-Hub-Signature': 'sha1=0123456789abcdef0123456789abcdef01234567' }, /^missing X-Hub-Signature-256/],
    ['a malformed signature', { 'X-Hub-Signature-256': 'sha256=abc' }, /^X-Hub-Signature-256 must be "sha256=" and 64 hex characters, got "sha256=abc"/],
  ])('%s → 401 and nothing stored', async (_what, headers, message) => {
    const { deliver, pushes, counted } = setup();
    const res = await deliver('push', fixture('push'), headers);
    expect(res.status).toBe(401);
    const answer = (await res.json()) as { code: string; message: string };
    expect(answer.code).toBe('unauthorized');
    expect(answer.message).toMatch(message);
    expect(pushes).toEqual([]);
    expect(counted).toEqual([['refusedRequest', 'unauthorized', 1]]);
  });

  it('a body changed after signing → 401, nothing pushed, the refusal counted', async () => {
    const { deliver, pushes, counted } = setup();
    const res = await deliver('push', fixture('push'), { 'X-Hub-Signature-256': sign(fixture('push').toString('utf8').replace('fix-tax', 'main')) });
    expect(res.status).toBe(401);
    expect(pushes).toEqual([]);
    expect(counted).toEqual([['refusedRequest', 'unauthorized', 1]]);
  });

  it('without a secret configured, an unsigned delivery is stored', async () => {
    const recording = recordingDeps();
    const app = githubRoutes(githubConfigSchema.parse({}), recording.deps);
    const res = await app.request('/ingest/github', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-GitHub-Event': 'push', 'X-GitHub-Delivery': 'd1' }, body: fixture('push') });
    expect(res.status).toBe(200);
    expect(recording.rowsOf('changes').map((r) => r['Service'])).toEqual(['checkout-api', 'checkout-api']);
  });

  it('a redelivery has the same queue key (X-GitHub-Delivery); another delivery another', async () => {
    const { deliver, pushes } = setup();
    await deliver('push', fixture('push'), {}, '72d3162e-cc78-11e3-81ab-4c9367dc0958');
    await deliver('push', fixture('push'), {}, '72d3162e-cc78-11e3-81ab-4c9367dc0958');
    await deliver('push', fixture('push'), {}, '8a1b3c4d-cc78-11e3-81ab-4c9367dc0958');
    expect(pushes.map((p) => p.key)).toEqual([
      'github/72d3162e-cc78-11e3-81ab-4c9367dc0958',
      'github/72d3162e-cc78-11e3-81ab-4c9367dc0958',
      'github/8a1b3c4d-cc78-11e3-81ab-4c9367dc0958',
    ]);
    expect(pushes[1]!.parts).toEqual(pushes[0]!.parts);
  });

  it('without X-GitHub-Delivery the body hash is the key', async () => {
    const { deliver, pushes } = setup();
    await deliver('push', fixture('push'), { 'X-GitHub-Delivery': '' });
    await deliver('push', fixture('push'), { 'X-GitHub-Delivery': '' });
    expect(pushes[0]!.key).toMatch(/^github\/[0-9a-f]{64}$/);
    expect(pushes[1]!.key).toBe(pushes[0]!.key);
  });

  it('a form-encoded webhook (payload=<json>) is verified over the form and stored as its JSON', async () => {
    const json = fixture('deployment').toString('utf8');
    const form = new URLSearchParams({ payload: json }).toString();
    const { deliver, rowsOf } = setup();
    const res = await deliver('deployment', form, { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Hub-Signature-256': sign(form) });
    expect(res.status).toBe(200);
    expect(rowsOf('raw_events')[0]!['Body']).toBe(json);
    expect(rowsOf('deployments')).toEqual([deploymentRow]);
  });

  it.each([
    ['deployment', (b: Record<string, any>) => delete b.deployment.environment, 'deployment event: deployment.environment: Invalid input: expected string, received undefined'],
    ['push', (b: Record<string, any>) => (b.commits[1].timestamp = 'yesterday'), 'push event: commits[1].timestamp: Invalid ISO datetime'],
    ['push', (b: Record<string, any>) => (b.commits[0].id = 'abc'), 'push event: commits[0].id: expected a commit sha (40 or 64 hex characters)'],
    ['pull_request', (b: Record<string, any>) => (b.pull_request.merge_commit_sha = null), 'pull_request event: pull_request.merge_commit_sha: expected the merge commit of a merged pull request, got null'],
    ['issues', (b: Record<string, any>) => delete b.repository, 'issues event: repository: Invalid input: expected object, received undefined'],
  ])('%s missing what is read → 400 naming the JSON path, nothing stored', async (event, spoil, message) => {
    const body = fixtureJson(event === 'pull_request' ? 'pull_request_closed' : event === 'issues' ? 'issues_opened' : event);
    spoil(body);
    const { deliver, pushes, counted } = setup();
    const res = await deliver(event, body);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ code: 'malformed', message });
    expect(pushes).toEqual([]);
    expect(counted).toEqual([['refusedRequest', 'invalid_payload', 1]]);
  });

  it('answers 400 without X-GitHub-Event or with invalid JSON, 415 to another content type, 413 past maxBodyBytes', async () => {
    const { deliver, pushes } = setup({ maxBodyBytes: 3000 });
    const noEvent = await deliver('', '{}');
    expect(noEvent.status).toBe(400);
    expect(((await noEvent.json()) as { message: string }).message).toBe('missing X-GitHub-Event header: expected the event type GitHub sends (push, deployment, …)');
    const bad = await deliver('push', '{"ref": ');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toMatch(/^invalid JSON: /);
    const text = await deliver('push', '{}', { 'Content-Type': 'text/plain' });
    expect(text.status).toBe(415);
    const large = await deliver('push', fixture('push'));
    expect(large.status).toBe(413);
    expect(((await large.json()) as { message: string }).message).toContain('exceeds the limit of 3000 bytes (OCTOLENS_GITHUB_MAX_BODY_BYTES)');
    expect(pushes).toEqual([]);
  });
});
