/**
 * A decoded GitLab event → deployments, changes and incidents rows. Pure: no I/O, no clock.
 * The repository is the project's path_with_namespace; its service comes from
 * repoServices, else the path's last segment. Source and Provider are `gitlab`.
 *
 * Deployment Hook → one deployments row per status GitLab reports:
 * - DeploymentId `gitlab:<path_with_namespace>:<deployment_id>`;
 * - Status: created, blocked (waiting for approval) → pending; running → in_progress;
 *   success → success; failed → failure; canceled, skipped → cancelled;
 * - ReportedAt status_changed_at; StartedAt that time for running, else 0 (GitLab tells a
 *   deployment's start only in its running event); FinishedAt that time for success, failed,
 *   canceled and skipped, else 0;
 * - Environment `environment`; IsProduction: environment_tier == 'production' when GitLab
 *   sends a tier (the project's own declaration beats a name list), else the environment's
 *   name in productionEnvironments;
 * - CommitSha: the full sha at the end of commit_url, else short_sha (8 characters; readers
 *   match it as a prefix); CommitShas [] (GitLab gives no commit list); Url deployable_url
 *   (the deploy job), '' for API deployments; Kind planned, Artifact and RollbackOf ''.
 *
 * Push Hook → one changes row per entry of commits[] (GitLab lists at most the newest 20):
 * CommitSha id, CommittedAt and AuthoredAt `timestamp` (GitLab sends the committer date
 * only), Branch the ref without refs/heads/, PrNumber 0. A tag push has object_kind tag_push
 * and is raw only.
 *
 * Merge Request Hook with action `merge` → changes rows tying the merge request to the
 * commit it landed as (other actions are raw only):
 * - MergeCommitSha: merge_commit_sha, else squash_commit_sha (a squash merge with
 *   fast-forward), else last_commit.id (a fast-forward merge lands the head commit itself);
 * - PrNumber iid, PrCreatedAt created_at, PrMergedAt merged_at, else updated_at (GitLab's hook
 *   attributes carry no merged_at; a merge is the update that sent the event);
 * - Branch source_branch, so readers find the request's own commits among the Push Hook rows
 *   of that branch, each with its own time (the squash-merge lead time problem);
 * - a row for the landed commit (CommittedAt: PrMergedAt for a merge or squash commit GitLab
 *   made, the head commit's timestamp for a fast-forward), and one for last_commit when it is
 *   another commit, with its own timestamp.
 *
 * Issue Hook (object_kind issue or work_item, confidential or not) for an incident — the
 * Incident type (`type`, or the older `issue_type`) or a label in incidentLabels,
 * case-insensitively → incidents rows:
 * - IncidentId `gitlab:<path_with_namespace>#<iid>`, CreatedAt created_at, Title title,
 *   Severity severity (GitLab's low/medium/high/critical; its `unknown`, the value of an
 *   issue nobody rated, is ''), Url url;
 * - action open → triggered at created_at; close → resolved at closed_at (else updated_at);
 *   reopen → reopened at updated_at; update → acknowledged at updated_at when the escalation
 *   status became acknowledged; update that added an incident label → triggered at
 *   created_at (and resolved at closed_at when the issue is already closed: a late label
 *   still counts); any other update → nothing;
 * - CauseCommitSha from a `root cause: <sha>` line in the description (as Four Keys reads
 *   it), CauseDeploymentId ''.
 *
 * Pipeline Hook and every other event: raw_events only (see decode.ts).
 */
import { formatMillis, type ChangeRow, type DeploymentRow, type IncidentRow } from '../../server/storage/rows.js';
import { isProduction, serviceOfRepo } from '../delivery/mapping.js';
import { pushedCommitRow } from '../delivery/rows.js';
import type { RowsByTable } from '../encode.js';
import type { GitlabConfig } from './config.js';
import type { GitlabEvent } from './decode.js';
import type { DeploymentHook, IssueHook, MergeRequestHook, PushHook } from './schema.js';

type Mapping = Pick<GitlabConfig, 'repoServices' | 'productionEnvironments' | 'incidentLabels'>;

const SOURCE = 'gitlab';

const deploymentStatus: Record<DeploymentHook['status'], DeploymentRow['Status']> = {
  created: 'pending',
  blocked: 'pending',
  running: 'in_progress',
  success: 'success',
  failed: 'failure',
  canceled: 'cancelled',
  skipped: 'cancelled',
};
const FINAL = new Set<DeploymentHook['status']>(['success', 'failed', 'canceled', 'skipped']);

export function normaliseGitlab(event: GitlabEvent, mapping: Mapping, deliveryId: string, receivedAtMs: number): RowsByTable {
  switch (event.kind) {
    case 'deployment':
      return { deployments: [deploymentRow(event.hook, mapping, deliveryId)] };
    case 'push':
      return nonEmpty('changes', pushRows(event.hook, mapping, deliveryId, receivedAtMs));
    case 'merge':
      return nonEmpty('changes', mergeRows(event.hook, mapping, deliveryId, receivedAtMs));
    case 'incident':
      return nonEmpty('incidents', incidentRows(event.hook, mapping, deliveryId));
    case 'other':
      return {};
  }
}

function nonEmpty<T extends 'changes' | 'incidents'>(table: T, rows: RowsByTable[T]): RowsByTable {
  return rows && rows.length > 0 ? { [table]: rows } : {};
}

