/**
 * The parts of GitLab webhook payloads Octolens reads, as GitLab documents them
 * (https://docs.gitlab.com/user/project/integrations/webhook_events/). Objects are not
 * strict: GitLab adds fields in most releases. What is read is validated, so a missing or
 * wrong field is a 400 naming its JSON path rather than a row with a hole in it.
 */
import { z } from 'zod';

/** The latest time the delivery tables store: their TTL uses 32-bit DateTime, which wraps after 2106. */
const LATEST_MS = Date.UTC(2100, 0, 1);

// GitLab writes times three ways, depending on the event and its version: ISO 8601
// (2026-03-02T10:15:00Z, 2026-03-02T12:15:00+02:00), Rails' UTC text (2026-03-02 10:15:00 UTC,
// merge request and issue attributes on older versions) and an offset after a space
// (2026-03-02 12:15:00 +0200, deployment status_changed_at).
const GITLAB_TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(\.\d+)?\s*(Z|UTC|[+-]\d{2}:?\d{2})$/;

/**
 * A GitLab time as epoch milliseconds; undefined when it is not one of GitLab's forms or falls
 * outside 1970–2100.
 * @example parseGitlabTime('2021-04-28 21:50:00 +0200') // → 1619639400000
 */
export function parseGitlabTime(text: string): number | undefined {
  const m = GITLAB_TIME.exec(text.trim());
  if (!m) return undefined;
  const [, date, time, fraction = '', zone = ''] = m;
  const offset = zone === 'Z' || zone === 'UTC' ? 'Z' : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const ms = Date.parse(`${date}T${time}${fraction.slice(0, 4)}${offset}`);
  return Number.isFinite(ms) && ms >= 0 && ms < LATEST_MS ? ms : undefined;
}

const time = z.string().transform((text, ctx) => {
  const ms = parseGitlabTime(text);
  if (ms === undefined) {
    ctx.addIssue({ code: 'custom', message: `expected a time such as 2026-03-02T10:15:00Z or 2026-03-02 10:15:00 UTC, between 1970 and 2100, got "${text}"` });
    return z.NEVER;
  }
  return ms;
});

const sha = z
  .string()
  .regex(/^[0-9a-f]{7,64}$/i, 'expected a commit sha (7 to 64 hex characters)')
  .transform((s) => s.toLowerCase());

const project = z.object({ path_with_namespace: z.string().min(1) });
const label = z.object({ title: z.string() });

/** The field every hook body carries; which schema below applies. */
export const envelope = z.object({ object_kind: z.string().min(1).optional() });

/** Deployment Hook: one per status a deployment reaches (GitLab's Deployment state machine). */
export const deploymentHook = z.object({
  status: z.enum(['created', 'running', 'success', 'failed', 'canceled', 'skipped', 'blocked']),
  status_changed_at: time,
  deployment_id: z.number().int().nonnegative(),
  environment: z.string().min(1),
  /** production | staging | testing | development | other; absent on older versions (gitlab-org/gitlab!120151) */
  environment_tier: z.string().nullish(),
  short_sha: sha.nullish(),
  /** …/-/commit/<full sha>: the only place the full sha appears */
  commit_url: z.string().nullish(),
  /** the CI job that deployed; null for deployments made through the API */
  deployable_url: z.string().nullish(),
  project,
});

/** Push Hook. GitLab sends at most the newest 20 commits (total_commits_count says how many were pushed). */
export const pushHook = z.object({
  ref: z.string(),
  project,
  commits: z.array(z.object({ id: sha, timestamp: time })).max(10_000),
});

/** Read first: only a merge is turned into rows, so other actions need nothing else to be valid. */
export const mergeRequestAction = z.object({ object_attributes: z.object({ action: z.string().nullish() }) });

export const mergeRequestHook = z.object({
  project,
  object_attributes: z.object({
    iid: z.number().int().positive(),
    source_branch: z.string(),
    created_at: time,
    updated_at: time,
    /** not in GitLab's hook attributes today; read when a version sends it */
    merged_at: time.nullish(),
    /** the merge commit; null for a fast-forward merge */
    merge_commit_sha: sha.nullish(),
    /** the squash commit; not in GitLab's hook attributes today, read when sent */
    squash_commit_sha: sha.nullish(),
    last_commit: z.object({ id: sha, timestamp: time }).nullish(),
    url: z.string().nullish(),
  }),
});

/** Read first, to tell an incident from any other issue before validating the rest. */
export const issueKind = z.object({
  labels: z.array(label).nullish(),
  object_attributes: z.object({
    /** the work item type's name on current versions: Issue, Incident, Task… */
    type: z.string().nullish(),
    /** the older column: issue, incident, test_case… */
    issue_type: z.string().nullish(),
    labels: z.array(label).nullish(),
  }),
});

const labelChange = z.object({ previous: z.array(label).nullish(), current: z.array(label).nullish() });

/** Issue Hook (also Confidential Issue Hook; object_kind `issue`, or `work_item` for incidents and other work item types). */
export const issueHook = z.object({
  project,
  object_attributes: z.object({
    iid: z.number().int().positive(),
    title: z.string(),
    description: z.string().nullish(),
    action: z.string().nullish(),
    state: z.string().nullish(),
    severity: z.string().nullish(),
    url: z.string().nullish(),
    created_at: time,
    updated_at: time,
    closed_at: time.nullish(),
  }),
  changes: z
    .object({
      labels: labelChange.nullish(),
      /** incidents only: triggered | acknowledged | resolved | ignored */
      escalation_status: z.object({ current: z.string().nullish() }).nullish(),
    })
    .nullish(),
});

export type DeploymentHook = z.infer<typeof deploymentHook>;
export type PushHook = z.infer<typeof pushHook>;
export type MergeRequestHook = z.infer<typeof mergeRequestHook>;
export type IssueKind = z.infer<typeof issueKind>;
export type IssueHook = z.infer<typeof issueHook>;
