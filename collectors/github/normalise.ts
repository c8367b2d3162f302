/**
 * A parsed GitHub event → deployments, changes and incidents rows. Pure: no I/O, no clock.
 * Every row carries Source/Provider 'github', the service of its repository (repoServices,
 * else the repository's name) and the delivery id. How each event maps:
 *
 * deployment (created) → one deployments row, Status 'pending':
 *   DeploymentId `github:<owner/repo>:<deployment.id>`, Environment `deployment.environment`,
 *   IsProduction `deployment.production_environment` when GitHub sends it, else the
 *   productionEnvironments list; CommitSha `deployment.sha`; StartedAt and ReportedAt
 *   `deployment.created_at`. Kind: `payload.kind` when the deployment's payload object names
 *   one (planned, hotfix, rollback, fix_forward or fix-forward), else the words "rollback" /
 *   "roll back", "hotfix" / "hot fix", "fix forward" / "fix-forward" in `task`, `description` or a
 *   string payload, else planned. RollbackOf: `payload.rollback_of` (or `rollbackOf`) when a string.
 *   GitHub gives no commit list for a deployment: CommitShas is [], and lead time falls back to
 *   the commits between this deployment and the previous one.
 *
 * deployment_status (created) → one row for the same DeploymentId (environment, kind, sha from
 *   the `deployment` object the event carries, so every row of a deployment agrees), Status from
 *   `deployment_status.state`: success → success; failure, error → failure; in_progress →
 *   in_progress; queued, pending, waiting → pending. ReportedAt `deployment_status.created_at`;
 *   FinishedAt `updated_at` (else `created_at`) for success and failure, 0 otherwise; Url the
 *   status's `log_url`, else `target_url`.
 *   `inactive` derives no row: GitHub sets it on the previous deployment to an environment when
 *   a newer one succeeds (auto_inactive), so it means "superseded", not "cancelled"; a row for it
 *   would make the latest status of every successful deployment but the newest a non-success.
 *   An unknown state derives no row either (kept in raw_events for re-derivation).
 *
 * push → one changes row per commit of `commits[]` on a branch (`refs/heads/<branch>`; tag
 *   pushes and branch deletions derive nothing): Branch the ref without refs/heads/,
 *   CommittedAt and AuthoredAt `commit.timestamp` (GitHub's push payload has one time per
 *   commit), PrNumber 0. ReportedAt is the version ReplacingMergeTree keeps the greatest of for
 *   (Service, Repo, CommitSha, PrNumber): a commit GitHub marks `distinct: false` (already pushed,
 *   typically to the PR branch it is now merged from) gets ReportedAt 0, so it never replaces the
 *   row of its first push (whose Branch ties it to its pull request) but still stands in when that
 *   push was never received. Distinct commits get the time the delivery was received.
 *
 * pull_request closed with merged → one changes row for the merge commit: CommitSha and
 *   MergeCommitSha `merge_commit_sha` (the merge, squash or last rebased commit), CommittedAt and
 *   AuthoredAt `merged_at`, PrNumber, PrCreatedAt `created_at`, PrMergedAt `merged_at`, Branch the
 *   head branch: `head.ref` when the head is in the same repository, else `head.label`
 *   (owner:branch), so a fork's branch never matches a same-named branch of this repository.
 *   GitHub's payload has no commit list, only a count. The PR's own commits are the pushes to its
 *   head branch: the DORA query joins a PR row (PrNumber > 0) to the changes rows of the same Repo
 *   with PrNumber 0, Branch = the PR row's Branch and CommittedAt ≤ PrMergedAt (and after the
 *   previous merged PR of that branch, as branch names get reused), so after a squash or rebase
 *   merge the PR's first commit keeps its own time. Other actions (opened, synchronize, closed
 *   unmerged…) derive nothing: there is no commit with a time to record (an open PR's
 *   `merge_commit_sha` is GitHub's test merge, never deployed).
 *
 * issues, when the issue carries an incident label (incidentLabels, case-insensitive) and the
 *   action is opened, edited, labeled, unlabeled, closed or reopened → incidents rows, each
 *   event restating the issue's state so a missed delivery or a label added later still counts:
 *   always 'triggered' at `issue.created_at`; 'resolved' at `closed_at` when the issue is closed;
 *   'reopened' at `updated_at` (GitHub gives no reopened time) for a reopened action. Rows of one
 *   transition share their key (Service, IncidentId, Status, At), so restating collapses into one
 *   (the latest title and cause win). IncidentId `github:<owner/repo>#<number>`, CreatedAt
 *   `created_at`, Title, Url `html_url`, Severity the first label such as sev1, SEV-2,
 *   "severity: high"; CauseCommitSha from a `root cause: <sha>` line in the body (as Four Keys
 *   reads it, here case-insensitive). Other issues and actions (deleted, transferred, assigned…)
 *   derive nothing.
 *
 * ping, release, workflow_run and any other event → raw_events only (a completed deploy
 *   workflow is not a deployment: GitHub deployments say what reached which environment).
 */
