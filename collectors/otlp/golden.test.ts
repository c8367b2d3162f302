/**
 * Golden tests: each payload in testdata/ goes through decode → normalise → encode and the
 * rows, as written to ClickHouse, are compared with __snapshots__/<fixture>.rows.json.
 * After an intended change, review the diff and update with `npx vitest run collectors -u`.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { TelemetrySignal as Signal } from '../types.js';
import { decodeRequest } from './decode.js';
import { encodeAll } from '../encode.js';
import type { NormaliseResult } from './normalise-common.js';
import { normaliseLogs } from './normalise-logs.js';
import { normaliseMetrics } from './normalise-metrics.js';
import { normaliseTraces } from './normalise-traces.js';
import type { WireFormat } from './proto.js';

const fixtures: Array<[name: string, signal: Signal]> = [
  ['traces', 'traces'],
  ['logs', 'logs'],
  ['metrics', 'metrics'],
  ['metrics-exemplars', 'metrics'],
];

function ingest(name: string, signal: Signal, format: WireFormat): NormaliseResult {
  const body = readFileSync(new URL(`./testdata/${name}.${format === 'protobuf' ? 'bin' : 'json'}`, import.meta.url));
  if (signal === 'traces') return normaliseTraces(decodeRequest(signal, format, body));
  if (signal === 'logs') return normaliseLogs(decodeRequest(signal, format, body));
  return normaliseMetrics(decodeRequest(signal, format, body));
}

/** The rows as ClickHouse receives them (JSONEachRow lines, parsed back), pretty-printed. */
function written(result: NormaliseResult): string {
  const tables = Object.fromEntries(encodeAll(result.rows).map((part) => [part.table, String(part.data).trimEnd().split('\n').map((line) => JSON.parse(line))]));
  return `${JSON.stringify({ rejected: result.rejected, errors: result.errors, tables }, null, 2)}\n`;
}

describe.each(fixtures)('%s fixture', (name, signal) => {
  it('gives the recorded rows from its protobuf payload', async () => {
    await expect(written(ingest(name, signal, 'protobuf'))).toMatchFileSnapshot(`__snapshots__/${name}.rows.json`);
  });

  it('gives the same rows from its JSON payload', () => {
    expect(written(ingest(name, signal, 'json'))).toBe(written(ingest(name, signal, 'protobuf')));
  });
});
