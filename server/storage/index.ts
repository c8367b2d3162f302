import { connectClickHouse, type ClickHouseParams } from './client.js';
import { migrate, type MigrationParams } from './migrate.js';
import { createTelemetryStore, type TelemetryStore } from './store.js';

export type { TelemetryStore } from './store.js';

/** Connects, brings the schema up to date, and returns the store the rest of the hub uses. */
export async function openTelemetryStore(params: ClickHouseParams & MigrationParams): Promise<TelemetryStore> {
  const handle = await connectClickHouse(params);
  await migrate(handle.client, params);
  return createTelemetryStore(handle);
}
