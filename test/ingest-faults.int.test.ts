/**
 * Store faults against the real ingest path: OTLP routes → embedded queue → batch writer →
 * chDB, with faults injected between the writer and the store. After each fault, rows are
 * counted per table and per id: every request answered 2xx is stored exactly once, every
 * refused one not at all, and a client's byte-for-byte retry exactly once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defaultOtlpConfig } from '../collectors/otlp/config.js';
import { encodeRows } from '../collectors/encode.js';
import { rowsOfNative } from '../collectors/native-testing.js';
import { otlpRoutes } from '../collectors/otlp/routes.js';
import { openTelemetryStore, type TelemetryStore } from '../server/storage/index.js';
import type { TableName } from '../server/storage/rows.js';
import { startPipeline, type Pipeline } from './support/pipeline.js';
import { makeSpans, protobufTraces } from './support/spans.js';

/** What the next inserts do: each entry is used by one insert of its table (any table when absent). */
type Fault = { table?: TableName; kind: 'refused-connection' | 'lost-answer' } | { table?: TableName; kind: 'slow'; ms: number };

/** The real store, with faults in front of its insert and a log of what reached it. */
function faultyStore(real: TelemetryStore) {
  const faults: Fault[] = [];
  const inserts: Array<{ table: TableName; token: string; rows: number; outcome: 'stored' | 'failed' }> = [];
  const store: TelemetryStore = {
    ...real,
    async insert(table, bytes, token, format) {
      // OTLP rows come as Native blocks: read as JSONEachRow here, so a fault can be written into them
      const data = format === 'Native' ? String(encodeRows(table, rowsOfNative(bytes as Buffer) as never).data) : String(bytes);
      const rows = data.split('\n').length - 1;
      const at = faults.findIndex((f) => f.table === undefined || f.table === table);
      const fault = at >= 0 ? faults.splice(at, 1)[0] : undefined;
      if (fault?.kind === 'slow') await new Promise((r) => setTimeout(r, fault.ms));
      if (fault?.kind === 'refused-connection') {
        inserts.push({ table, token, rows, outcome: 'failed' });
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8123'), { code: 'ECONNREFUSED' });
      }
      // Rows of the service "poison" carry a time ClickHouse cannot hold, as if they had
      // slipped past validation: the store's refusal is real.
      const sent = data.includes('"ServiceName":"poison"')
        ? data.replace(/"Timestamp":"[^"]*"(?=[^\n]*"ServiceName":"poison")/g, '"Timestamp":"9999999999.000000000"')
        : data;
      try {
        await real.insert(table, sent, token);
      } catch (err) {
        inserts.push({ table, token, rows, outcome: 'failed' });
        throw err;
      }
      inserts.push({ table, token, rows, outcome: 'stored' });
      // The insert landed, but its answer never reached the writer (a timeout, a reset).
      if (fault?.kind === 'lost-answer') throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    },
  };
  return { store, faults, inserts };
}

let dir: string;
let real: TelemetryStore;
let faulty: ReturnType<typeof faultyStore>;
let pipeline: Pipeline;
let url: string;
let refused: Pipeline['refused'];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'octolens-faults-'));
  real = await openTelemetryStore({ dataDir: dir, database: 'default', retentionDays: { traces: 7, logs: 7, metrics: 30 } });
  faulty = faultyStore(real);
  // A retry budget of three attempts ~30 ms apart keeps the outages below short.
  pipeline = await startPipeline({ store: faulty.store, routes: (deps) => otlpRoutes(defaultOtlpConfig(), deps), maxAttempts: 3, retryDelayMs: 30, queue: { flushIntervalMs: 5000 } });
  ({ url, refused } = pipeline);
});

afterAll(async () => {
  await pipeline?.stop();
  await real?.close();
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  faulty.faults.length = 0;
  faulty.inserts.length = 0;
  refused.clear();
});

const postTraces = (body: Uint8Array<ArrayBuffer>) =>
  fetch(`${url}/v1/traces`, { method: 'POST', body, headers: { 'Content-Type': 'application/x-protobuf' } });

/** How many rows each of these span ids has in otel_traces (absent ids: 0). */
async function copiesOf(spanIds: string[]): Promise<number[]> {
  const rows = await real.query<{ id: string; n: number }>(
    'SELECT SpanId AS id, count() AS n FROM otel_traces WHERE SpanId IN {ids:Array(String)} GROUP BY SpanId',
    { ids: spanIds },
  );
  const byId = new Map(rows.map((r) => [r.id, Number(r.n)]));
  return spanIds.map((id) => byId.get(id) ?? 0);
}

/** Requests from `services.length` clients, 20 SDK spans each, sent at once. */
function clients(services: string[]) {
  return services.map((service) => {
    const spans = makeSpans(service, Array.from({ length: 20 }, (_, i) => `op-${i}`));
    return { service, body: protobufTraces(spans), spanIds: spans.map((s) => s.spanContext().spanId) };
  });
}

