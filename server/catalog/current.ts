/**
 * The current catalog from catalog_snapshots: every location's latest snapshot. An entity in
 * two locations is taken from the newer snapshot.
 */
import type { TelemetryStore } from '../storage/index.js';

export interface StoredEntity {
  location: string;
  importedAt: number;
  ref: string;
  kind: string;
  namespace: string;
  name: string;
  title: string;
  description: string;
  owner: string;
  service: string;
  type: string;
  lifecycle: string;
  system: string;
  relationTypes: string[];
  relationTargets: string[];
  file: string;
  line: number;
}

export interface StoredSnapshot {
  location: string;
  source: string;
  importedAt: number;
  entities: number;
}

export interface CurrentCatalog {
  entities: StoredEntity[];
  /** the snapshots the entities come from, newest first */
  locations: StoredSnapshot[];
}

const latest = `(Location, ImportedAt) IN (SELECT Location, max(ImportedAt) FROM catalog_snapshots GROUP BY Location)`;

/**
 * One query over the latest snapshots, marker rows included, so the locations and their
 * entities are read from the same state even while an import lands.
 */
export async function loadCurrentCatalog(store: TelemetryStore): Promise<CurrentCatalog> {
  const rows = await store.query<Omit<StoredEntity, 'importedAt' | 'line'> & { importedAt: string | number; line: string | number; source: string }>(
    `SELECT Location AS location, toUnixTimestamp64Milli(ImportedAt) AS importedAt, Source AS source, EntityRef AS ref, Kind AS kind, Namespace AS namespace,
            Name AS name, Title AS title, Description AS description, Owner AS owner, Service AS service, Type AS type,
            Lifecycle AS lifecycle, System AS system, RelationTypes AS relationTypes, RelationTargets AS relationTargets, File AS file, Line AS line
     FROM catalog_snapshots FINAL
     WHERE ${latest}
     ORDER BY ImportedAt DESC, Location, EntityRef`,
  );
  const seen = new Set<string>();
  const entities: StoredEntity[] = [];
  const locations = new Map<string, StoredSnapshot>();
  for (const { source, ...r } of rows) {
    const at = Number(r.importedAt);
    const snapshot = locations.get(r.location) ?? { location: r.location, source, importedAt: at, entities: 0 };
    locations.set(r.location, snapshot);
    if (r.ref === '') continue;
    snapshot.entities++;
    if (seen.has(r.ref)) continue;
    seen.add(r.ref);
    entities.push({ ...r, importedAt: at, line: Number(r.line) });
  }
  return { entities, locations: [...locations.values()] };
}

/** Snapshots newest first: every one, or only each location's latest. */
export async function listSnapshots(store: TelemetryStore, { latestOnly = false, limit }: { latestOnly?: boolean; limit: number }): Promise<StoredSnapshot[]> {
  const rows = await store.query<{ location: string; source: string; importedAt: string | number; entities: string | number }>(
    `SELECT Location AS location, any(Source) AS source, toUnixTimestamp64Milli(ImportedAt) AS importedAt, countIf(EntityRef != '') AS entities
     FROM catalog_snapshots FINAL
     ${latestOnly ? `WHERE ${latest}` : ''}
     GROUP BY Location, ImportedAt
     ORDER BY ImportedAt DESC, Location
     LIMIT {limit:UInt32}`,
    { limit },
  );
  return rows.map((r) => ({ location: r.location, source: r.source, importedAt: Number(r.importedAt), entities: Number(r.entities) }));
}
