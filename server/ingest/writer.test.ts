import { describe, expect, it } from 'vitest';
import { encodeNative } from '../../collectors/encode-native.js';
import type { TelemetryStore } from '../storage/index.js';
import type { LogRow, TableName } from '../storage/rows.js';
import { createBatchWriter } from './writer.js';

/** A store that records each insert, and refuses for good any data containing "bad" (ClickHouse code 27). */
function recordingStore() {
  const inserts: Array<{ table: TableName; data: string; token: string; format?: string }> = [];
  const store = {
    ingestTables: new Set(['otel_logs']),
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
    const log = (Body: string): LogRow => ({
      Timestamp: '1795563358.000000001', TraceId: '', SpanId: '', TraceFlags: 0, SeverityText: 'INFO', SeverityNumber: 9, ServiceName: 'cart', Body,
      ResourceSchemaUrl: '', ResourceAttributes: {}, ScopeSchemaUrl: '', ScopeName: '', ScopeVersion: '', ScopeAttributes: {}, LogAttributes: {}, EventName: '',
    });
    const json = (data: string) => ({ table: 'otel_logs' as const, rows: 1, data });
    const native = (body: string) => ({ ...encodeNative('otel_logs', [log(body)]), rows: 1 });
    const results = await createBatchWriter({ store })({
      id: 'b1',
      requests: [
        { key: 'events', parts: [json('{"a":1}\n')] },
        { key: 'otlp-1', parts: [native('ok')] },
        { key: 'otlp-2', parts: [native('bad')] },
        { key: 'events-2', parts: [json('{"a":2}\n')] },
      ],
    });
    expect(inserts).toEqual([
      { table: 'otel_logs', data: '{"a":1}\n{"a":2}\n', token: 'b1:otel_logs' },
      { table: 'otel_logs', data: String(native('ok').data), token: 'b1:otel_logs:Native.0', format: 'Native' },
    ]);
    expect(results).toEqual([
      { refused: [] },
      { refused: [] },
      { refused: [{ table: 'otel_logs', rows: 1, message: 'cannot parse (code 27)' }] },
      { refused: [] },
    ]);
  });
});
