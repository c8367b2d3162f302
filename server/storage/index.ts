import type { Logger } from '../lib/log.js';
import { connectClickHouse, type ClickHouseParams } from './client.js';
import { migrate, type MigrationParams } from './migrate.js';
import { applyRetention } from './retention.js';
import type { QueryLimits } from './query-limits.js';
import { createTelemetryStore, type TelemetryStore } from './store.js';

export type { QueryOptions, TelemetryStore } from './store.js';
export { telemetryStoreParams } from './from-config.js';
export { QueryLimitError, withQueryLimits, type QueryBound, type QueryLimits } from './query-limits.js';

export interface OpenStoreParams extends ClickHouseParams, MigrationParams {
  /** told which tables' retention changed */
  log?: Pick<Logger, 'info'>;
  /** the bounds every read carries unless it passes its own */
  queryLimits?: QueryLimits;
}

/**
 * Connects, brings the schema up to date, applies the configured retention to tables made
 * with another, and returns the store the rest of the hub uses.
 */
export async function openTelemetryStore(params: OpenStoreParams): Promise<TelemetryStore> {
  const handle = await connectClickHouse(params);
  await migrate(handle.client, params);
  for (const change of await applyRetention(handle.client, params)) {
    params.log?.info('retention changed', { table: change.table, fromDays: change.fromDays, toDays: change.toDays });
  }
  return createTelemetryStore(handle, { queryLimits: params.queryLimits, cluster: params.cluster });
}
