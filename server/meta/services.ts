import { sql } from 'kysely';
import type { MetaDb } from './index.js';

export interface SeenService {
  name: string;
  firstSeen: Date;
  lastSeen: Date;
}

/** Records services seen in telemetry; widens first/last seen, never narrows them, keeps the team. */
export async function recordSeenServices({ db, input }: { db: MetaDb; input: SeenService[] }): Promise<void> {
  if (input.length === 0) return;
  await db
    .insertInto('services')
    .values(input.map((s) => ({ name: s.name, first_seen: s.firstSeen, last_seen: s.lastSeen })))
    .onConflict((oc) =>
      oc.column('name').doUpdateSet({
        first_seen: sql`least(services.first_seen, excluded.first_seen)`,
        last_seen: sql`greatest(services.last_seen, excluded.last_seen)`,
      }),
    )
    .execute();
}

export interface CatalogService {
  name: string;
  team: string | null;
  /** null while only the service catalog names it (nothing seen yet) */
  firstSeen: Date | null;
  lastSeen: Date | null;
}

export async function listServices({ db }: { db: MetaDb }): Promise<CatalogService[]> {
  const rows = await db.selectFrom('services').select(['name', 'team', 'first_seen', 'last_seen']).orderBy('name').execute();
  return rows.map((r) => ({ name: r.name, team: r.team, firstSeen: r.first_seen, lastSeen: r.last_seen }));
}
