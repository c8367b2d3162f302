/**
 * The hub's ingest stages one after another on one core, without HTTP or concurrency, to
 * see what each costs per span: protobuf decode, normalise, JSON encode (collectors/otlp),
 * the queue's concatenation, the spool file write, and the chDB insert (server/storage).
 *   node --import tsx bench/ingest-traces/stages.ts [--spans 200000] [--batch-rows 50000]
 * Prints one JSON object (StageTimes) on stdout.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { decodeRequest } from '../../collectors/otlp/decode.js';
import { encodeAll } from '../../collectors/encode.js';
import { normaliseTraces } from '../../collectors/otlp/normalise-traces.js';
import type { EncodedRows } from '../../server/queue/types.js';
import { openTelemetryStore } from '../../server/storage/index.js';
import { buildTemplate, stamp } from './spans.js';

export interface StageTimes {
  spans: number;
  batchRows: number;
  jsonBytesPerSpan: number;
  /** microseconds of one core per span, per stage */
  usPerSpan: Record<string, number>;
}

const { values: opts } = parseArgs({ options: { spans: { type: 'string', default: '200000' }, 'batch-rows': { type: 'string', default: '50000' } } });
const spans = Number(opts.spans);
const batchRows = Number(opts['batch-rows']);
const perRequest = 512;

const templates = Array.from({ length: 16 }, (_, i) => buildTemplate(i, perRequest));
const bodies = Array.from({ length: Math.ceil(spans / perRequest) }, (_, i) => stamp(templates[i % templates.length]!, i + 1));
const us: Record<string, number> = { 'protobuf decode': 0, normalise: 0, 'JSON encode': 0, 'queue concat': 0, 'spool file write': 0, 'chDB insert (store.insert minus file write)': 0 };
const time = <T>(stage: string, f: () => T): T => {
  const t0 = performance.now();
  const out = f();
  us[stage]! += (performance.now() - t0) * 1000;
  return out;
};

const encoded: EncodedRows[] = [];
for (const body of bodies) {
  const request = time('protobuf decode', () => decodeRequest('traces', 'protobuf', body));
  const { rows } = time('normalise', () => normaliseTraces(request));
  encoded.push(...time('JSON encode', () => encodeAll(rows)));
}

const dir = mkdtempSync(join(tmpdir(), 'octolens-stages-'));
const store = await openTelemetryStore({ database: 'default', dataDir: dir, retentionDays: { traces: 7, logs: 7, metrics: 30 } });
let jsonBytes = 0;
for (let i = 0, batch = 0; i < encoded.length; batch++) {
  const chunks: string[] = [];
  for (let rows = 0; i < encoded.length && rows < batchRows; i++) {
    chunks.push(String(encoded[i]!.data));
    rows += encoded[i]!.rows;
  }
  const data = time('queue concat', () => chunks.join(''));
  jsonBytes += Buffer.byteLength(data);
  time('spool file write', () => writeFileSync(join(dir, 'probe.jsonl'), data));
  const t0 = performance.now();
  await store.insert('otel_traces', data, `stages-${batch}`);
  us['chDB insert (store.insert minus file write)']! += (performance.now() - t0) * 1000;
}
us['chDB insert (store.insert minus file write)']! -= us['spool file write']!;
const n = Number((await store.query<{ n: number }>('SELECT count() AS n FROM otel_traces'))[0]?.n);
await store.close();
rmSync(dir, { recursive: true, force: true });
if (n !== bodies.length * perRequest) throw new Error(`stored ${n} rows, expected ${bodies.length * perRequest}`);

const result: StageTimes = {
  spans: n,
  batchRows,
  jsonBytesPerSpan: Math.round(jsonBytes / n),
  usPerSpan: Object.fromEntries(Object.entries(us).map(([k, v]) => [k, +(v / n).toFixed(2)])),
};
process.stdout.write(JSON.stringify(result) + '\n');
