import { compressSync, uncompressSync } from 'snappy';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { recordingDeps } from '../delivery/testing.js';
import { setIngestGrant } from '../grant.js';
import type { IngestGrant } from '../types.js';
import { prometheusConfigSchema } from './config.js';
import { decodeWriteRequest } from './decode.js';
import { isStaleMarker } from './normalise.js';
import { prometheusRoutes } from './routes.js';
import { encodeWrite, remoteWriteHeaders, rowsOf } from './testing.js';

const T = 1_764_000_000_000;
const up = (value: number, job = 'node') => ({ labels: [{ name: '__name__', value: 'up' }, { name: 'job', value: job }], samples: [{ value, timestamp: T }] });

/** A write to the receiver; with a grant, behind a middleware that leaves it where the hub's guard does. */
function post(body: Uint8Array<ArrayBuffer> | string, headers: Record<string, string> = remoteWriteHeaders, config = {}, grant?: IngestGrant) {
  const recorded = recordingDeps();
  const app = new Hono();
  if (grant) {
    app.use(async (c, next) => {
      setIngestGrant(c, grant);
      await next();
    });
  }
  app.route('/', prometheusRoutes(prometheusConfigSchema.parse(config), recorded.deps));
  return { recorded, response: app.request('/api/v1/write', { method: 'POST', headers, body }) };
}

describe('POST /api/v1/write', () => {
  it('answers 204 once the samples are stored', async () => {
    const { recorded, response } = post(encodeWrite({ timeseries: [up(1)] }));
    const res = await response;
    expect(res.status).toBe(204);
    expect(rowsOf(recorded.pushes[0]!.parts).otel_metrics_gauge!.map((r) => [r.MetricName, r.ServiceName, r.Value])).toEqual([['up', 'node', 1]]);
    expect(recorded.pushes[0]!.key).toMatch(/^prometheus\//);
  });

  it('keeps the valid samples and answers 400 saying how many were refused and why', async () => {
    const nameless = { labels: [{ name: 'job', value: 'node' }], samples: [{ value: 1, timestamp: T }, { value: 2, timestamp: T + 1 }] };
    const { recorded, response } = post(encodeWrite({ timeseries: [up(1), nameless] }));
    const res = await response;
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ code: 'malformed', message: '2 of 3 samples refused, the other 1 stored: timeseries[1]: no __name__ label (the metric name)' });
    expect(rowsOf(recorded.pushes[0]!.parts).otel_metrics_gauge!).toHaveLength(1);
  });

  it('refuses the samples of jobs the grant does not name, stores the others, and answers 400 counting them', async () => {
    const nameless = { labels: [{ name: 'job', value: 'checkout' }], samples: [{ value: 1, timestamp: T }] };
    const twice = { ...up(1, 'payments'), samples: [{ value: 1, timestamp: T }, { value: 2, timestamp: T + 1 }] };
    const jobless = { labels: [{ name: '__name__', value: 'up' }], samples: [{ value: 1, timestamp: T }] };
    const { recorded, response } = post(encodeWrite({ timeseries: [up(1, 'checkout'), twice, nameless, jobless, up(0, 'checkout')] }), remoteWriteHeaders, {}, { services: new Set(['checkout']) });
    const res = await response;
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ code: 'malformed', message: '4 of 6 samples refused, the other 2 stored: the token may send only service "checkout", not jobs "payments" (2), "" (1); timeseries[2]: no __name__ label (the metric name)' });
    expect(rowsOf(recorded.pushes[0]!.parts).otel_metrics_gauge!.map((r) => [r.ServiceName, r.Value])).toEqual([['checkout', 1], ['checkout', 0]]);
    expect(recorded.counted.filter(([what]) => what === 'refused')).toEqual([['refused', 'unauthorized', 3], ['refused', 'invalid_item', 1]]);
  });

  it('refuses another encoding or message with 415, naming what it takes', async () => {
    const body = encodeWrite({ timeseries: [up(1)] });
    const json = await post(body, { ...remoteWriteHeaders, 'Content-Type': 'application/json' }).response;
    expect([json.status, ((await json.json()) as { message: string }).message]).toEqual([415, 'expected Content-Type application/x-protobuf (remote_write 1.0), got "application/json"']);
    const v2 = await post(body, { ...remoteWriteHeaders, 'Content-Type': 'application/x-protobuf;proto=io.prometheus.write.v2.Request' }).response;
    expect(v2.status).toBe(415);
    expect(((await v2.json()) as { message: string }).message).toContain('protobuf_message: prometheus.WriteRequest');
    const gzip = await post(body, { ...remoteWriteHeaders, 'Content-Encoding': 'gzip' }).response;
    expect(gzip.status).toBe(415);
  });

  it('refuses with 413 a body whose snappy header says it inflates past the cap, before inflating it', async () => {
    const big = compressSync(Buffer.alloc(2 * 1024 * 1024));
    const { recorded, response } = post(new Uint8Array(big), remoteWriteHeaders, { maxDecodedBytes: 1024 * 1024 });
    const res = await response;
    expect(res.status).toBe(413);
    expect(((await res.json()) as { message: string }).message).toBe('uncompressed body of 2097152 bytes exceeds the limit of 1048576 bytes (OCTOLENS_PROMETHEUS_MAX_DECODED_BYTES)');
    expect(recorded.pushes).toEqual([]);
  });

  it('answers 400 to a body that is not snappy', async () => {
    const res = await post('\u0005not snappy at all').response;
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toMatch(/^invalid snappy block/);
  });

  it('answers 400 to a truncated WriteRequest inside valid snappy', async () => {
    const whole = uncompressSync(Buffer.from(encodeWrite({ timeseries: [up(1), up(2, 'other')] }))) as Buffer;
    const { recorded, response } = post(new Uint8Array(compressSync(whole.subarray(0, whole.length - 7))));
    const res = await response;
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toMatch(/^invalid WriteRequest protobuf: /);
    expect(recorded.pushes).toEqual([]);
  });

  it('reads a stale marker off the wire with its NaN payload intact', () => {
    const bits = new DataView(new ArrayBuffer(8));
    bits.setUint32(0, 0x7ff00000);
    bits.setUint32(4, 2);
    const sample = { value: bits.getFloat64(0), timestamp: T };
    const decoded = decodeWriteRequest(Buffer.from(encodeWrite({ timeseries: [{ labels: [{ name: '__name__', value: 'up' }], samples: [sample] }] })), 1 << 20);
    expect(isStaleMarker(decoded.timeseries[0]!.samples[0]!.value)).toBe(true);
  });
});
