/**
 * OpenCost's allocation answer (`GET /allocation?window=…&aggregate=…`: `{code, data: [{name:
 * allocation}]}`, one map per step) → FOCUS CSV text, so an OpenCost pull is imported like any
 * FOCUS file (allocation rules, generations, exact decimals: collectors/focus/import.ts).
 *
 * One row per allocation: BilledCost = EffectiveCost = totalCost, the pulled day as the
 * billing period (so re-pulling a day replaces that day, not the month), the allocation's own
 * window as the charge period, the cluster as the billing account (`opencost:<cluster>`), the
 * namespace as the resource, and the labels (plus `namespace`) as Tags: a `team` label reaches
 * the team like any tag. `__idle__` and `__unallocated__` keep no labels: they are
 * `unallocated`. The cost components are kept as x_ columns.
 */
import { z } from 'zod';

const allocation = z.object({
  name: z.string(),
  properties: z.object({ cluster: z.string().optional(), namespace: z.string().optional(), labels: z.record(z.string(), z.string()).optional() }).passthrough().optional(),
  start: z.string(),
  end: z.string(),
  cpuCost: z.number().optional(),
  gpuCost: z.number().optional(),
  ramCost: z.number().optional(),
  pvCost: z.number().optional(),
  networkCost: z.number().optional(),
  loadBalancerCost: z.number().optional(),
  sharedCost: z.number().optional(),
  externalCost: z.number().optional(),
  totalCost: z.number(),
});

export const allocationResponse = z.object({ code: z.number().optional(), data: z.array(z.record(z.string(), allocation.nullable())) });
export type AllocationResponse = z.infer<typeof allocationResponse>;

const header = [
  'BillingAccountId', 'BillingAccountName', 'BillingCurrency', 'BillingPeriodStart', 'BillingPeriodEnd', 'ChargePeriodStart', 'ChargePeriodEnd',
  'ChargeCategory', 'ChargeFrequency', 'ChargeDescription', 'BilledCost', 'EffectiveCost', 'ProviderName', 'ServiceName', 'ServiceCategory',
  'ResourceId', 'ResourceName', 'Tags', 'x_CpuCost', 'x_GpuCost', 'x_RamCost', 'x_PvCost', 'x_NetworkCost', 'x_LoadBalancerCost', 'x_SharedCost', 'x_ExternalCost',
];

/** RFC 4180 quoting, only where needed. */
const field = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
/** A JSON number as decimal text (String keeps the shortest exact form of the double OpenCost sent). */
const amount = (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? '' : String(n));

/**
 * @param day the pulled day [start, end), RFC 3339
 * @example allocationsToFocusCsv(answer, { start: '2026-11-30T00:00:00Z', end: '2026-12-01T00:00:00Z' }, 'USD')
 */
export function allocationsToFocusCsv(answer: AllocationResponse, day: { start: string; end: string }, currency: string): { csv: string; rows: number } {
  const lines = [header.join(',')];
  for (const step of answer.data) {
    for (const [key, a] of Object.entries(step)) {
      if (!a) continue;
      const cluster = a.properties?.cluster || 'cluster';
      const special = key.startsWith('__') || a.name.startsWith('__');
      const tags = special ? {} : { ...(a.properties?.labels ?? {}), ...(a.properties?.namespace ? { namespace: a.properties.namespace } : {}) };
      lines.push(
        [
          `opencost:${cluster}`, cluster, currency, day.start, day.end, a.start, a.end, 'Usage', 'Usage-Based', `OpenCost allocation ${a.name}`,
          amount(a.totalCost), amount(a.totalCost), 'OpenCost', 'Kubernetes', 'Compute', a.properties?.namespace ?? a.name, a.name,
          Object.keys(tags).length > 0 ? JSON.stringify(tags) : '',
          amount(a.cpuCost), amount(a.gpuCost), amount(a.ramCost), amount(a.pvCost), amount(a.networkCost), amount(a.loadBalancerCost), amount(a.sharedCost), amount(a.externalCost),
        ]
          .map(field)
          .join(','),
      );
    }
  }
  return { csv: `${lines.join('\n')}\n`, rows: lines.length - 1 };
}
