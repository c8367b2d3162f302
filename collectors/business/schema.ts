import { z } from 'zod';

/** An instant: RFC 3339 text or epoch milliseconds. */
const instant = z.union([z.number().int().nonnegative(), z.string().datetime({ offset: true })]).transform((v) => (typeof v === 'number' ? v : Date.parse(v)));

/** One business event: a KPI's occurrence (an order placed) or reading (revenue of an order). */
const businessEvent = z
  .object({
    name: z.string().min(1).max(200),
    /** what it adds to the KPI's sum; 1 (one occurrence) when absent */
    value: z.number().finite().default(1),
    time: instant.optional(),
    service: z.string().min(1).max(200).optional(),
    attributes: z.record(z.string().min(1).max(200), z.union([z.string().max(4096), z.number(), z.boolean()])).default({}),
    /** the sender's id, kept with the event */
    id: z.string().max(200).optional(),
  })
  .strict();

/** The body of POST /ingest/business (README "Business KPIs"). */
export const businessBody = z.object({ events: z.array(businessEvent).min(1).max(10_000) }).strict();

export type BusinessBody = z.infer<typeof businessBody>;
