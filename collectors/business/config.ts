import { z } from 'zod';

/** POST /ingest/business. `.strict()`: a misspelt key fails at startup. */
export const businessConfigSchema = z
  .object({
    /** largest request body; past it → 413 */
    maxBodyBytes: z.coerce.number().int().positive().default(8 * 1024 * 1024),
  })
  .strict();

export type BusinessConfig = z.infer<typeof businessConfigSchema>;
