import { z } from 'zod';

/** The service catalog: uploads (POST /ingest/catalog) and the Backstage pull. `.strict()`: a misspelt key fails at startup. */
export const catalogConfigSchema = z
  .object({
    /** largest POST /ingest/catalog body; past it → 413 */
    maxBodyBytes: z.coerce.number().int().positive().default(8 * 1024 * 1024),
    /** a Backstage backend (its base URL, e.g. https://backstage.example.com): when set, /api/catalog/entities is pulled on an interval */
    backstageUrl: z.string().url().optional(),
    /** bearer token for the Backstage catalog API (a static external access token) */
    backstageToken: z.string().min(1).optional(),
    /** how often the Backstage catalog is pulled */
    backstageIntervalMs: z.coerce.number().int().min(1000).default(300_000),
    /** entities per page of the pull (limit/offset pagination) */
    backstagePageSize: z.coerce.number().int().min(1).max(10_000).default(500),
  })
  .strict();

export type CatalogConfig = z.infer<typeof catalogConfigSchema>;
