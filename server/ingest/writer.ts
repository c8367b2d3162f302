import type { BatchHandler, EncodedRows, IngestRequest, PushResult, RefusedPart } from '../queue/types.js';
import type { TelemetryStore } from '../storage/index.js';
import { classifyStoreError, storeErrorSummary } from '../storage/errors.js';
import { mergeNativeBlocks } from '../storage/native-format.js';
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
    // One insert per table and format: parts of one format concatenate, two formats do not.
    const groups = new Map<string, { table: TableName; format: Format; members: number[] }>();
    batch.requests.forEach((request, i) => {
      for (const part of request.parts) {
        if (!store.ingestTables.has(part.table)) {
          refused[i]!.push({ table: part.table, rows: part.rows, message: `table ${part.table} does not take ingest (not registered by the storage schema)` });
          continue;
        }
        const key = part.format ? `${part.table}:${part.format}` : part.table;
        const group = groups.get(key);
        if (!group) groups.set(key, { table: part.table, format: part.format, members: [i] });
        else if (group.members[group.members.length - 1] !== i) group.members.push(i);
      }
    });

    async function insert(table: TableName, format: Format, members: number[], token: string): Promise<void> {
      const data = tableData(batch.requests, members, table, format);
      try {
        await store.insert(table, data, token, format);
        if (metrics) metrics.batchRows.inc({ table }, members.reduce((n, i) => n + tableRows(batch.requests[i]!, table, format), 0));
      } catch (err) {
        if (classifyStoreError(err) !== 'permanent') throw err;
        if (members.length === 1) {
          refused[members[0]!]!.push({ table, rows: tableRows(batch.requests[members[0]!]!, table, format), message: storeErrorSummary(err) });
          return;
        }
        const half = members.length >> 1;
        // One half after the other: a bad batch costs a few more small inserts, not a burst of them.
        await insert(table, format, members.slice(0, half), `${token}.0`);
        await insert(table, format, members.slice(half), `${token}.1`);
      }
    }

    await Promise.all([...groups].map(([key, { table, format, members }]) => insert(table, format, members, `${batch.id}:${key}`)));
    return refused.map((parts): PushResult => ({ refused: parts }));
  };
}

type Format = EncodedRows['format'];

/** The members' rows of `table` in `format`: one Native block, or JSONEachRow as one string (bytes when any part is bytes). */
function tableData(requests: IngestRequest[], members: number[], table: TableName, format: Format): string | Buffer {
  const pieces: Array<string | Buffer> = [];
  for (const i of members) for (const part of requests[i]!.parts) if (part.table === table && part.format === format) pieces.push(part.data);
  if (format === 'Native') return mergeNativeBlocks(pieces as Buffer[]);
  if (pieces.every((p) => typeof p === 'string')) return pieces.join('');
  return Buffer.concat(pieces.map((p) => (typeof p === 'string' ? Buffer.from(p) : p)));
}

function tableRows(request: IngestRequest, table: TableName, format: Format): number {
  let rows = 0;
  for (const part of request.parts) if (part.table === table && part.format === format) rows += part.rows;
  return rows;
}
