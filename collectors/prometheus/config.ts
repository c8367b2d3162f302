import { z } from 'zod';

/** The Prometheus remote_write receiver (POST /api/v1/write). `.strict()`: a misspelt key fails at startup. */
export const prometheusConfigSchema = z
  .object({
    /** largest snappy-compressed body; past it → 413 (Prometheus sends ~2,000 samples, tens of KiB) */
    maxBodyBytes: z.coerce.number().int().positive().default(16 * 1024 * 1024),
    /** largest body once uncompressed, read from the snappy header before inflating; past it → 413 */
    maxDecodedBytes: z.coerce.number().int().positive().default(64 * 1024 * 1024),
  })
  .strict();

export type PrometheusConfig = z.infer<typeof prometheusConfigSchema>;
