import { z } from 'zod';
import { percent, stringMap, duration } from './schema-kit.js';

/**
 * Sloth's two spellings of the same SLO list: the plain file (`version: prometheus/v1`,
 * snake_case fields) and the Kubernetes CRD (`sloth.slok.dev/v1` PrometheusServiceLevel,
 * camelCase fields under `.spec`). Both normalise to SlothSlo. Fields Sloth uses only for
 * rule generation (`interval`, `infoLabels`, plugin chains) are accepted and left out.
 * https://github.com/slok/sloth/blob/main/pkg/prometheus/api/v1/v1.go
 * https://github.com/slok/sloth/blob/main/pkg/kubernetes/api/sloth/v1/types.go
 */

/** Sloth requires the `{{.window}}` placeholder: it renders one rule per window from it. */
const query = z
  .string()
  .min(1)
  .refine((q) => q.includes('{{.window}}'), { error: 'must use {{.window}} for the range, e.g. rate(http_requests_total[{{.window}}])' })
  .transform((q) => q.trim());

const alert = z.strictObject({
  disable: z.boolean().optional(),
  labels: stringMap.optional(),
  annotations: stringMap.optional(),
  /** read by Sloth's contrib alert_for plugin */
  for: duration.optional(),
});

const plugins = z.strictObject({ chain: z.array(z.strictObject({ id: z.string(), priority: z.number().optional(), config: z.unknown().optional() })) });
const sliPlugin = z.strictObject({ id: z.string(), options: z.record(z.string(), z.unknown()).optional() });

export interface SlothSli {
  events?: { errorQuery: string; totalQuery: string };
  raw?: { errorRatioQuery: string };
  plugin?: { id: string };
}

function slo<S extends z.ZodType<SlothSli>, A extends z.ZodType>(sli: S, alerting: A) {
  return z.strictObject({
    name: z.string().min(1),
    description: z.string().optional(),
    objective: percent,
    labels: stringMap.optional(),
    infoLabels: stringMap.optional(),
    sli,
    alerting,
    plugins: plugins.optional(),
    interval: z.record(z.string(), z.unknown()).optional(),
  });
}

const fileSli = z
  .strictObject({
    events: z.strictObject({ error_query: query, total_query: query }).optional(),
    // `errorRatioQuery` appears in some of Sloth's own prometheus/v1 examples
    raw: z
      .strictObject({ error_ratio_query: query.optional(), errorRatioQuery: query.optional() })
      .superRefine((raw, ctx) => {
        if ((raw.error_ratio_query === undefined) === (raw.errorRatioQuery === undefined)) ctx.addIssue({ code: 'custom', message: 'needs error_ratio_query' });
      })
      .optional(),
    plugin: sliPlugin.optional(),
  })
  .transform(
    (s): SlothSli => ({
      events: s.events && { errorQuery: s.events.error_query, totalQuery: s.events.total_query },
      raw: s.raw && { errorRatioQuery: (s.raw.error_ratio_query ?? s.raw.errorRatioQuery)! },
      plugin: s.plugin,
    }),
  );

const crdSli = z.strictObject({
  events: z.strictObject({ errorQuery: query, totalQuery: query }).optional(),
  raw: z.strictObject({ errorRatioQuery: query }).optional(),
  plugin: sliPlugin.optional(),
});

const alertingFields = { name: z.string().optional(), labels: stringMap.optional(), annotations: stringMap.optional() };

const fileAlerting = z
  .strictObject({ ...alertingFields, page_alert: alert.optional(), ticket_alert: alert.optional() })
  .transform(({ page_alert, ticket_alert, ...rest }) => ({ ...rest, pageAlert: page_alert, ticketAlert: ticket_alert }));

const crdAlerting = z.strictObject({ ...alertingFields, pageAlert: alert.optional(), ticketAlert: alert.optional() });

export const slothFileSlo = slo(fileSli, fileAlerting);
export const slothCrdSlo = slo(crdSli, crdAlerting);

export type SlothSlo = z.output<typeof slothCrdSlo>;
export type SlothAlert = z.output<typeof alert>;

/** The part above the SLO list; each SLO is parsed on its own so one bad SLO spares the others. */
export const slothFile = z.strictObject({
  version: z.literal('prometheus/v1'),
  service: z.string().min(1),
  labels: stringMap.optional(),
  slos: z.array(z.unknown()).min(1),
  slo_plugins: plugins.optional(),
});

export const slothCrd = z.strictObject({
  apiVersion: z.literal('sloth.slok.dev/v1'),
  kind: z.literal('PrometheusServiceLevel'),
  metadata: z.record(z.string(), z.unknown()).optional(),
  spec: z.strictObject({
    service: z.string().min(1),
    labels: stringMap.optional(),
    slos: z.array(z.unknown()).min(1),
    sloPlugins: plugins.optional(),
  }),
  status: z.unknown().optional(),
});
