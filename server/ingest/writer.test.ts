import { describe, expect, it } from 'vitest';
import type { TelemetryStore } from '../storage/index.js';
import type { TableName } from '../storage/rows.js';
import { createBatchWriter } from './writer.js';

/** A store that records each insert, and refuses for good any data containing "bad" (ClickHouse code 27). */
function recordingStore() {
  const inserts: Array<{ table: TableName; data: string; token: string; format?: string }> = [];
  const store = {
    ingestTables: new Set(['otel_metrics_histogram']),
    async insert(table: TableName, data: string | Buffer, token: string, format?: 'Native') {
      const text = String(data);
      if (text.includes('bad')) throw Object.assign(new Error('Code: 27. DB::Exception: cannot parse'), { code: '27' });
      inserts.push({ table, data: text, token, ...(format ? { format } : {}) });
    },
  } as unknown as TelemetryStore;
  return { store, inserts };
}

describe('createBatchWriter', () => {
  it('inserts a table once per format, each with its own token, and splits only the format that failed', async () => {
    const { store, inserts } = recordingStore();
    const json = (data: string) => ({ table: 'otel_metrics_histogram' as const, rows: 1, data });
    const native = (data: string) => ({ ...json(data), data: Buffer.from(data), format: 'Native' as const });
    const results = await createBatchWriter({ store })({
      id: 'b1',
      requests: [
        { key: 'remote-write', parts: [json('{"a":1}\n')] },
        { key: 'otlp-1', parts: [native('N1')] },
        { key: 'otlp-2', parts: [native('bad')] },
        { key: 'remote-write-2', parts: [json('{"a":2}\n')] },
      ],
    });
    expect(inserts).toEqual([
      { table: 'otel_metrics_histogram', data: '{"a":1}\n{"a":2}\n', token: 'b1:otel_metrics_histogram' },
      { table: 'otel_metrics_histogram', data: 'N1', token: 'b1:otel_metrics_histogram:Native.0', format: 'Native' },
    ]);
    expect(results).toEqual([
      { refused: [] },
      { refused: [] },
      { refused: [{ table: 'otel_metrics_histogram', rows: 1, message: 'cannot parse (code 27)' }] },
      { refused: [] },
    ]);
  });
});