import { formatMillis, type ChangeRow, type DeploymentRow, type IncidentRow } from '../../server/storage/rows.js';
import type { RowsByTable } from '../encode.js';
import { isProduction, serviceOfRepo, type ServiceMapping } from '../delivery/mapping.js';
import { pushedCommitRow } from '../delivery/rows.js';
import {
  isMerged,
  type DeploymentEvent,
  type DeploymentStatusEvent,
  type GithubDeployment,
  type GithubEvent,
  type IssuesEvent,
  type PullRequestEvent,
  type PushEvent,
} from './schema.js';

export interface GithubMapping extends ServiceMapping {
  incidentLabels: string[];
}

export interface NormaliseContext {
  deliveryId: string;
  receivedAtMs: number;
}

export function normaliseGithub(event: GithubEvent, mapping: GithubMapping, ctx: NormaliseContext): RowsByTable {
  switch (event.type) {
    case 'deployment':
      return nonEmpty({ deployments: deploymentRows(event.payload, mapping, ctx) });
    case 'deployment_status':
      return nonEmpty({ deployments: deploymentStatusRows(event.payload, mapping, ctx) });
    case 'push':
      return nonEmpty({ changes: pushRows(event.payload, mapping, ctx) });
    case 'pull_request':
      return nonEmpty({ changes: pullRequestRows(event.payload, mapping, ctx) });
    case 'issues':
      return nonEmpty({ incidents: issueRows(event.payload, mapping, ctx) });
    case 'other':
      return {};
  }
}

function nonEmpty(rows: RowsByTable): RowsByTable {
  return Object.fromEntries(Object.entries(rows).filter(([, r]) => r.length > 0));
}

const KINDS: Record<string, DeploymentRow['Kind']> = { planned: 'planned', hotfix: 'hotfix', rollback: 'rollback', fix_forward: 'fix_forward', 'fix-forward': 'fix_forward' };

/** What kind of deployment this is, from what its creator said (see the top of this file). */
export function deploymentKind(d: Pick<GithubDeployment, 'payload' | 'task' | 'description'>): DeploymentRow['Kind'] {
  const kind = payloadField(d.payload, 'kind')?.toLowerCase();
  const named = kind !== undefined && Object.hasOwn(KINDS, kind) ? KINDS[kind] : undefined;
  if (named) return named;
  const text = [d.task, d.description ?? '', typeof d.payload === 'string' ? d.payload : ''].join(' ').toLowerCase();
  if (/\broll[\s-]?back\b/.test(text)) return 'rollback';
  if (/\bhot[\s-]?fix\b/.test(text)) return 'hotfix';
  if (/\bfix[\s_-]forward\b/.test(text)) return 'fix_forward';
  return 'planned';
}

/** A string field of the deployment's payload, when the payload is an object holding one. */
function payloadField(payload: unknown, key: string): string | undefined {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload) || !Object.hasOwn(payload, key)) return undefined;
  const value = (payload as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : undefined;
}

function rollbackOf(d: GithubDeployment): string {
  return payloadField(d.payload, 'rollback_of') ?? payloadField(d.payload, 'rollbackOf') ?? '';
}

function deploymentRow(repo: string, d: GithubDeployment, mapping: GithubMapping, ctx: NormaliseContext): DeploymentRow {
  return {
    DeploymentId: `github:${repo}:${d.id}`,
    Source: 'github',
    Service: serviceOfRepo(repo, mapping),
    Repo: repo,
    Environment: d.environment,
    IsProduction: d.production_environment ?? isProduction(d.environment, mapping),
    Status: 'pending',
    ReportedAt: formatMillis(d.created_at),
    StartedAt: formatMillis(d.created_at),
    FinishedAt: formatMillis(0),
    CommitSha: d.sha,
    CommitShas: [],
    Artifact: '',
    Kind: deploymentKind(d),
    RollbackOf: rollbackOf(d),
    Url: '',
    DeliveryId: ctx.deliveryId,
  };
}

function deploymentRows(event: DeploymentEvent, mapping: GithubMapping, ctx: NormaliseContext): DeploymentRow[] {
  if (event.action !== 'created') return [];
  return [deploymentRow(event.repository.full_name, event.deployment, mapping, ctx)];
}

