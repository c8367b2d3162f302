import { z } from 'zod';
import { DEFAULT_PRODUCTION_ENVIRONMENTS, keyValueMap, nameList } from '../delivery/mapping.js';

/** GitLab webhooks (POST /ingest/gitlab). `.strict()`: a misspelt key fails at startup. */
export const gitlabConfigSchema = z
  .object({
    /**
     * the webhook's "Secret token", sent back by GitLab in X-Gitlab-Token; when set, a
     * delivery without it or with another one is refused 401 and nothing is stored
     */
    webhookToken: z.string().min(1, 'expected a token; leave the setting out to accept unauthenticated deliveries').optional(),
    /** issue labels that make an issue an incident, compared case-insensitively (GitLab incidents count whatever their labels) */
    incidentLabels: nameList.default(['incident']),
    /** largest request body; past it → 413 */
    maxBodyBytes: z.coerce.number().int().positive().default(8 * 1024 * 1024),
    /** project path (path_with_namespace, e.g. acme/payments/checkout-api) → service; absent: the project's own name */
    repoServices: keyValueMap.default({}),
    /** environments that count as production when a deployment carries no environment_tier */
    productionEnvironments: nameList.default(DEFAULT_PRODUCTION_ENVIRONMENTS),
  })
  .strict();

export type GitlabConfig = z.infer<typeof gitlabConfigSchema>;
