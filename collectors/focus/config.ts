import { z } from 'zod';

/** FOCUS cost imports (POST /ingest/cost/focus). `.strict()`: a misspelt key fails at startup. */
export const focusConfigSchema = z
  .object({
    /** allocation rules (OCTOLENS_COST_RULES): a YAML file; unset → tags team/service/environment only */
    rulesFile: z.string().min(1).optional(),
    /** rows per queue request while importing */
    batchRows: z.coerce.number().int().min(100).max(1_000_000).default(20_000),
    /** batches waiting to be stored before the upload is read further */
    inFlight: z.coerce.number().int().min(1).max(16).default(2),
    /** how long an import waits for a full queue before it is refused 429 */
    maxQueueWaitMs: z.coerce.number().int().min(0).default(120_000),
    /** refused rows listed in an import's answer (all are counted) */
    maxRejections: z.coerce.number().int().min(0).max(100_000).default(1000),
  })
  .strict();

export type FocusConfig = z.infer<typeof focusConfigSchema>;
