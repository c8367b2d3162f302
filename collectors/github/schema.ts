/**
 * The parts of GitHub webhook payloads Octolens reads, per event type (X-GitHub-Event), as
 * documented at https://docs.github.com/en/webhooks/webhook-events-and-payloads. Objects are
 * not strict: GitHub adds fields, and a new field must never fail a delivery. What is read is
 * validated, so a payload missing it is a 400 naming its JSON path.
 */
import { z } from 'zod';

/** RFC 3339 with `Z` or an offset (push commit timestamps carry the committer's offset) → epoch ms. */
const time = z.iso.datetime({ offset: true }).transform((s) => Date.parse(s));
/** A commit id: SHA-1, or SHA-256 for repositories in that object format. */
const sha = z
  .string()
  .regex(/^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i, 'expected a commit sha (40 or 64 hex characters)')
  .transform((s) => s.toLowerCase());
const repository = z.object({ full_name: z.string().min(1) });

const deployment = z.object({
  id: z.number().int().nonnegative(),
  sha,
  ref: z.string(),
  task: z.string().default(''),
  /**
   * Free-form: documented as an object or a string, whatever the creator of the deployment
   * sent. Only read for hints (normalise.ts), so any shape is accepted.
   */
  payload: z.unknown().optional(),
  environment: z.string().min(1),
  description: z.string().nullish(),
  /** set by GitHub for environments marked production; absent on older or API-created deployments */
  production_environment: z.boolean().optional(),
  created_at: time,
});

export const deploymentEvent = z.object({ action: z.string(), deployment, repository });

export const deploymentStatusEvent = z.object({
  action: z.string(),
  deployment_status: z.object({
    /** a string, not an enum: GitHub has added states before (queued, in_progress, waiting) */
    state: z.string().min(1),
    target_url: z.string().nullish(),
    log_url: z.string().nullish(),
    created_at: time,
    updated_at: time.optional(),
  }),
  deployment,
  repository,
});

export const pushEvent = z.object({
  ref: z.string().min(1),
  deleted: z.boolean().default(false),
  commits: z.array(
    z.object({
      id: sha,
      /** false when the commit was already pushed to the repository (on another branch) */
      distinct: z.boolean().default(true),
      timestamp: time,
    }),
  ),
  repository,
});

export const pullRequestEvent = z
  .object({
    action: z.string(),
    number: z.number().int().positive(),
    pull_request: z.object({
      created_at: time,
      merged: z.boolean().nullish(),
      merged_at: time.nullable(),
      /** on an open pull request this is GitHub's test merge; it names the landed commit only once merged */
      merge_commit_sha: sha.nullable(),
      head: z.object({
        ref: z.string().min(1),
        /** owner:branch */
        label: z.string().min(1),
        /** null when the fork it came from was deleted */
        repo: z.object({ full_name: z.string() }).nullable(),
      }),
    }),
    repository,
  })
  .superRefine((event, ctx) => {
    if (event.action !== 'closed' || !isMerged(event.pull_request)) return;
    if (event.pull_request.merged_at === null) ctx.addIssue({ code: 'custom', path: ['pull_request', 'merged_at'], message: 'expected the merge time of a merged pull request, got null' });
    if (event.pull_request.merge_commit_sha === null) {
      ctx.addIssue({ code: 'custom', path: ['pull_request', 'merge_commit_sha'], message: 'expected the merge commit of a merged pull request, got null' });
    }
  });

export function isMerged(pr: { merged?: boolean | null; merged_at: number | null }): boolean {
  return pr.merged ?? pr.merged_at !== null;
}

export const issuesEvent = z.object({
  action: z.string(),
  issue: z.object({
    number: z.number().int().positive(),
    title: z.string(),
    body: z.string().nullable(),
    state: z.string(),
    labels: z.array(z.object({ name: z.string() })).default([]),
    created_at: time,
    updated_at: time,
    closed_at: time.nullable(),
    html_url: z.string(),
  }),
  repository,
});

export type DeploymentEvent = z.infer<typeof deploymentEvent>;
export type DeploymentStatusEvent = z.infer<typeof deploymentStatusEvent>;
export type PushEvent = z.infer<typeof pushEvent>;
export type PullRequestEvent = z.infer<typeof pullRequestEvent>;
export type IssuesEvent = z.infer<typeof issuesEvent>;
export type GithubDeployment = DeploymentEvent['deployment'];

/** The event types rows are derived from; any other (ping, release, workflow_run…) is kept in raw_events only. */
export const eventSchemas = {
  deployment: deploymentEvent,
  deployment_status: deploymentStatusEvent,
  push: pushEvent,
  pull_request: pullRequestEvent,
  issues: issuesEvent,
} as const;

export type GithubEvent =
  | { type: 'deployment'; payload: DeploymentEvent }
  | { type: 'deployment_status'; payload: DeploymentStatusEvent }
  | { type: 'push'; payload: PushEvent }
  | { type: 'pull_request'; payload: PullRequestEvent }
  | { type: 'issues'; payload: IssuesEvent }
  | { type: 'other'; name: string };
