import type { BatchHandler } from '../queue/types.js';
import type { TelemetryStore } from '../storage/index.js';
import type { HubMetrics } from '../telemetry/metrics.js';

/**
 * The ingest worker's job: store each table's rows of a batch. The token is derived from
 * the batch id, so when the queue retries a batch after an unclear failure, tables that
 * were already written are deduplicated by ClickHouse instead of stored twice.
 */
export function createBatchWriter({ store, metrics }: { store: TelemetryStore; metrics?: HubMetrics }): BatchHandler {
  return async (batch) => {
    await Promise.all(batch.parts.map((part) => store.insert(part.table, part.data, `${batch.id}:${part.table}`)));
    if (metrics) for (const part of batch.parts) metrics.batchRows.inc({ table: part.table }, part.rows);
  };
}
