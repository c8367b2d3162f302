/**
 * What the series limit (collectors/series-limit.ts) costs a remote_write sample and an OTLP
 * metric point: `npx tsx bench/series-limit/run.ts`, one process, ~20 s.
 *
 * remote_write: the node_exporter-like stream of bench/remote-write (40,000 series, 10,000
 * samples a request, 10 steps), decoded once, normalised by a long-lived receiver without and
 * with a limiter, as a running hub does. OTLP: requests made by the OpenTelemetry JS SDK and
 * its http/protobuf serializer, 500 attribute sets of a counter and a histogram each (1,000
 * points), decoded once. Alternating runs, median of 7 (bench/series-limit/README.md).
 */
import { ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AggregationTemporality, MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { decodeRequest } from '../../collectors/otlp/decode.js';
import type { ExportMetricsServiceRequest } from '../../collectors/otlp/model.js';
import { normaliseMetrics } from '../../collectors/otlp/normalise-metrics.js';
import { decodeWriteRequest, type WriteRequest } from '../../collectors/prometheus/decode.js';
import { normaliseWrite, receiverState, rememberSeries } from '../../collectors/prometheus/normalise.js';
import { SeriesLimiter } from '../../collectors/series-limit.js';
import { buildBodies, makeSeries } from '../remote-write/series.js';

const RUNS = 7;
const settings = { maxPerMetric: 100_000, max: 1_000_000 };
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** µs per item of `pass` over its input, without and with a limiter, alternating; `pass(limited)` returns the items it refused. */
function measure(items: number, pass: (limited: boolean) => number): { off: number; on: number } {
  pass(false);
  pass(true); // warm-up: JIT, caches, the limiter's first admission of every series
  const off: number[] = [];
  const on: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    for (const limited of [false, true]) {
      const t0 = performance.now();
      const refused = pass(limited);
      (limited ? on : off).push(performance.now() - t0);
      if (refused !== 0) throw new Error(`${refused} items refused: the bench stays under the limits`);
    }
  }
  return { off: (median(off) * 1000) / items, on: (median(on) * 1000) / items };
}

function remoteWrite(): { off: number; on: number } {
  const startMs = Date.now() - 3_600_000;
  const bodies = buildBodies(makeSeries(40_000), 10_000, 0, 10, startMs, 15_000);
  const requests: WriteRequest[] = bodies.map((b) => decodeWriteRequest(b.bytes, 64 * 1024 * 1024));
  const states = { false: receiverState(), true: receiverState(new SeriesLimiter(settings)) };
  let samples = 0;
  for (const b of bodies) samples += b.samples;
  return measure(samples, (limited) => {
    let refused = 0;
    for (const r of requests) {
      const write = normaliseWrite(r, states[`${limited}`], startMs);
      // as the receiver does once a write is stored: its series rows are not sent again for an hour
      rememberSeries(write, startMs);
      refused += write.limited;
    }
    return refused;
  });
}

async function otlp(): Promise<{ off: number; on: number }> {
  class Collect extends MetricReader {
    protected override async onShutdown() {}
    protected override async onForceFlush() {}
  }
  const reader = new Collect({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  const provider = new MeterProvider({ resource: resourceFromAttributes({ 'service.name': 'checkout', 'host.name': 'checkout-7d9f8b6c5-x2kq9' }), readers: [reader] });
  const meter = provider.getMeter('@opentelemetry/instrumentation-http', '0.57.0');
  const requests = meter.createCounter('http.server.requests');
  const duration = meter.createHistogram('http.server.request.duration', { unit: 's' });
  let n = 0;
  for (const route of ['/api/cart', '/api/cart/items', '/api/checkout', '/api/products/:id', '/healthz'])
    for (const method of ['GET', 'POST', 'PUT', 'DELETE'])
      for (const status of [200, 201, 404, 500, 503])
        for (const server of ['a', 'b', 'c', 'd', 'e']) {
          const attributes = { 'http.route': route, 'http.request.method': method, 'http.response.status_code': status, 'server.address': `shop-${server}.example.com` };
          requests.add(1 + (n % 7), attributes);
          duration.record(0.001 * (1 + (n++ % 300)), attributes);
        }
  const { resourceMetrics } = await reader.collect();
  const decoded: ExportMetricsServiceRequest = decodeRequest('metrics', 'protobuf', Buffer.from(ProtobufMetricsSerializer.serializeRequest(resourceMetrics)!));
  await provider.shutdown();
  const copies = 100;
  const limiter = new SeriesLimiter(settings);
  return measure(copies * 1000, (limited) => {
    let refused = 0;
    for (let i = 0; i < copies; i++) refused += normaliseMetrics(decoded, undefined, null, limited ? limiter : undefined).seriesLimited ?? 0;
    return refused;
  });
}

const rows: Array<[string, { off: number; on: number }]> = [
  ['remote_write sample (40,000 series)', remoteWrite()],
  ['OTLP metric point (SDK, 1,000 a request)', await otlp()],
];
console.log(`normaliser only, median of ${RUNS}; node ${process.version}`);
console.log('| input | µs/item, no limit | µs/item, series limit | cost |');
console.log('|---|---|---|---|');
for (const [name, r] of rows) console.log(`| ${name} | ${r.off.toFixed(3)} | ${r.on.toFixed(3)} | ${r.on >= r.off ? '+' : ''}${(r.on - r.off).toFixed(3)} µs (${r.on >= r.off ? '+' : ''}${Math.round(((r.on - r.off) / r.off) * 100)} %) |`);
