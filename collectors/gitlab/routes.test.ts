import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { recordingDeps } from '../delivery/testing.js';
import { gitlabConfigSchema } from './config.js';
import { gitlabRoutes } from './routes.js';

const TOKEN = 'octolens-hook-secret-7Qm2';
// 2026-03-04T17:00:00.123Z
const NOW = 1772643600123;
const RECEIVED = '1772643600.123';
const ZERO = '0000000000.000';

const M = '51dbee7d47ade242889af6cacfa01b9c2fec76e5';
const C1 = '542af75870448b32318ca84b91fd4e524f695efe';
const C2 = '5716d7336138829b5bf5072f48683e51d4a77006';
const S = '430fe1f0864dbd6979fe920ed0f11915b4419610';
const X = '3f0a8a87919e8c255a6b578b2816b60c245a3249';
const REPO = 'acme/payments/checkout-api';
const WEB = `https://gitlab.acme.example/${REPO}`;

const fixture = (name: string) => readFileSync(new URL(`./testdata/${name}.json`, import.meta.url), 'utf8');

function setup(config: Record<string, unknown> = { webhookToken: TOKEN, repoServices: `${REPO}=checkout` }, recording = recordingDeps()) {
  const app = gitlabRoutes(gitlabConfigSchema.parse(config), recording.deps, { now: () => NOW });
  const post = (body: string, event: string | undefined, headers: Record<string, string> = {}) =>
    app.request('/ingest/gitlab', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Gitlab-Token': TOKEN, ...(event ? { 'X-Gitlab-Event': event } : {}), ...headers },
      body,
    });
  return { post, ...recording };
}

const deployment = (id: number, over: Record<string, unknown>) => ({
  DeploymentId: `gitlab:${REPO}:${id}`, Source: 'gitlab', Service: 'checkout', Repo: REPO, CommitSha: M, CommitShas: [], Artifact: '', Kind: 'planned',
  RollbackOf: '', Url: `${WEB}/-/jobs/${880000 + id}`, DeliveryId: 'key-1', ...over,
});
const change = (over: Record<string, unknown>) => ({
  Repo: REPO, Service: 'checkout', Source: 'gitlab', PrNumber: 0, PrCreatedAt: ZERO, PrMergedAt: ZERO, MergeCommitSha: '', ReportedAt: RECEIVED, DeliveryId: 'key-1', ...over,
});
const incident = (iid: number, over: Record<string, unknown>) => ({
  IncidentId: `gitlab:${REPO}#${iid}`, Provider: 'gitlab', Service: 'checkout', Severity: '', CauseDeploymentId: '', CauseCommitSha: '',
  Url: `${WEB}/-/issues/${iid}`, DeliveryId: 'key-1', ...over,
});

