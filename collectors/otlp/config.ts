import { z } from 'zod';

const MiB = 1024 * 1024;

/**
 * What an operator sets for the OTLP/HTTP receiver. `.strict()`: a misspelt key fails at
 * startup instead of being ignored.
 */
export const otlpConfigSchema = z
  .object({
    /** largest request body, after decompression when it is compressed; past it → 413 */
    maxBodyBytes: z.number().int().positive().default(16 * MiB),
    /** largest compressed (gzip/deflate) body as received; past it → 413 before inflating anything */
    maxCompressedBodyBytes: z.number().int().positive().default(16 * MiB),
  })
  .strict();

export type OtlpConfig = z.infer<typeof otlpConfigSchema>;

export function defaultOtlpConfig(): OtlpConfig {
  return otlpConfigSchema.parse({});
}
