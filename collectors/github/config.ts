import { z } from 'zod';
import { DEFAULT_PRODUCTION_ENVIRONMENTS, keyValueMap, nameList } from '../delivery/mapping.js';

/** GitHub's own cap on a webhook payload: a larger one is never sent, so this never refuses a real delivery. */
export const GITHUB_MAX_PAYLOAD_BYTES = 25 * 1024 * 1024;

/** The GitHub webhook receiver (POST /ingest/github). `.strict()`: a misspelt key fails at startup. */
export const githubConfigSchema = z
  .object({
    /**
     * The webhook's secret. When set, every delivery must carry a matching
     * X-Hub-Signature-256 (401 otherwise); unset, deliveries are taken unsigned.
     */
    webhookSecret: z.string().min(1, 'must not be empty (leave it unset to accept unsigned deliveries)').optional(),
    /** labels that make an issue an incident, compared case-insensitively */
    incidentLabels: nameList.default(['incident']),
    /** largest request body; past it → 413 */
    maxBodyBytes: z.coerce.number().int().positive().default(GITHUB_MAX_PAYLOAD_BYTES),
    /** repository full name (owner/name) → service; a repository not listed is the service of its own name */
    repoServices: keyValueMap.default({}),
    /** environments that count as production when a deployment does not say (production_environment) */
    productionEnvironments: nameList.default(DEFAULT_PRODUCTION_ENVIRONMENTS),
  })
  .strict();

export type GithubConfig = z.infer<typeof githubConfigSchema>;
