/**
 * Bytes on disk per stored span, log record and remote_write sample, for deploy/README.md's
 * sizing guide:  npx tsx deploy/sizing/measure-storage.ts [spans] [logs] [series] [steps]
 * A real hub (`octolens start`, embedded chDB) receives generated data on its real receivers
 * (OTLP/HTTP JSON, remote_write); once it stopped, every table is merged (OPTIMIZE … FINAL) and
 * its active parts read from system.parts. Ids are random, as SDKs make them (they are most of a
 * span's compressed bytes); attribute values repeat as real services' do.
 */
import { randomBytes } from 'node:crypto';
import { buildBodies, makeSeries } from '../../bench/remote-write/series.js';
import { remoteWriteHeaders } from '../../collectors/prometheus/testing.js';
import { openTelemetryStore } from '../../server/storage/index.js';
import { startHub } from '../../test/support/hub.js';

const [SPANS = 200_000, LOGS = 200_000, SERIES = 10_000, STEPS = 100] = process.argv.slice(2).map(Number);
const PER_REQUEST = 500;
const services = ['checkout', 'tax-service', 'catalog', 'payments', 'search', 'auth', 'inventory', 'email'];
const routes = ['GET /api/orders/:id', 'POST /api/cart/items', 'GET /api/search', 'POST /api/payments', 'GET /healthz'];
const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const attr = (key: string, v: string | number) => ({ key, value: typeof v === 'number' ? { intValue: String(v) } : { stringValue: v } });
const t0 = BigInt(Date.now() - 3_600_000) * 1_000_000n;
/** request i's records start i × 50 ms after t0: a steady hour of traffic */
const at = (i: number, j: number) => String(t0 + BigInt(i) * 50_000_000n + BigInt(j) * 100_000n);

function resource(i: number) {
  return { attributes: [attr('service.name', services[i % services.length]!), attr('service.version', `1.${i % 4}.0`), attr('host.name', `node-${i % 20}`)] };
}

function tracesBody(i: number) {
  const spans = Array.from({ length: PER_REQUEST }, (_, j) => {
    const route = routes[(i + j) % routes.length]!;
    const [method, path] = route.split(' ');
    const status = (i * 31 + j) % 50 === 0 ? 500 : 200;
    return {
      traceId: hex(16), spanId: hex(8), parentSpanId: j % 5 === 0 ? '' : hex(8),
      name: j % 5 === 0 ? route : ['SELECT orders', 'redis GET', 'HTTP POST', 'kafka.produce'][j % 4],
      kind: j % 5 === 0 ? 2 : 3, startTimeUnixNano: at(i, j), endTimeUnixNano: String(BigInt(at(i, j)) + BigInt(((i * 7919 + j * 104729) % 400_000) * 1000)),
      attributes: [attr('http.request.method', method!), attr('http.route', path!), attr('http.response.status_code', status), attr('url.scheme', 'https'),
        attr('server.address', 'api.shop.example'), attr('network.protocol.version', '1.1'), attr('user_agent.original', `shop-client/${j % 7}`),
        attr('app.cart.items', j % 13), attr('app.user.id', `u-${(i * 13 + j) % 50_000}`), attr('db.system', 'postgresql')],
      status: { code: status === 500 ? 2 : 0 },
    };
  });
  return { resourceSpans: [{ resource: resource(i), scopeSpans: [{ scope: { name: '@shop/http', version: '1.8.0' }, spans }] }] };
}

function logsBody(i: number) {
  const logRecords = Array.from({ length: PER_REQUEST }, (_, j) => {
    const k = i * PER_REQUEST + j;
    const error = k % 50 === 0;
    const body = error ? `payment provider timeout after ${2000 + (k % 997)} ms for order ${hex(6)}` : `${routes[k % routes.length]} ${200} in ${k % 400} ms user=u-${k % 50_000} request_id=${hex(8)}`;
    return {
      timeUnixNano: at(i, j), observedTimeUnixNano: at(i, j), severityNumber: error ? 17 : 9, severityText: error ? 'ERROR' : 'INFO',
      body: { stringValue: body }, traceId: k % 3 === 0 ? '' : hex(16), spanId: k % 3 === 0 ? '' : hex(8),
      attributes: [attr('logger', `shop.${services[k % services.length]}`), attr('thread', `worker-${k % 16}`), attr('http.route', routes[k % routes.length]!.split(' ')[1]!), attr('code.lineno', k % 300)],
    };
  });
  return { resourceLogs: [{ resource: resource(i), scopeLogs: [{ scope: { name: 'shop-logger' }, logRecords }] }] };
}

async function post(url: string, body: BodyInit, headers: Record<string, string>): Promise<void> {
  const res = await fetch(url, { method: 'POST', body, headers });
  if (!res.ok) throw new Error(`POST ${url} → ${res.status}: ${await res.text()}`);
}

const hub = await startHub();
for (let i = 0; i < SPANS / PER_REQUEST; i++) await post(`${hub.otlpUrl}/v1/traces`, JSON.stringify(tracesBody(i)), { 'Content-Type': 'application/json' });
for (let i = 0; i < LOGS / PER_REQUEST; i++) await post(`${hub.otlpUrl}/v1/logs`, JSON.stringify(logsBody(i)), { 'Content-Type': 'application/json' });
for (const b of buildBodies(makeSeries(SERIES), SERIES, 0, STEPS, Date.now() - STEPS * 15_000, 15_000)) await post(`${hub.otlpUrl}/api/v1/write`, new Uint8Array(b.bytes), remoteWriteHeaders);
await hub.stop();

const store = await openTelemetryStore({ database: 'default', dataDir: hub.dataDir, retentionDays: { traces: 7, logs: 7, metrics: 30 } });
const tables = ['otel_traces', 'otel_traces_trace_id_ts', 'otel_logs', 'metric_samples', 'metric_series'];
for (const t of tables) await store.query(`OPTIMIZE TABLE ${t} FINAL`);
const parts = await store.query<{ table: string; rows: string; disk: string; compressed: string; uncompressed: string }>(
  `SELECT table, sum(rows) AS rows, sum(bytes_on_disk) AS disk, sum(data_compressed_bytes) AS compressed, sum(data_uncompressed_bytes) AS uncompressed
   FROM system.parts WHERE active AND database = currentDatabase() AND table IN {tables:Array(String)} GROUP BY table ORDER BY table`, { tables });
await store.close();
await hub.dispose();
console.log('| table | rows | bytes on disk | bytes on disk per row | compression |\n|---|---:|---:|---:|---:|');
for (const p of parts) console.log(`| ${p.table} | ${Number(p.rows).toLocaleString('en')} | ${Number(p.disk).toLocaleString('en')} | ${(Number(p.disk) / Number(p.rows)).toFixed(1)} | ${(Number(p.uncompressed) / Number(p.compressed)).toFixed(1)}× |`);
