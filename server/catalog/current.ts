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

export async function loadCurrentCatalog(store: TelemetryStore): Promise<CurrentCatalog> {
  const [rows, locations] = await Promise.all([
    store.query<Omit<StoredEntity, 'importedAt' | 'line'> & { importedAt: string | number; line: string | number }>(
      `SELECT Location AS location, toUnixTimestamp64Milli(ImportedAt) AS importedAt, EntityRef AS ref, Kind AS kind, Namespace AS namespace,
              Name AS name, Title AS title, Description AS description, Owner AS owner, Service AS service, Type AS type,
              Lifecycle AS lifecycle, System AS system, RelationTypes AS relationTypes, RelationTargets AS relationTargets, File AS file, Line AS line
       FROM catalog_snapshots FINAL
       WHERE ${latest} AND EntityRef != ''
       ORDER BY ImportedAt DESC, Location, EntityRef`,
    ),
    listSnapshots(store, { latestOnly: true, limit: 10_000 }),
  ]);
  const seen = new Set<string>();
  const entities: StoredEntity[] = [];
  for (const r of rows) {
    if (seen.has(r.ref)) continue;
    seen.add(r.ref);
    entities.push({ ...r, importedAt: Number(r.importedAt), line: Number(r.line) });
  }
  return { entities, locations };
}

/** Snapshots newest first: every one, or only each location's latest. */
export async function listSnapshots(store: TelemetryStore, { latestOnly, limit }: { latestOnly: boolean; limit: number }): Promise<StoredSnapshot[]> {
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
