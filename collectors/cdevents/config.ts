import { z } from 'zod';
import { DEFAULT_PRODUCTION_ENVIRONMENTS, keyValueMap, nameList } from '../delivery/mapping.js';

/** The CDEvents receiver (POST /ingest/cdevents). `.strict()`: a misspelt key fails at startup. */
export const cdeventsConfigSchema = z
  .object({
    /**
     * CloudEvents carry no signature: when a token is set, every request must send
     * `Authorization: Bearer <token>` (401 otherwise); unset, requests are taken as they come.
     */
    token: z.string().min(1, 'must not be empty (leave it unset to accept requests without a token)').optional(),
    /** largest request body; past it → 413 */
    maxBodyBytes: z.coerce.number().int().positive().default(1024 * 1024),
    /** CDEvents service subject id (service.* subjects, an incident's content.service.id) → Octolens service; not listed: the id itself */
    serviceMap: keyValueMap.default({}),
    /** repository (a change's content.repository.id) → service; not listed: the repository's own name */
    repoServices: keyValueMap.default({}),
    /** environment ids that count as production */
    productionEnvironments: nameList.default(DEFAULT_PRODUCTION_ENVIRONMENTS),
  })
  .strict();

export type CdeventsConfig = z.infer<typeof cdeventsConfigSchema>;
