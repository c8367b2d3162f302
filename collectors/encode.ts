/**
 * Rows → JSONEachRow text, once per request; the queue and the writer only concatenate.
 * This runs for every row ingested: one JSON.stringify per row, no per-row closures.
 */
import type { EncodedRows } from '../server/queue/types.js';
import type { TableName, TableRows } from '../server/storage/rows.js';

/** A collector's rows for one request, per table. */
export type RowsByTable = { [T in TableName]?: TableRows[T][] };

/**
 * JSON has no NaN or Infinity: JSON.stringify writes them as null, which ClickHouse
 * would silently store as 0 in a Float64 column. ClickHouse's JSONEachRow reader takes
 * the strings "nan", "inf" and "-inf" for Float64 (checked with chDB 26.7, default
 * settings), so those are written instead.
 */
function nonFiniteAsText(_key: string, value: unknown): unknown {
  if (typeof value !== 'number' || Number.isFinite(value)) return value;
  return Number.isNaN(value) ? 'nan' : value > 0 ? 'inf' : '-inf';
}

/** Only metric rows have Float64 columns; span and log rows hold no number that can be NaN. */
const floatTables: ReadonlySet<TableName> = new Set<TableName>([
  'otel_metrics_gauge',
  'otel_metrics_sum',
  'otel_metrics_histogram',
  'otel_metrics_exponential_histogram',
  'otel_metrics_summary',
  'metric_samples',
]);

/**
 * @example encodeRows('otel_logs', [row]) // → { table: 'otel_logs', data: '{"Timestamp":…}\n', rows: 1 }
 */
export function encodeRows<T extends TableName>(table: T, rows: readonly TableRows[T][]): EncodedRows & { data: string } {
  const checkNonFinite = floatTables.has(table);
  let data = '';
  for (let i = 0; i < rows.length; i++) {
    let line = JSON.stringify(rows[i]);
    // Rows hold no nulls of their own, so "null" means a non-finite number (or text that
    // contains the word, which the slower exact pass writes the same way).
    if (checkNonFinite && line.includes('null')) line = JSON.stringify(rows[i], nonFiniteAsText);
    // V8 concatenates lazily (a rope); the writer flattens it once, with the whole batch.
    data += `${line}\n`;
  }
  return { table, data, rows: rows.length };
}

/** Every non-empty table of a normalised request, ready for IngestQueue.push. */
export function encodeAll(rows: RowsByTable): EncodedRows[] {
  const parts: EncodedRows[] = [];
  for (const table of Object.keys(rows) as TableName[]) {
    const tableRows = rows[table];
    if (tableRows && tableRows.length > 0) parts.push(encodeRows(table, tableRows));
  }
  return parts;
}