const STATES: Record<string, DeploymentRow['Status']> = {
  success: 'success',
  failure: 'failure',
  error: 'failure',
  in_progress: 'in_progress',
  queued: 'pending',
  pending: 'pending',
  waiting: 'pending',
};

function deploymentStatusRows(event: DeploymentStatusEvent, mapping: GithubMapping, ctx: NormaliseContext): DeploymentRow[] {
  const s = event.deployment_status;
  const status = Object.hasOwn(STATES, s.state) ? STATES[s.state] : undefined;
  if (event.action !== 'created' || status === undefined) return [];
  const final = status === 'success' || status === 'failure';
  return [
    {
      ...deploymentRow(event.repository.full_name, event.deployment, mapping, ctx),
      Status: status,
      ReportedAt: formatMillis(s.created_at),
      FinishedAt: formatMillis(final ? (s.updated_at ?? s.created_at) : 0),
      Url: s.log_url || s.target_url || '',
    },
  ];
}

function pushRows(event: PushEvent, mapping: GithubMapping, ctx: NormaliseContext): ChangeRow[] {
  if (event.deleted || !event.ref.startsWith('refs/heads/')) return [];
  const repo = event.repository.full_name;
  const branch = event.ref.slice('refs/heads/'.length);
  const service = serviceOfRepo(repo, mapping);
  return event.commits.map((c) =>
    pushedCommitRow({
      repo,
      service,
      source: 'github',
      branch,
      sha: c.id,
      timestampMs: c.timestamp,
      reportedAtMs: c.distinct ? ctx.receivedAtMs : 0,
      deliveryId: ctx.deliveryId,
    }),
  );
}

function pullRequestRows(event: PullRequestEvent, mapping: GithubMapping, ctx: NormaliseContext): ChangeRow[] {
  const pr = event.pull_request;
  if (event.action !== 'closed' || !isMerged(pr)) return [];
  // The schema refuses a merged pull request without these.
  const mergedAt = pr.merged_at!;
  const mergeSha = pr.merge_commit_sha!;
  const repo = event.repository.full_name;
  const sameRepo = pr.head.repo?.full_name === repo;
  return [
    {
      Repo: repo,
      CommitSha: mergeSha,
      Service: serviceOfRepo(repo, mapping),
      Source: 'github',
      Branch: sameRepo ? pr.head.ref : pr.head.label,
      AuthoredAt: formatMillis(mergedAt),
      CommittedAt: formatMillis(mergedAt),
      PrNumber: event.number,
      PrCreatedAt: formatMillis(pr.created_at),
      PrMergedAt: formatMillis(mergedAt),
      MergeCommitSha: mergeSha,
      ReportedAt: formatMillis(ctx.receivedAtMs),
      DeliveryId: ctx.deliveryId,
    },
  ];
}

const INCIDENT_ACTIONS = new Set(['opened', 'edited', 'labeled', 'unlabeled', 'closed', 'reopened']);
const SEVERITY_LABEL = /^sev(?:erity)?[\s:/_-]*(?:\d|critical|high|medium|moderate|low|major|minor)\b/i;
const ROOT_CAUSE = /root cause:\s*([0-9a-f]{7,64})\b/i;

function issueRows(event: IssuesEvent, mapping: GithubMapping, ctx: NormaliseContext): IncidentRow[] {
  const issue = event.issue;
  const wanted = new Set(mapping.incidentLabels.map((l) => l.trim().toLowerCase()));
  if (!INCIDENT_ACTIONS.has(event.action) || !issue.labels.some((l) => wanted.has(l.name.trim().toLowerCase()))) return [];
  const repo = event.repository.full_name;
  const row = (status: IncidentRow['Status'], atMs: number): IncidentRow => ({
    IncidentId: `github:${repo}#${issue.number}`,
    Provider: 'github',
    Service: serviceOfRepo(repo, mapping),
    Status: status,
    At: formatMillis(atMs),
    CreatedAt: formatMillis(issue.created_at),
    Severity: issue.labels.find((l) => SEVERITY_LABEL.test(l.name))?.name ?? '',
    Title: issue.title,
    CauseDeploymentId: '',
    CauseCommitSha: ROOT_CAUSE.exec(issue.body ?? '')?.[1]?.toLowerCase() ?? '',
    Url: issue.html_url,
    DeliveryId: ctx.deliveryId,
  });
  const rows = [row('triggered', issue.created_at)];
  if (issue.state === 'closed' && issue.closed_at !== null) rows.push(row('resolved', issue.closed_at));
  if (event.action === 'reopened') rows.push(row('reopened', issue.updated_at));
  return rows;
}
