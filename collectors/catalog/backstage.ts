/**
 * The periodic pull from a Backstage catalog backend: GET <base>/api/catalog/entities, which
 * answers a JSON array of entities, paged with `limit` and `offset`
 * (https://backstage.io/docs/features/software-catalog/software-catalog-api). Each pull whose
 * entities differ from the last stored one becomes a snapshot of location `backstage:<base>`.
 */
import type { CollectorDeps } from '../types.js';
import type { CatalogConfig } from './config.js';
import type { CatalogEntity } from './model.js';
import { toEntity } from './normalise.js';
import { snapshotHash, storeSnapshot } from './store.js';

/** The backend's base URL, also when given with /api/catalog or /api/catalog/entities. */
export function backstageBase(url: string): string {
  return url.replace(/\/+$/, '').replace(/\/api\/catalog(\/entities)?$/, '');
}

export interface PulledCatalog {
  entities: CatalogEntity[];
  /** entities Backstage gave that are not valid entities of an imported kind, with why */
  invalid: Array<{ ref: string; message: string }>;
}

/** Every page of /api/catalog/entities, as entities. Throws on a non-200 or a body that is not an array. */
export async function pullBackstage(
  { url, token, pageSize }: { url: string; token?: string; pageSize: number },
  fetchImpl: typeof fetch = fetch,
  signal?: AbortSignal,
): Promise<PulledCatalog> {
  const base = backstageBase(url);
  const out: PulledCatalog = { entities: [], invalid: [] };
  const seen = new Set<string>();
  for (let offset = 0, page = 0; page < 10_000; page++, offset += pageSize) {
    const pageUrl = `${base}/api/catalog/entities?limit=${pageSize}&offset=${offset}`;
    const res = await fetchImpl(pageUrl, { headers: { Accept: 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) }, signal });
    if (res.status !== 200) throw new Error(`GET ${pageUrl} answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
    const items = (await res.json()) as unknown;
    if (!Array.isArray(items)) throw new Error(`GET ${pageUrl} did not answer a JSON array of entities`);
    items.forEach((item, i) => {
      const result = toEntity(item, { file: 'backstage', line: 0 });
      if (result.ok === true) {
        // Pages of a catalog that changes during the pull may overlap: keep the first copy.
        if (!seen.has(result.entity.ref)) out.entities.push(result.entity);
        seen.add(result.entity.ref);
      } else if (result.ok === false) {
        const meta = (item as { kind?: unknown; metadata?: { name?: unknown } } | null) ?? {};
        out.invalid.push({
          ref: `${String(meta.kind ?? '?')}:${String(meta.metadata?.name ?? `#${offset + i}`)}`,
          message: result.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; '),
        });
      }
    });
    if (items.length < pageSize) break;
  }
  return out;
}

/** Pulls on an interval; start() returns at once (the first pull runs in the background). */
export function createBackstagePull(config: CatalogConfig & { backstageUrl: string }, deps: CollectorDeps, fetchImpl: typeof fetch = fetch) {
  const location = `backstage:${backstageBase(config.backstageUrl)}`;
  let timer: NodeJS.Timeout | undefined;
  let abort: AbortController | undefined;
  let lastHash: string | undefined;
  let stopped = false;

  async function once(): Promise<void> {
    abort = new AbortController();
    const pulled = await pullBackstage({ url: config.backstageUrl, token: config.backstageToken, pageSize: config.backstagePageSize }, fetchImpl, abort.signal);
    if (pulled.invalid.length > 0) {
      deps.counters.refused('catalog', 'invalid_item', pulled.invalid.length);
      deps.log.warn('Backstage entities skipped as invalid', { count: pulled.invalid.length, first: `${pulled.invalid[0]!.ref}: ${pulled.invalid[0]!.message}` });
    }
    const hash = snapshotHash(location, pulled.entities);
    if (hash === lastHash) return;
    await storeSnapshot(pulled.entities, { location, source: 'backstage', importedAtMs: Date.now() }, deps);
    lastHash = hash;
    deps.log.info('Backstage catalog imported', { location, entities: pulled.entities.length });
  }

  /** One pull at a time: a tick while a slow pull runs joins it instead of starting a second. */
  let inFlight: Promise<void> | undefined;
  const pass = (): Promise<void> =>
    (inFlight ??= once()
      .catch((error: unknown) => {
        if (!stopped) deps.log.warn('Backstage catalog pull failed; retrying at the next interval', { url: config.backstageUrl, error: (error as Error).message });
      })
      .finally(() => {
        inFlight = undefined;
      }));

  return {
    location,
    pass,
    async start() {
      stopped = false;
      void pass();
      timer = setInterval(() => void pass(), config.backstageIntervalMs);
      timer.unref();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = undefined;
      abort?.abort();
      await inFlight;
    },
  };
}