// Epoch seconds below were computed apart from the code, with Python's datetime.fromisoformat(...).timestamp().
const cases: Array<[string, string, string, Record<string, unknown[]>]> = [
  ['deployment-running', 'Deployment Hook', 'deployments', {
    deployments: [deployment(1042, { Environment: 'production', IsProduction: true, Status: 'in_progress', ReportedAt: '1772448002.000', StartedAt: '1772448002.000', FinishedAt: ZERO })],
  }],
  ['deployment-success', 'Deployment Hook', 'deployments', {
    deployments: [deployment(1042, { Environment: 'production', IsProduction: true, Status: 'success', ReportedAt: '1772448217.000', StartedAt: ZERO, FinishedAt: '1772448217.000' })],
  }],
  ['deployment-failed-staging', 'Deployment Hook', 'deployments', {
    deployments: [deployment(1043, { Environment: 'staging', IsProduction: false, Status: 'failure', ReportedAt: '1772449800.000', StartedAt: ZERO, FinishedAt: '1772449800.000' })],
  }],
  // No environment_tier (an older GitLab): "prod" is production by the default name list. An API deployment has no job URL.
  ['deployment-canceled-no-tier', 'Deployment Hook', 'deployments', {
    deployments: [deployment(1044, {
      Environment: 'prod', IsProduction: true, Status: 'cancelled', ReportedAt: '1772641245.000', StartedAt: ZERO, FinishedAt: '1772641245.000',
      CommitSha: '3f9591ec8bfe613dc4c1b2e6ce23891d2c280399', Url: '',
    })],
  }],
  ['push', 'Push Hook', 'changes', {
    changes: [
      change({ CommitSha: C1, Branch: 'fix/tax-rounding', AuthoredAt: '1772440877.000', CommittedAt: '1772440877.000' }),
      change({ CommitSha: C2, Branch: 'fix/tax-rounding', AuthoredAt: '1772442352.000', CommittedAt: '1772442352.000' }),
    ],
  }],
  // Rails' "… UTC" times; a merge commit, and the request's head commit tied to it.
  ['merge-request-merged', 'Merge Request Hook', 'changes', {
    changes: [
      change({ CommitSha: M, Branch: 'fix/tax-rounding', AuthoredAt: '1772447500.000', CommittedAt: '1772447500.000', PrNumber: 87, PrCreatedAt: '1772442603.000', PrMergedAt: '1772447500.000', MergeCommitSha: M }),
      change({ CommitSha: C2, Branch: 'fix/tax-rounding', AuthoredAt: '1772442352.000', CommittedAt: '1772442352.000', PrNumber: 87, PrCreatedAt: '1772442603.000', PrMergedAt: '1772447500.000', MergeCommitSha: M }),
    ],
  }],
  // Squash with fast-forward: no merge commit, the squash commit is what landed; the head commit keeps its own time.
  ['merge-request-squash-merged', 'Merge Request Hook', 'changes', {
    changes: [
      change({ CommitSha: S, Branch: 'feat/capture-retry', AuthoredAt: '1772527650.000', CommittedAt: '1772527650.000', PrNumber: 88, PrCreatedAt: '1772524812.000', PrMergedAt: '1772527650.000', MergeCommitSha: S }),
      change({ CommitSha: X, Branch: 'feat/capture-retry', AuthoredAt: '1772524724.000', CommittedAt: '1772524724.000', PrNumber: 88, PrCreatedAt: '1772524812.000', PrMergedAt: '1772527650.000', MergeCommitSha: S }),
    ],
  }],
  // GitLab's Incident type (object_kind work_item); the description names its cause.
  ['incident-opened', 'Issue Hook', 'incidents', {
    incidents: [incident(311, { Status: 'triggered', At: '1772452330.000', CreatedAt: '1772452330.000', Severity: 'critical', Title: 'Checkout 500s for EU carts', CauseCommitSha: M })],
  }],
  ['incident-acknowledged', 'Issue Hook', 'incidents', {
    incidents: [incident(311, { Status: 'acknowledged', At: '1772452531.000', CreatedAt: '1772452330.000', Severity: 'critical', Title: 'Checkout 500s for EU carts', CauseCommitSha: M })],
  }],
  // An ordinary issue carrying the label "Incident" (matched case-insensitively), closed.
  ['issue-labelled-incident-closed', 'Issue Hook', 'incidents', {
    incidents: [incident(312, { Status: 'resolved', At: '1772456469.000', CreatedAt: '1772454000.000', Title: 'Card payments time out' })],
  }],
  // Labelled INCIDENT after it was closed: it opened at created_at and was resolved at closed_at.
  ['issue-labelled-later', 'Issue Hook', 'incidents', {
    incidents: [
      incident(314, { Status: 'triggered', At: '1772454000.000', CreatedAt: '1772454000.000', Title: 'Refunds stuck in pending' }),
      incident(314, { Status: 'resolved', At: '1772456310.000', CreatedAt: '1772454000.000', Title: 'Refunds stuck in pending' }),
    ],
  }],
];

