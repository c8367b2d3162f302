/**
 * The body of POST /ingest/events: deployments, changes and incidents in batches, for the
 * tools with no webhook Octolens reads (Argo CD notifications, Jenkins, release scripts).
 * Times are RFC 3339 strings or epoch milliseconds. Objects are strict, so a misspelt field
 * is an error naming its path rather than a value silently missing.
 */
import { z } from 'zod';

const time = z.union([
  z.number().int().nonnegative(),
  z.iso.datetime({ offset: true }).transform((s) => Date.parse(s)),
]);
const id = z.string().min(1).max(512);
const sha = z.string().regex(/^[0-9a-f]{7,64}$/i, 'expected a commit sha (7 to 64 hex characters)').transform((s) => s.toLowerCase());

export const deploymentInput = z
  .object({
    id,
    service: id,
    environment: z.string().min(1).default('production'),
    /** overrides the production-environment list for this deployment */
    production: z.boolean().optional(),
    status: z.enum(['pending', 'in_progress', 'success', 'failure', 'cancelled']).default('success'),
    startedAt: time.optional(),
    finishedAt: time.optional(),
    commit: sha.optional(),
    /** the commits this deployment brought, when the sender knows them */
    commits: z.array(sha).max(10_000).default([]),
    repo: z.string().default(''),
    artifact: z.string().default(''),
    kind: z.enum(['planned', 'hotfix', 'rollback', 'fix_forward']).default('planned'),
    /** for a rollback: the deployment id or commit it returns to */
    rollbackOf: z.string().default(''),
    url: z.string().default(''),
  })
  .strict();

export const changeInput = z
  .object({
    repo: id,
    sha,
    service: z.string().min(1).optional(),
    branch: z.string().default(''),
    authoredAt: time.optional(),
    committedAt: time,
    pr: z
      .object({ number: z.number().int().positive(), createdAt: time.optional(), mergedAt: time.optional(), mergeCommit: sha.optional() })
      .strict()
      .optional(),
  })
  .strict();

export const incidentInput = z
  .object({
    id,
    service: id,
    status: z.enum(['triggered', 'acknowledged', 'resolved', 'reopened']),
    /** when this transition happened */
    at: time,
    /** when the incident was opened; defaults to `at` */
    createdAt: time.optional(),
    severity: z.string().default(''),
    title: z.string().default(''),
    causeDeployment: z.string().default(''),
    causeCommit: sha.optional(),
    url: z.string().default(''),
  })
  .strict();

/**
 * A platform usage event: a golden-path template executed, a self-service action run, an
 * environment created… `type` is free (lowercase, dot-separated); the well-known ones are
 * template.executed, action.executed, environment.created and service.created (docs/adoption.md).
 */
export const platformEventInput = z
  .object({
    id,
    type: z.string().max(128).regex(/^[a-z][a-z0-9]*(?:[._-][a-z0-9]+)*$/, 'expected a lowercase dotted type such as template.executed'),
    at: time,
    service: z.string().max(512).default(''),
    team: z.string().max(512).default(''),
    actor: z.string().max(512).default(''),
    /** the template, action or environment */
    name: z.string().max(512).default(''),
    attributes: z.record(z.string(), z.string()).default({}),
  })
  .strict();

export const eventsBody = z
  .object({
    deployments: z.array(deploymentInput).max(10_000).default([]),
    changes: z.array(changeInput).max(100_000).default([]),
    incidents: z.array(incidentInput).max(10_000).default([]),
    platform: z.array(platformEventInput).max(10_000).default([]),
  })
  .strict()
  .refine((b) => b.deployments.length + b.changes.length + b.incidents.length + b.platform.length > 0, 'expected at least one of deployments, changes, incidents, platform');

export type EventsBody = z.infer<typeof eventsBody>;
