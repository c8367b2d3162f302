/**
 * Adoption facts per service, from data the hub holds (docs/adoption.md):
 * - the current catalog (owner kind, description, source-template annotation, runbook links);
 * - the SLO engine's slo_status (an SLO of the service; its alerting runbook annotations);
 * - the telemetry tables over the last TELEMETRY_DAYS, the deployments table over DEPLOY_DAYS;
 * - cost_items (migration 0011) over COST_DAYS of charge periods, the rows the cost lens counts
 *   (server/cost/current.ts), `unknown` while there are none at all.
 *
 * The services are the catalog's Components (libraries left out: a library is not a process
 * and sends nothing) and every service that sent telemetry or a deployment in the windows.
 */
import { splitRef } from '../../collectors/catalog/refs.js';
import type { AdoptionFacts, ServiceAdoption } from '../../shared/adoption.js';
import { loadCurrentCatalog } from '../catalog/current.js';
import { resolveCatalog } from '../catalog/resolve.js';
import { currentImportsCte, isCurrentRow } from '../cost/current.js';
import type { MetaDb } from '../meta/index.js';
import { metricTables } from '../query/metrics/types.js';
import type { TelemetryStore } from '../storage/index.js';

const DAY = 86_400_000;
/** "sends traces / logs / metrics": at least one item in the last 7 days (the default trace retention). */
export const TELEMETRY_DAYS = 7;
/** "sends deploy events": a deployment reported in the last 30 days; many services ship less than weekly. */
export const DEPLOY_DAYS = 30;
/** "has cost allocated": a cost row allocated to the service in a charge period of the last 90 days (exports arrive monthly, late). */
export const COST_DAYS = 90;

/** Catalog annotations that name a runbook, besides a link of type `runbook` or titled "runbook". */
const RUNBOOK_ANNOTATIONS = ['octolens.io/runbook-url', 'runbook_url'];
/** SLO alerting annotations (Prometheus convention runbook_url; Octolens's examples use runbook). */
const SLO_RUNBOOK_ANNOTATIONS = ['runbook_url', 'runbook'];

export type DerivedService = Omit<ServiceAdoption, 'scores'>;

interface EntityJson {
  metadata?: { annotations?: Record<string, string>; links?: { url?: string; title?: string; type?: string }[] };
}

/** The runbook a catalog entity names: an annotation, or a link of type runbook / titled runbook. */
export function catalogRunbook(entity: EntityJson): string | null {
  const annotations = entity.metadata?.annotations ?? {};
  for (const key of RUNBOOK_ANNOTATIONS) if (annotations[key]?.trim()) return annotations[key]!.trim();
  for (const link of entity.metadata?.links ?? []) {
    if (!link.url?.trim()) continue;
    if (link.type?.toLowerCase() === 'runbook' || /runbook/i.test(link.title ?? '')) return link.url.trim();
  }
  return null;
}

interface SloDefinitionJson {
  service?: string;
  alerting?: { annotations?: Record<string, string>; tiers?: { annotations?: Record<string, string> }[] };
}

/** The runbook an SLO's alerts carry: the SLO's alerting annotations, then any tier's. */
export function sloRunbook(definition: SloDefinitionJson): string | null {
  const sets = [definition.alerting?.annotations ?? {}, ...(definition.alerting?.tiers ?? []).map((t) => t.annotations ?? {})];
  for (const set of sets) for (const key of SLO_RUNBOOK_ANNOTATIONS) if (set[key]?.trim()) return set[key]!.trim();
  return null;
}

async function costServices(store: TelemetryStore, now: number): Promise<Set<string> | 'unknown'> {
  const [tables] = await store.query<{ n: number }>(
    `SELECT count() AS n FROM system.tables WHERE database = currentDatabase() AND name IN ('cost_items', 'cost_imports')`,
  );
  if (Number(tables?.n) < 2) return 'unknown';
  // The rows the cost lens counts: each billing period's latest committed import (a superseded
  // or interrupted import allocates nothing).
  const rows = await store.query<{ service: string }>(
    `WITH ${currentImportsCte}
     SELECT DISTINCT Service AS service FROM cost_items
     WHERE ${isCurrentRow} AND ChargePeriodStart >= toDateTime(intDiv({since:Int64}, 1000))`,
    { since: now - COST_DAYS * DAY },
  );
  if (rows.length === 0) return 'unknown';
  return new Set(rows.map((r) => r.service).filter(Boolean));
}

