import { z } from 'zod';
import { keyValueMap } from '../delivery/mapping.js';

/**
 * PagerDuty drops every v3 webhook past 256 KB (developer docs, "Webhooks: Behavior", size
 * limit), so the default cap never refuses a real delivery.
 */
export const PAGERDUTY_MAX_PAYLOAD_BYTES = 1024 * 1024;

/** The PagerDuty v3 webhook receiver (POST /ingest/pagerduty). `.strict()`: a misspelt key fails at startup. */
export const pagerdutyConfigSchema = z
  .object({
    /**
     * The webhook subscription's signing secret. When set, every delivery must carry an
     * X-PagerDuty-Signature with a matching v1 signature (401 otherwise); unset, deliveries
     * are taken unsigned.
     */
    webhookSecret: z.string().min(1, 'must not be empty (leave it unset to accept unsigned deliveries)').optional(),
    /** largest request body; past it → 413 */
    maxBodyBytes: z.coerce.number().int().positive().default(PAGERDUTY_MAX_PAYLOAD_BYTES),
    /** PagerDuty service id or name → Octolens service; a service not listed keeps its PagerDuty name */
    serviceMap: keyValueMap.default({}),
  })
  .strict();

export type PagerdutyConfig = z.infer<typeof pagerdutyConfigSchema>;
