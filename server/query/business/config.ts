import { z } from 'zod';

/** The Business lens' settings (docs/business.md). */
export const businessConfigSchema = z
  .object({
    /**
     * OTLP metrics whose name starts with this are KPIs. Not empty: that would make every
     * metric, the hub's own included, a business KPI.
     */
    metricPrefix: z.string().min(1, 'must not be empty (e.g. business.)').default('business.'),
  })
  .strict();

export type BusinessConfig = z.infer<typeof businessConfigSchema>;

export const defaultBusinessConfig = (): BusinessConfig => businessConfigSchema.parse({});