export async function deriveAdoptionFacts({ store, meta, now = Date.now() }: { store: TelemetryStore; meta: MetaDb; now?: number }): Promise<DerivedService[]> {
  const since = now - TELEMETRY_DAYS * DAY;
  const signalSql = [
    ['traces', 'otel_traces', 'Timestamp'],
    ['logs', 'otel_logs', 'Timestamp'],
    ...Object.values(metricTables).map((table) => ['metrics', table, 'TimeUnix']),
  ]
    .map(([signal, table, ts]) => `SELECT DISTINCT ServiceName AS service, '${signal}' AS signal FROM ${table} WHERE ${ts} >= fromUnixTimestamp64Milli({since:Int64}) AND ServiceName != ''`)
    .join(' UNION ALL ');
  const [current, entityRows, signals, deploys, cost, slos, metaServices] = await Promise.all([
    loadCurrentCatalog(store),
    store.query<{ ref: string; entity: string }>(
      `SELECT EntityRef AS ref, Entity AS entity FROM catalog_snapshots FINAL
       WHERE Kind = 'Component' AND (Location, ImportedAt) IN (SELECT Location, max(ImportedAt) FROM catalog_snapshots GROUP BY Location)
       ORDER BY ImportedAt DESC`,
    ),
    store.query<{ service: string; signal: 'traces' | 'logs' | 'metrics' }>(`SELECT DISTINCT service, signal FROM (${signalSql})`, { since }),
    store.query<{ service: string }>(
      `SELECT DISTINCT Service AS service FROM deployments WHERE ReportedAt >= fromUnixTimestamp64Milli({since:Int64}) AND Service != ''`,
      { since: now - DEPLOY_DAYS * DAY },
    ),
    costServices(store, now),
    meta.selectFrom('slo_status').select(['slo_id', 'definition']).execute(),
    meta.selectFrom('services').select(['name', 'team']).execute(),
  ]);

  const resolved = resolveCatalog(current.entities);
  const entityJson = new Map<string, EntityJson>();
  for (const r of entityRows) {
    if (entityJson.has(r.ref)) continue;
    try {
      entityJson.set(r.ref, JSON.parse(r.entity) as EntityJson);
    } catch {
      entityJson.set(r.ref, {});
    }
  }
  const infoOf = new Map(resolved.entities.map((e) => [e.ref, e]));

  const sent = new Map<string, Set<string>>();
  for (const s of signals) {
    const set = sent.get(s.service) ?? new Set();
    set.add(s.signal);
    sent.set(s.service, set);
  }
  const deployed = new Set(deploys.map((d) => d.service));
  const sloOf = new Map<string, { runbook: string | null }>();
  for (const s of slos) {
    const def = s.definition as SloDefinitionJson;
    if (!def?.service) continue;
    const runbook = sloRunbook(def);
    const known = sloOf.get(def.service);
    sloOf.set(def.service, { runbook: known?.runbook ?? runbook });
  }
  const metaTeam = new Map(metaServices.map((s) => [s.name, s.team]));

  const names = new Set<string>();
  for (const [service, c] of resolved.services) if (c.type !== 'library') names.add(service);
  for (const service of sent.keys()) names.add(service);
  for (const service of deployed) names.add(service);

  return [...names].sort().map((service): DerivedService => {
    const component = resolved.services.get(service);
    const info = component ? infoOf.get(component.entity) : undefined;
    const json = component ? (entityJson.get(component.entity) ?? {}) : {};
    const template = json.metadata?.annotations?.['backstage.io/source-template']?.trim() || null;
    const catalogLink = component ? catalogRunbook(json) : null;
    const slo = sloOf.get(service);
    const runbook = catalogLink ? { url: catalogLink, from: 'catalog' as const } : slo?.runbook ? { url: slo.runbook, from: 'slo' as const } : null;
    const signalsOf = sent.get(service) ?? new Set();
    const facts: AdoptionFacts = {
      ownedByGroup: !!info?.owner && splitRef(info.owner).kind === 'group',
      hasDescription: !!info?.description.trim(),
      hasSlo: slo !== undefined,
      sendsTraces: signalsOf.has('traces'),
      sendsLogs: signalsOf.has('logs'),
      sendsMetrics: signalsOf.has('metrics'),
      sendsDeploys: deployed.has(service),
      hasCost: cost === 'unknown' ? 'unknown' : cost.has(service),
      goldenPath: template !== null,
      hasRunbook: runbook !== null,
    };
    return { service, team: component ? component.team : (metaTeam.get(service) ?? null), entity: component?.entity ?? null, facts, template, runbook };
  });
}
