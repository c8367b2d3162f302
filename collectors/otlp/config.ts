import { z } from 'zod';
import { scrubConfigSchema } from './scrub.js';

const MiB = 1024 * 1024;

/**
 * What an operator sets for the OTLP/HTTP receiver. `.strict()`: a misspelt key fails at
 * startup instead of being ignored.
 */
export const otlpConfigSchema = z
  .object({
    /** largest request body, after decompression when it is compressed; past it → 413 */
    maxBodyBytes: z.coerce.number().int().positive().default(16 * MiB),
    /** largest compressed (gzip/deflate) body as received; past it → 413 before inflating anything */
    maxCompressedBodyBytes: z.coerce.number().int().positive().default(16 * MiB),
    /**
     * Longest attribute key, in UTF-8 bytes; an item with a longer one is refused (partial
     * success). Semantic-convention keys are under 100 bytes; Loki caps label names at 1024.
     */
    maxAttributeKeyBytes: z.coerce.number().int().positive().default(1024),
    /**
     * Longest attribute value as stored (arrays and maps as JSON text), and of every other
     * free-text field but log bodies (span, event and metric names, status messages…).
     * Refused, not truncated, so the bound is generous: Tempo truncates at 2048 bytes, and
     * stack traces or SQL statements of tens of KB are ordinary attribute values.
     */
    maxAttributeValueBytes: z.coerce.number().int().positive().default(64 * 1024),
    /** Longest log record body as stored; Loki's max_line_size default is the same 256 KiB. */
    maxLogBodyBytes: z.coerce.number().int().positive().default(256 * 1024),
    /**
     * Most attributes one item, resource, scope, event or link may carry; an item with more is
     * refused (partial success). The SDKs drop past 128 themselves (OTEL_ATTRIBUTE_COUNT_LIMIT):
     * this bounds what a hand-made or hostile request makes the hub hold per row.
     */
    maxAttributes: z.coerce.number().int().positive().default(1024),
    /** what is redacted before storage, and counted for the privacy report (scrub.ts) */
    scrub: scrubConfigSchema.prefault({}),
  })
  .strict();

export type OtlpConfig = z.infer<typeof otlpConfigSchema>;

export function defaultOtlpConfig(): OtlpConfig {
  return otlpConfigSchema.parse({});
}
