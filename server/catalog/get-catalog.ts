/**
 * GET /api/v1/catalog's verb: the current catalog resolved to owners and teams, the recent
 * snapshots, and the reconciliation with what the hub receives over [from, to):
 * - unowned: services seen in telemetry (traces, logs, metrics: the services table that
 *   discovery keeps) or in deployments, that no catalog Component names;
 * - dark: catalog Components that sent nothing (no telemetry, no deployment) in the range.
 *   Components of type `library` are left out: a library is not a process and never sends.
 */
import type { CatalogLocation, CatalogResult, DarkService, UnownedService } from '../../shared/api.js';
import type { MetaDb } from '../meta/index.js';
import type { TelemetryStore } from '../storage/index.js';
import { listSnapshots, loadCurrentCatalog, type StoredSnapshot } from './current.js';
import { resolveCatalog } from './resolve.js';

const SNAPSHOTS_SHOWN = 50;

const location = (s: StoredSnapshot): CatalogLocation => ({ location: s.location, source: s.source, importedAt: new Date(s.importedAt).toISOString(), entities: s.entities });

export async function getCatalog({ store, meta, input }: { store: TelemetryStore; meta: MetaDb; input: { from: number; to: number } }): Promise<CatalogResult> {
  const { from, to } = input;
  const [current, snapshots, services, deploys] = await Promise.all([
    loadCurrentCatalog(store),
    listSnapshots(store, { latestOnly: false, limit: SNAPSHOTS_SHOWN }),
    meta.selectFrom('services').select(['name', 'first_seen', 'last_seen']).execute(),
    store.query<{ service: string; last: string | number }>(
      `SELECT Service AS service, toUnixTimestamp64Milli(max(ReportedAt)) AS last FROM deployments
       WHERE ReportedAt < fromUnixTimestamp64Milli({to:Int64}) AND Service != ''
       GROUP BY Service`,
      { to },
    ),
  ]);
  const resolved = resolveCatalog(current.entities);

  // What was seen in the range, and when last.
  const seen = new Map<string, { last: number; seenIn: Set<'telemetry' | 'deploys'> }>();
  const see = (service: string, at: number, how: 'telemetry' | 'deploys') => {
    const s = seen.get(service) ?? { last: 0, seenIn: new Set() };
    s.last = Math.max(s.last, at);
    s.seenIn.add(how);
    seen.set(service, s);
  };
  const everSeen = new Map<string, number>();
  for (const s of services) {
    if (!s.last_seen || !s.first_seen) continue;
    everSeen.set(s.name, s.last_seen.getTime());
    if (s.last_seen.getTime() >= from && s.first_seen.getTime() < to) see(s.name, Math.min(s.last_seen.getTime(), to), 'telemetry');
  }
  // The last deploy before `to`: in the range when at or after `from`; else it dates a dark service.
  for (const d of deploys) {
    if (Number(d.last) >= from) see(d.service, Number(d.last), 'deploys');
    everSeen.set(d.service, Math.max(everSeen.get(d.service) ?? 0, Number(d.last)));
  }

  const unowned: UnownedService[] = [...seen]
    .filter(([service]) => !resolved.services.has(service))
    .map(([service, s]) => ({ service, lastSeen: new Date(s.last).toISOString(), seenIn: (['telemetry', 'deploys'] as const).filter((k) => s.seenIn.has(k)) }))
    .sort((a, b) => (a.service < b.service ? -1 : 1));
  const dark: DarkService[] = [...resolved.services]
    .filter(([service, c]) => c.type !== 'library' && !seen.has(service))
    .map(([service, c]) => {
      const last = everSeen.get(service);
      return { service, entity: c.entity, team: c.team, lastSeen: last === undefined ? null : new Date(last).toISOString() };
    })
    .sort((a, b) => (a.service < b.service ? -1 : 1));

  return {
    range: { from, to },
    locations: current.locations.map(location),
    snapshots: snapshots.map(location),
    entities: resolved.entities,
    owners: resolved.owners,
    relations: resolved.relations,
    unowned,
    dark,
  };
}
