/**
 * The catalog's say in the metadata store: services.team is set from the current catalog
 * (every location's latest snapshot), so the `team=` filters of the services, SLO, DORA and
 * incident APIs resolve through it unchanged. A service the catalog names but that never sent
 * anything gets a row without first/last seen; one that leaves the catalog loses its team
 * (and its row, when it was never seen).
 */
import { sql } from 'kysely';
import type { MetaDb } from '../meta/index.js';
import type { TelemetryStore } from '../storage/index.js';
import { loadCurrentCatalog } from './current.js';
import { resolveCatalog } from './resolve.js';

export interface CatalogSyncResult {
  services: number;
  /** services whose team the catalog no longer sets */
  released: number;
}

export async function syncCatalog({ store, meta }: { store: TelemetryStore; meta: MetaDb }): Promise<CatalogSyncResult> {
  const { services } = resolveCatalog((await loadCurrentCatalog(store)).entities);
  const named = [...services].map(([name, s]) => ({ name, team: s.team, catalog_entity: s.entity }));
  return meta.transaction().execute(async (trx) => {
    if (named.length > 0) {
      await trx
        .insertInto('services')
        .values(named.map((s) => ({ ...s, first_seen: null, last_seen: null })))
        .onConflict((oc) => oc.column('name').doUpdateSet({ team: sql`excluded.team`, catalog_entity: sql`excluded.catalog_entity` }))
        .execute();
    }
    const names = named.map((s) => s.name);
    let gone = trx.selectFrom('services').select(['name', 'first_seen']).where('catalog_entity', 'is not', null);
    if (names.length > 0) gone = gone.where('name', 'not in', names);
    const released = await gone.execute();
    const neverSeen = released.filter((r) => r.first_seen === null).map((r) => r.name);
    const seen = released.filter((r) => r.first_seen !== null).map((r) => r.name);
    if (neverSeen.length > 0) await trx.deleteFrom('services').where('name', 'in', neverSeen).execute();
    if (seen.length > 0) await trx.updateTable('services').set({ team: null, catalog_entity: null }).where('name', 'in', seen).execute();
    return { services: named.length, released: released.length };
  });
}

/**
 * Runs syncCatalog at start, on an interval, and when asked (after a batch that stored a
 * snapshot); passes never overlap, and one asked for during a pass runs after it.
 */
export function createCatalogSync(deps: { store: TelemetryStore; meta: MetaDb; intervalMs: number; onError: (e: unknown) => void }) {
  let timer: NodeJS.Timeout | undefined;
  let chain: Promise<unknown> = Promise.resolve();
  const pass = (): Promise<void> => {
    const next = chain.then(() => syncCatalog(deps)).then(
      () => undefined,
      (error: unknown) => deps.onError(error),
    );
    chain = next;
    return next;
  };
  return {
    pass,
    async start() {
      await pass();
      timer = setInterval(() => void pass(), deps.intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await chain;
    },
  };
}
