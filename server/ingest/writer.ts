import type { BatchHandler, IngestRequest, PushResult, RefusedPart } from '../queue/types.js';
import type { TelemetryStore } from '../storage/index.js';
import { classifyStoreError, storeErrorSummary } from '../storage/errors.js';
import type { TableName } from '../storage/rows.js';
import type { HubMetrics } from '../telemetry/metrics.js';

/**
 * The ingest worker's job: store each table's rows of a batch.
 *
 * Every insert's deduplication token is derived from the batch id, the table and which of
 * the batch's requests it holds. The queue retries a batch that failed transiently with the
 * same id, so a table (or half of one) that was written before the failure is deduplicated
 * by ClickHouse instead of stored twice.
 *
 * When ClickHouse refuses a table's rows for good (classifyStoreError), the requests in that
 * insert are split in halves and each half inserted on its own, down to the single request
 * that holds the bad rows: only that request's rows of that table are refused, and every
 * other request is stored. A batch never exceeds one insert block (config caps batch size
 * below ClickHouse's min_insert_block_size), so a refused insert wrote nothing.
 */
export function createBatchWriter({ store, metrics }: { store: TelemetryStore; metrics?: HubMetrics }): BatchHandler {
  return async (batch) => {
    const refused: RefusedPart[][] = batch.requests.map(() => []);
    const byTable = new Map<TableName, number[]>();
    batch.requests.forEach((request, i) => {
      for (const part of request.parts) {
        if (!store.ingestTables.has(part.table)) {
          refused[i]!.push({ table: part.table, rows: part.rows, message: `table ${part.table} does not take ingest (not registered by the storage schema)` });
          continue;
        }
        const list = byTable.get(part.table);
        if (!list) byTable.set(part.table, [i]);
        else if (list[list.length - 1] !== i) list.push(i);
      }
    });

    async function insert(table: TableName, members: number[], token: string): Promise<void> {
      const data = tableData(batch.requests, members, table);
      try {
        await store.insert(table, data, token);
        if (metrics) metrics.batchRows.inc({ table }, members.reduce((n, i) => n + tableRows(batch.requests[i]!, table), 0));
      } catch (err) {
        if (classifyStoreError(err) !== 'permanent') throw err;
        if (members.length === 1) {
          refused[members[0]!]!.push({ table, rows: tableRows(batch.requests[members[0]!]!, table), message: storeErrorSummary(err) });
          return;
        }
        const half = members.length >> 1;
        // One half after the other: a bad batch costs a few more small inserts, not a burst of them.
        await insert(table, members.slice(0, half), `${token}.0`);
        await insert(table, members.slice(half), `${token}.1`);
      }
    }

    await Promise.all([...byTable].map(([table, members]) => insert(table, members, `${batch.id}:${table}`)));
    return refused.map((parts): PushResult => ({ refused: parts }));
  };
}

/** The members' rows of `table`, as one string, or as bytes when any part is bytes. */
function tableData(requests: IngestRequest[], members: number[], table: TableName): string | Buffer {
  const pieces: Array<string | Buffer> = [];
  for (const i of members) for (const part of requests[i]!.parts) if (part.table === table) pieces.push(part.data);
  if (pieces.every((p) => typeof p === 'string')) return pieces.join('');
  return Buffer.concat(pieces.map((p) => (typeof p === 'string' ? Buffer.from(p) : p)));
}

function tableRows(request: IngestRequest, table: TableName): number {
  let rows = 0;
  for (const part of request.parts) if (part.table === table) rows += part.rows;
  return rows;
}