describe('POST /ingest/gitlab', () => {
  it.each(cases)('%s → its rows, and the delivery as received', async (name, event, table, expected) => {
    const { post, pushes, rowsOf } = setup();
    const body = fixture(name);
    const res = await post(body, event, { 'Idempotency-Key': 'key-1' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ stored: { raw_events: 1, [table]: expected[table]!.length } });
    expect(pushes.map((p) => p.key)).toEqual(['gitlab/key-1']);
    expect(rowsOf('raw_events')).toEqual([{ Source: 'gitlab', DeliveryId: 'key-1', EventType: event, ReceivedAt: RECEIVED, Body: body }]);
    expect(rowsOf(table)).toEqual(expected[table]);
  });

  it.each([
    ['merge-request-opened', 'Merge Request Hook'],
    ['issue-plain', 'Issue Hook'],
    ['pipeline', 'Pipeline Hook'],
  ])('%s: stored in raw_events only, answered 200 with the reason', async (name, event) => {
    const { post, pushes, rowsOf } = setup();
    const res = await post(fixture(name), event);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ stored: { raw_events: 1 }, ignored: `a "${event}" event carries nothing Octolens derives; kept in raw_events` });
    expect(pushes[0]!.parts.map((p) => p.table)).toEqual(['raw_events']);
    expect(rowsOf('raw_events')[0]).toMatchObject({ EventType: event });
  });

  it('stores an event it does not read (Wiki Page Hook) as received', async () => {
    const { post, rowsOf } = setup();
    const body = JSON.stringify({ object_kind: 'wiki_page', object_attributes: { title: 'Runbook', action: 'update' } });
    const res = await post(body, 'Wiki Page Hook');
    expect(res.status).toBe(200);
    expect(((await res.json()) as { stored: unknown }).stored).toEqual({ raw_events: 1 });
    expect(rowsOf('raw_events')).toEqual([{ Source: 'gitlab', DeliveryId: createHash('sha256').update(body).digest('hex'), EventType: 'Wiki Page Hook', ReceivedAt: RECEIVED, Body: body }]);
  });

  it.each([
    ['no X-Gitlab-Token', { 'X-Gitlab-Token': '' }, 'X-Gitlab-Token is missing; set the webhook\'s secret token to OCTOLENS_GITLAB_WEBHOOK_TOKEN'],
    ['another token', { 'X-Gitlab-Token': 'octolens-hook-secret-7Qm3' }, 'X-Gitlab-Token does not match OCTOLENS_GITLAB_WEBHOOK_TOKEN'],
    ['a prefix of the token', { 'X-Gitlab-Token': TOKEN.slice(0, -1) }, 'X-Gitlab-Token does not match OCTOLENS_GITLAB_WEBHOOK_TOKEN'],
  ])('answers 401 to %s and stores nothing', async (_what, headers, message) => {
    const { post, pushes, counted } = setup();
    const res = await post(fixture('deployment-success'), 'Deployment Hook', headers);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ code: 'unauthorized', message });
    expect(pushes).toEqual([]);
    expect(counted).toEqual([['refusedRequest', 'unauthorized', 1]]);
  });

  it('checks the token before the body: an unauthenticated non-JSON body is 401, not 400', async () => {
    const { post, pushes } = setup();
    const res = await post('not json', 'Push Hook', { 'X-Gitlab-Token': 'wrong' });
    expect(res.status).toBe(401);
    expect(pushes).toEqual([]);
  });

  it('accepts deliveries without a token when none is configured, naming the service after the project', async () => {
    const { post, rowsOf } = setup({});
    const res = await post(fixture('deployment-success'), 'Deployment Hook', { 'X-Gitlab-Token': '' });
    expect(res.status).toBe(200);
    expect(rowsOf('deployments')[0]).toMatchObject({ Service: 'checkout-api', Repo: REPO });
  });

  it('keys a delivery by Idempotency-Key, else by the SHA-256 of its bytes, so a redelivery has the same key', async () => {
    const { post, pushes } = setup();
    const body = fixture('push');
    await post(body, 'Push Hook', { 'Idempotency-Key': 'f5e5f430-f57b-4e6e-9fac-d9128cd7232f', 'X-Gitlab-Event-UUID': 'a' });
    await post(body, 'Push Hook', { 'Idempotency-Key': 'f5e5f430-f57b-4e6e-9fac-d9128cd7232f', 'X-Gitlab-Event-UUID': 'b' });
    await post(body, 'Push Hook', { 'X-Gitlab-Event-UUID': '13792a34-cac6-4fda-95a8-c58e00a3954e' });
    await post(body, 'Push Hook', { 'X-Gitlab-Event-UUID': '13792a34-cac6-4fda-95a8-c58e00a3954e' });
    // Another event of the same chain shares X-Gitlab-Event-UUID: it must not pass for a redelivery.
    await post(fixture('merge-request-merged'), 'Merge Request Hook', { 'X-Gitlab-Event-UUID': '13792a34-cac6-4fda-95a8-c58e00a3954e' });
    const sha = createHash('sha256').update(body).digest('hex');
    expect(pushes.map((p) => p.key)).toEqual([
      'gitlab/f5e5f430-f57b-4e6e-9fac-d9128cd7232f',
      'gitlab/f5e5f430-f57b-4e6e-9fac-d9128cd7232f',
      `gitlab/${sha}`,
      `gitlab/${sha}`,
      `gitlab/${createHash('sha256').update(fixture('merge-request-merged')).digest('hex')}`,
    ]);
  });

  it('reads the event from X-Gitlab-Event when the body has no object_kind, and Confidential Issue Hooks like Issue Hooks', async () => {
    const { post, rowsOf } = setup();
    const push = JSON.parse(fixture('push')) as Record<string, unknown>;
    delete push.object_kind;
    expect((await post(JSON.stringify(push), 'Push Hook')).status).toBe(200);
    expect(rowsOf('changes', 0).map((r) => r.CommitSha)).toEqual([C1, C2]);
    const incidentBody = JSON.parse(fixture('incident-opened')) as Record<string, unknown>;
    delete incidentBody.object_kind;
    expect((await post(JSON.stringify(incidentBody), 'Confidential Issue Hook')).status).toBe(200);
    expect(rowsOf('incidents', 1).map((r) => r.Status)).toEqual(['triggered']);
  });

  it('takes environment_tier over the environment name, and the production list only without a tier', async () => {
    const { post, rowsOf } = setup({ productionEnvironments: 'eu-live' });
    const variant = (over: Record<string, unknown>) => JSON.stringify({ ...JSON.parse(fixture('deployment-success')), ...over });
    await post(variant({ environment: 'eu-live-1', environment_tier: 'production' }), 'Deployment Hook');
    await post(variant({ environment: 'production', environment_tier: 'staging' }), 'Deployment Hook');
    await post(variant({ environment: 'EU-Live', environment_tier: null }), 'Deployment Hook');
    await post(variant({ environment: 'production', environment_tier: undefined }), 'Deployment Hook');
    expect([0, 1, 2, 3].map((i) => rowsOf('deployments', i)[0]!.IsProduction)).toEqual([true, false, true, false]);
  });

  it('uses short_sha when commit_url holds no full sha, and maps every deployment status', async () => {
    const { post, rowsOf } = setup();
    const statuses = ['created', 'blocked', 'running', 'success', 'failed', 'canceled', 'skipped'];
    for (const status of statuses) await post(JSON.stringify({ ...JSON.parse(fixture('deployment-success')), status, commit_url: null }), 'Deployment Hook');
    expect(statuses.map((_, i) => rowsOf('deployments', i)[0]!.Status)).toEqual(['pending', 'pending', 'in_progress', 'success', 'failure', 'cancelled', 'cancelled']);
    expect(statuses.map((_, i) => rowsOf('deployments', i)[0]!.FinishedAt !== ZERO)).toEqual([false, false, false, true, true, true, true]);
    expect(rowsOf('deployments', 0)[0]!.CommitSha).toBe('51dbee7d');
  });

  it('ties a fast-forward merge (no merge or squash commit) to the head commit, and reads merged_at when sent', async () => {
    const { post, rowsOf } = setup();
    const mr = JSON.parse(fixture('merge-request-merged')) as { object_attributes: Record<string, unknown> };
    Object.assign(mr.object_attributes, { merge_commit_sha: null, merged_at: '2026-03-02T10:31:39.500Z' });
    await post(JSON.stringify(mr), 'Merge Request Hook');
    expect(rowsOf('changes')).toEqual([
      change({ CommitSha: C2, Branch: 'fix/tax-rounding', AuthoredAt: '1772442352.000', CommittedAt: '1772442352.000', PrNumber: 87, PrCreatedAt: '1772442603.000', PrMergedAt: '1772447499.500', MergeCommitSha: C2, DeliveryId: expect.any(String) }),
    ]);
  });

  it.each([
    ['deployment-success', 'Deployment Hook', (b: any) => delete b.status_changed_at, 'status_changed_at: Invalid input: expected string, received undefined'],
    ['deployment-success', 'Deployment Hook', (b: any) => (b.status = 'done'), 'status: Invalid option: expected one of "created"|"running"|"success"|"failed"|"canceled"|"skipped"|"blocked"'],
    ['push', 'Push Hook', (b: any) => (b.commits[1].timestamp = 'yesterday'), 'commits[1].timestamp: expected a time such as 2026-03-02T10:15:00Z or 2026-03-02 10:15:00 UTC, between 1970 and 2100, got "yesterday"'],
    ['push', 'Push Hook', (b: any) => delete b.project.path_with_namespace, 'project.path_with_namespace: Invalid input: expected string, received undefined'],
    ['merge-request-merged', 'Merge Request Hook', (b: any) => (b.object_attributes.merge_commit_sha = 'HEAD'), 'object_attributes.merge_commit_sha: expected a commit sha (7 to 64 hex characters)'],
    ['incident-opened', 'Issue Hook', (b: any) => delete b.object_attributes.iid, 'object_attributes.iid: Invalid input: expected number, received undefined'],
  ])('answers 400 naming the JSON path (%s, %#)', async (name, event, edit, message) => {
    const { post, pushes, counted } = setup();
    const body = JSON.parse(fixture(name));
    edit(body);
    const res = await post(JSON.stringify(body), event);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ code: 'malformed', message });
    expect(pushes).toEqual([]);
    expect(counted).toEqual([['refusedRequest', 'invalid_payload', 1]]);
  });

  it('validates only what it reads: a non-merge action or a non-incident issue with odd fields is still stored', async () => {
    const { post } = setup();
    const mr = JSON.parse(fixture('merge-request-opened'));
    mr.object_attributes.created_at = 'soon';
    expect((await post(JSON.stringify(mr), 'Merge Request Hook')).status).toBe(200);
    const issue = JSON.parse(fixture('issue-plain'));
    delete issue.object_attributes.iid;
    expect((await post(JSON.stringify(issue), 'Issue Hook')).status).toBe(200);
  });

  it('answers 400 to a body that is not a JSON object, 415 to another content type, 413 past maxBodyBytes', async () => {
    const { post, pushes } = setup({ webhookToken: TOKEN, maxBodyBytes: 2000 });
    const list = await post('[]', 'Push Hook');
    expect(list.status).toBe(400);
    expect(await list.json()).toEqual({ code: 'malformed', message: '(body): expected a JSON object' });
    const text = await post('{}', 'Push Hook', { 'Content-Type': 'text/plain' });
    expect(text.status).toBe(415);
    const big = await post(fixture('push'), 'Push Hook');
    expect(big.status).toBe(413);
    expect(((await big.json()) as { message: string }).message).toContain('exceeds the limit of 2000 bytes (OCTOLENS_GITLAB_MAX_BODY_BYTES)');
    expect(pushes).toEqual([]);
  });

  it('reads OCTOLENS_*-style text settings: incident labels as a comma list', async () => {
    const { post, rowsOf } = setup({ webhookToken: TOKEN, incidentLabels: 'sev1, Outage' });
    const issue = JSON.parse(fixture('issue-plain'));
    issue.labels = [{ id: 1, title: 'outage' }];
    await post(JSON.stringify(issue), 'Issue Hook');
    expect(rowsOf('incidents')).toHaveLength(1);
    await post(fixture('issue-labelled-incident-closed'), 'Issue Hook');
    expect(rowsOf('incidents', 1)).toEqual([]);
  });
});
