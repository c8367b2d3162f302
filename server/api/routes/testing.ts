import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { openMetaDb, type MetaDb } from '../../meta/index.js';
import { openTelemetryStore, type QueryLimits, type TelemetryStore } from '../../storage/index.js';
import type { TableName, TableRows } from '../../storage/rows.js';
import { createHubMetrics } from '../../telemetry/metrics.js';
import { createApp } from '../app.js';
import { defaultApiLimits, type ApiLimits } from '../limits.js';

export interface TestApi {
  store: TelemetryStore;
  meta: MetaDb;
  app: Hono;
  insert<T extends TableName>(table: T, rows: Array<TableRows[T]>): Promise<void>;
  /** GET a path, parse the JSON body */
  get<T = unknown>(path: string): Promise<{ status: number; body: T }>;
  close(): Promise<void>;
}

let seq = 0;

export interface TestApiOptions {
  /** the store's query bounds (default: the config defaults) */
  queryLimits?: QueryLimits;
  /** the routes' bounds, over the defaults */
  limits?: Partial<ApiLimits>;
}

/**
 * A real embedded store and metadata db in one temp dir (chDB allows one data path per
 * process, and vitest runs each test file in its own), and the hub's app over them.
 */
export async function openTestApi(options: TestApiOptions = {}): Promise<TestApi> {
  const dir = mkdtempSync(join(tmpdir(), 'octolens-api-'));
  const store = await openTelemetryStore({ dataDir: dir, database: 'default', retentionDays: { traces: 30, logs: 30, metrics: 30 }, queryLimits: options.queryLimits });
  const meta = await openMetaDb({ dataDir: dir });
  const app = createApp({ store, meta, metrics: createHubMetrics(), isReady: async () => true, limits: { ...defaultApiLimits(), ...options.limits } });
  return {
    store,
    meta,
    app,
    async insert(table, rows) {
      await store.insert(table, rows.map((r) => JSON.stringify(r)).join('\n') + '\n', `test-${process.pid}-${++seq}`);
    },
    async get(path) {
      const res = await app.request(path);
      return { status: res.status, body: await res.json() };
    },
    async close() {
      await store.close();
      await meta.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
