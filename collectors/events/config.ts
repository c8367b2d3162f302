import { z } from 'zod';
import { DEFAULT_PRODUCTION_ENVIRONMENTS, keyValueMap, nameList } from '../delivery/mapping.js';

/** The generic events API (POST /ingest/events). `.strict()`: a misspelt key fails at startup. */
export const eventsConfigSchema = z
  .object({
    /** largest request body; past it → 413 */
    maxBodyBytes: z.coerce.number().int().positive().default(8 * 1024 * 1024),
    /** repository → service, for changes sent without a service */
    repoServices: keyValueMap.default({}),
    /** environments that count as production when a deployment does not say `production` */
    productionEnvironments: nameList.default(DEFAULT_PRODUCTION_ENVIRONMENTS),
  })
  .strict();

export type EventsConfig = z.infer<typeof eventsConfigSchema>;