describe('ingest under store faults', () => {
  it('rides out an outage shorter than the retry budget: every request 200, every span once', async () => {
    faulty.faults.push({ kind: 'refused-connection' }, { kind: 'refused-connection' });
    const sent = clients(['outage-a', 'outage-b', 'outage-c']);
    const answers = await Promise.all(sent.map((c) => postTraces(c.body)));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(faulty.inserts.filter((i) => i.outcome === 'failed')).toHaveLength(2);
    for (const c of sent) expect(await copiesOf(c.spanIds)).toEqual(c.spanIds.map(() => 1));
    expect(refused.size).toBe(0);
  });

  it("answers 503 through an outage longer than the budget; the real SDK exporter's retry is stored once", async () => {
    // Three failures exhaust the budget (the exporter is answered 503); three more happen
    // while the batch goes on being retried on its own.
    for (let i = 0; i < 6; i++) faulty.faults.push({ kind: 'refused-connection' });
    const spans = makeSpans('outage-long', Array.from({ length: 50 }, (_, i) => `op-${i}`));
    const exporter = new OTLPTraceExporter({ url: `${url}/v1/traces`, timeoutMillis: 20_000 });
    const result = await new Promise<{ code: number; error?: Error }>((resolve) => exporter.export(spans, resolve));
    await exporter.shutdown();
    expect(result).toEqual({ code: 0 });
    expect(refused.get('unavailable')).toBe(50);
    expect(faulty.inserts.filter((i) => i.outcome === 'stored')).toHaveLength(1);
    expect(await copiesOf(spans.map((s) => s.spanContext().spanId))).toEqual(spans.map(() => 1));
  });

  it('stores each table of a multi-table request once when one table fails after its insert landed', async () => {
    const now = BigInt(Date.now()) * 1_000_000n;
    const body = JSON.stringify({
      resourceMetrics: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'lost-answer' } }] },
          scopeMetrics: [
            {
              metrics: [
                { name: 'queue.depth', gauge: { dataPoints: [{ timeUnixNano: String(now), asInt: '7' }] } },
                {
                  name: 'orders.placed',
                  sum: {
                    aggregationTemporality: 2,
                    isMonotonic: true,
                    dataPoints: [
                      { startTimeUnixNano: String(now - 60_000_000_000n), timeUnixNano: String(now), asInt: '41' },
                      { startTimeUnixNano: String(now - 60_000_000_000n), timeUnixNano: String(now + 1n), asInt: '42' },
                    ],
                  },
                },
              ],
            },
          ],
        },
      ],
    });
    const post = () => fetch(`${url}/v1/metrics`, { method: 'POST', body, headers: { 'Content-Type': 'application/json' } });
    const copies = async () => {
      const [row] = await real.query<{ gauge: number; sum: number }>(
        `SELECT (SELECT count() FROM otel_metrics_gauge WHERE ServiceName = 'lost-answer') AS gauge,
                (SELECT count() FROM otel_metrics_sum WHERE ServiceName = 'lost-answer') AS sum`,
      );
      return { gauge: Number(row!.gauge), sum: Number(row!.sum) };
    };

    // Within the budget: the sum insert landed but the writer saw an error; the retry of the
    // batch (same tokens) is deduplicated by ClickHouse.
    faulty.faults.push({ table: 'otel_metrics_sum', kind: 'lost-answer' });
    expect((await post()).status).toBe(200);
    expect(await copies()).toEqual({ gauge: 1, sum: 2 });

    // Past the budget: the client is answered 503 with the gauge stored and the sum stored
    // once behind its back; its byte-for-byte re-send stores nothing more.
    const other = body.replace(/lost-answer/g, 'lost-answer-2');
    for (let i = 0; i < 3; i++) faulty.faults.push({ table: 'otel_metrics_sum', kind: 'lost-answer' });
    const postOther = () => fetch(`${url}/v1/metrics`, { method: 'POST', body: other, headers: { 'Content-Type': 'application/json' } });
    expect((await postOther()).status).toBe(503);
    expect((await postOther()).status).toBe(200);
    const [row] = await real.query<{ gauge: number; sum: number }>(
      `SELECT (SELECT count() FROM otel_metrics_gauge WHERE ServiceName = 'lost-answer-2') AS gauge,
              (SELECT count() FROM otel_metrics_sum WHERE ServiceName = 'lost-answer-2') AS sum`,
    );
    expect({ gauge: Number(row!.gauge), sum: Number(row!.sum) }).toEqual({ gauge: 1, sum: 2 });
    expect(faulty.inserts.filter((i) => i.table === 'otel_metrics_sum' && i.outcome === 'stored').length).toBeGreaterThanOrEqual(4);
  });

  it('refuses only the request ClickHouse cannot store; the other clients in its batch are stored', async () => {
    // With no insert running the queue inserts a request at once: a slow first insert (well
    // within the pipeline's flush interval) makes the eight clients arrive while it runs, so
    // they share the next batch.
    faulty.faults.push({ kind: 'slow', ms: 1000 });
    const first = postTraces(clients(['batch-0'])[0]!.body);
    while (faulty.faults.length > 0) await new Promise((r) => setTimeout(r, 2));
    const sent = clients(['batch-1', 'batch-2', 'poison', 'batch-3', 'batch-4', 'batch-5', 'batch-6', 'batch-7']);
    const answers = await Promise.all(sent.map((c) => postTraces(c.body)));
    expect((await first).status).toBe(200);
    expect(answers.map((r) => r.status)).toEqual([200, 200, 400, 200, 200, 200, 200, 200]);
    const poisonAnswer = await answers[2]!.arrayBuffer();
    expect(Buffer.from(poisonAnswer).toString()).toContain('20 rows of otel_traces refused by ClickHouse: Decimal math overflow');
    // The insert after the slow one held all eight requests (one batch), and failed as a whole.
    expect(faulty.inserts[1]).toMatchObject({ table: 'otel_traces', rows: 160, outcome: 'failed' });
    for (const c of sent) expect(await copiesOf(c.spanIds)).toEqual(c.spanIds.map(() => (c.service === 'poison' ? 0 : 1)));
    expect(refused.get('store_refused')).toBe(20);
    // The lookup table fed by the materialized view holds the stored traces once too.
    const [mv] = await real.query<{ n: number }>(
      'SELECT count() AS n FROM otel_traces_trace_id_ts WHERE TraceId IN (SELECT TraceId FROM otel_traces WHERE ServiceName LIKE {p:String})',
      { p: 'batch-%' },
    );
    expect(Number(mv!.n)).toBe(8 * 20);
  });
});
