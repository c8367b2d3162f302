import { z } from 'zod';

/** OpenCost's allocation API, pulled on an interval (OCTOLENS_OPENCOST_URL). `.strict()`: a misspelt key fails at startup. */
export const opencostConfigSchema = z
  .object({
    /** OpenCost's API base URL (e.g. http://opencost.opencost:9003); unset → no pull */
    url: z.string().url().optional(),
    /** how often the allocation API is pulled */
    intervalMs: z.coerce.number().int().min(1000).default(3_600_000),
    /** days pulled each time, today included (yesterday's figures settle after midnight) */
    days: z.coerce.number().int().min(1).max(31).default(2),
    /** OpenCost's aggregate parameter */
    aggregate: z.string().min(1).default('namespace,label:team'),
    /** the currency OpenCost reports in (its own setting; it does not say in the answer) */
    currency: z.string().regex(/^[A-Za-z0-9]{2,10}$/).default('USD'),
    /** allocation rules (OCTOLENS_COST_RULES), the same file FOCUS imports use */
    rulesFile: z.string().min(1).optional(),
  })
  .strict();

export type OpencostConfig = z.infer<typeof opencostConfigSchema>;
