import { z } from 'zod';
import { allAggregations } from '../query/metrics/types.js';
import { looseEnum, oneOrMany, scalarText, stringMap } from '../slo/spec/schema-kit.js';

/** What a dashboard YAML file holds (docs/dashboards.md). Unknown fields are errors, so a typo is found at load. */

const name = z.string().regex(/^[A-Za-z_][\w]*$/, { message: 'must be a name of letters, digits and _, starting with a letter' });
const id = z.string().regex(/^[A-Za-z0-9][\w.-]*$/, { message: 'must be letters, digits, ".", "-" and "_", starting with a letter or digit' });

export const variableSchema = z
  .object({
    name,
    label: z.string().min(1).optional(),
    /** services and teams: from the catalog (GET /api/v1/catalog's services); values: the list below */
    source: looseEnum(['services', 'teams', 'values', 'label']),
    values: z.array(scalarText).min(1).optional(),
    /** source label: the metric and the label (as filter= names it: `resource.host.name`) whose values are the choices */
    metric: z.string().min(1).optional(),
    key: z.string().min(1).optional(),
    includeAll: z.boolean().default(false),
    default: scalarText.optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.source === 'values' && !v.values) ctx.addIssue({ code: 'custom', path: ['values'], message: 'is required when source is "values"' });
    if (v.source !== 'values' && v.values) ctx.addIssue({ code: 'custom', path: ['values'], message: `is only read when source is "values" (source ${v.source} brings its own)` });
    for (const field of ['metric', 'key'] as const) {
      if (v.source === 'label' && !v[field]) ctx.addIssue({ code: 'custom', path: [field], message: 'is required when source is "label"' });
      if (v.source !== 'label' && v[field]) ctx.addIssue({ code: 'custom', path: [field], message: 'is only read when source is "label"' });
    }
  });

const metricQuery = z
  .object({
    kind: z.literal('metric'),
    metric: z.string().min(1),
    agg: z.enum(allAggregations).optional(),
    /** label → value; a value may name a variable (`$service`) */
    filter: stringMap.default({}),
    groupBy: oneOrMany(z.string().min(1)).default([]),
  })
  .strict();

const spansQuery = z
  .object({
    kind: z.literal('spans'),
    service: z.string().min(1),
    measure: z.enum(['rate', 'errorRatio', 'p50', 'p95', 'p99']).default('rate'),
  })
  .strict();

const logsQuery = z
  .object({
    kind: z.literal('logs'),
    service: z.string().min(1).optional(),
    /** the least severity counted: TRACE, DEBUG, INFO, WARN, ERROR, FATAL */
    severity: looseEnum(['trace', 'debug', 'info', 'warn', 'error', 'fatal'])
      .transform((s) => s.toUpperCase())
      .optional(),
    /** a case-insensitive substring of the body */
    text: z.string().min(1).optional(),
  })
  .strict();

const sqlQuery = z.object({ kind: z.literal('sql'), sql: z.string().min(1) }).strict();

export const panelQuerySchema = z.discriminatedUnion('kind', [metricQuery, spansQuery, logsQuery, sqlQuery], {
  error: (iss) => (iss.code === 'invalid_union' ? 'needs kind: metric, spans, logs or sql' : undefined),
});

const GRID_COLUMNS = 24;

export const panelSchema = z
  .object({
    id: id.optional(),
    title: z.string().min(1),
    chart: looseEnum(['timeseries', 'stat', 'table', 'bar']).default('timeseries'),
    unit: z.string().min(1).default('short'),
    grid: z
      .object({
        x: z.number().int().min(0).max(GRID_COLUMNS - 1),
        y: z.number().int().min(0),
        w: z.number().int().min(1).max(GRID_COLUMNS),
        h: z.number().int().min(1).max(40),
      })
      .strict()
      .refine((g) => g.x + g.w <= GRID_COLUMNS, { message: `x + w must be at most ${GRID_COLUMNS} (the grid's width)` }),
    query: panelQuerySchema,
  })
  .strict();

export const dashboardSchema = z
  .object({
    id: id.optional(),
    title: z.string().min(1),
    description: z.string().default(''),
    tags: z.array(scalarText).default([]),
    variables: z.array(variableSchema).default([]),
    panels: z.array(panelSchema).min(1),
  })
  .strict();

export type DashboardSpec = z.output<typeof dashboardSchema>;
export type PanelSpec = z.output<typeof panelSchema>;
export type VariableSpec = z.output<typeof variableSchema>;