function deploymentRow(hook: DeploymentHook, mapping: Mapping, deliveryId: string): DeploymentRow {
  const repo = hook.project.path_with_namespace;
  const at = hook.status_changed_at;
  const fullSha = /\/commit\/([0-9a-f]{40}|[0-9a-f]{64})$/i.exec(hook.commit_url ?? '')?.[1]?.toLowerCase();
  return {
    DeploymentId: `${SOURCE}:${repo}:${hook.deployment_id}`,
    Source: SOURCE,
    Service: serviceOfRepo(repo, mapping),
    Repo: repo,
    Environment: hook.environment,
    IsProduction: hook.environment_tier ? hook.environment_tier.toLowerCase() === 'production' : isProduction(hook.environment, mapping),
    Status: deploymentStatus[hook.status],
    ReportedAt: formatMillis(at),
    StartedAt: formatMillis(hook.status === 'running' ? at : 0),
    FinishedAt: formatMillis(FINAL.has(hook.status) ? at : 0),
    CommitSha: fullSha ?? hook.short_sha ?? '',
    CommitShas: [],
    Artifact: '',
    Kind: 'planned',
    RollbackOf: '',
    Url: hook.deployable_url ?? '',
    DeliveryId: deliveryId,
  };
}

function pushRows(hook: PushHook, mapping: Mapping, deliveryId: string, receivedAtMs: number): ChangeRow[] {
  const repo = hook.project.path_with_namespace;
  const branch = hook.ref.replace(/^refs\/heads\//, '');
  const service = serviceOfRepo(repo, mapping);
  return hook.commits.map((c) =>
    pushedCommitRow({ repo, service, source: SOURCE, branch, sha: c.id, timestampMs: c.timestamp, reportedAtMs: receivedAtMs, deliveryId }),
  );
}

function mergeRows(hook: MergeRequestHook, mapping: Mapping, deliveryId: string, receivedAtMs: number): ChangeRow[] {
  const mr = hook.object_attributes;
  const repo = hook.project.path_with_namespace;
  const head = mr.last_commit ?? undefined;
  const landed = mr.merge_commit_sha ?? mr.squash_commit_sha ?? head?.id;
  if (landed === undefined) return [];
  const mergedAt = mr.merged_at ?? mr.updated_at;
  const row = (sha: string, committedAt: number): ChangeRow => ({
    Repo: repo,
    CommitSha: sha,
    Service: serviceOfRepo(repo, mapping),
    Source: SOURCE,
    Branch: mr.source_branch,
    AuthoredAt: formatMillis(committedAt),
    CommittedAt: formatMillis(committedAt),
    PrNumber: mr.iid,
    PrCreatedAt: formatMillis(mr.created_at),
    PrMergedAt: formatMillis(mergedAt),
    MergeCommitSha: landed,
    ReportedAt: formatMillis(receivedAtMs),
    DeliveryId: deliveryId,
  });
  const rows = [row(landed, landed === head?.id ? head.timestamp : mergedAt)];
  if (head && head.id !== landed) rows.push(row(head.id, head.timestamp));
  return rows;
}

const ROOT_CAUSE = /^[ \t]*root cause:[ \t]*([0-9a-f]{7,64})\b/im;

function incidentRows(hook: IssueHook, mapping: Mapping, deliveryId: string): IncidentRow[] {
  const issue = hook.object_attributes;
  const repo = hook.project.path_with_namespace;
  const row = (status: IncidentRow['Status'], at: number): IncidentRow => ({
    IncidentId: `${SOURCE}:${repo}#${issue.iid}`,
    Provider: SOURCE,
    Service: serviceOfRepo(repo, mapping),
    Status: status,
    At: formatMillis(at),
    CreatedAt: formatMillis(issue.created_at),
    Severity: issue.severity === 'unknown' ? '' : (issue.severity ?? ''),
    Title: issue.title,
    CauseDeploymentId: '',
    CauseCommitSha: ROOT_CAUSE.exec(issue.description ?? '')?.[1]?.toLowerCase() ?? '',
    Url: issue.url ?? '',
    DeliveryId: deliveryId,
  });
  const resolvedAt = issue.closed_at ?? issue.updated_at;
  switch (issue.action) {
    case 'open':
      return [row('triggered', issue.created_at)];
    case 'close':
      return [row('resolved', resolvedAt)];
    case 'reopen':
      return [row('reopened', issue.updated_at)];
    case 'update': {
      const rows: IncidentRow[] = [];
      if (becameIncident(hook, mapping.incidentLabels)) {
        rows.push(row('triggered', issue.created_at));
        if (issue.state === 'closed') rows.push(row('resolved', resolvedAt));
      }
      if (hook.changes?.escalation_status?.current === 'acknowledged') rows.push(row('acknowledged', issue.updated_at));
      return rows;
    }
    default:
      return [];
  }
}

/** An update whose label change added the first incident label. */
function becameIncident(hook: IssueHook, incidentLabels: string[]): boolean {
  const change = hook.changes?.labels;
  if (!change) return false;
  const wanted = new Set(incidentLabels.map((l) => l.toLowerCase()));
  const has = (labels: Array<{ title: string }> | null | undefined) => (labels ?? []).some((l) => wanted.has(l.title.toLowerCase()));
  return !has(change.previous) && has(change.current);
}
