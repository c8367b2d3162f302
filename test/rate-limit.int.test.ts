/**
 * Rate limits on a real hub process (OCTOLENS_RATE_LIMIT_*), authentication off: requests are
 * charged to the client's address over real sockets, one ingest budget across the OTLP/HTTP
 * port and OTLP/gRPC, 429 with Retry-After and RESOURCE_EXHAUSTED with a RetryInfo delay, and
 * the refusals counted in /metrics.
 */
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import protobuf from 'protobufjs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startHub, type RunningHub } from './support/hub.js';

let hub: RunningHub;
beforeAll(async () => {
  hub = await startHub({ env: { OCTOLENS_RATE_LIMIT_API: '3/min', OCTOLENS_RATE_LIMIT_INGEST: '2/min' } });
});
afterAll(async () => {
  await hub?.dispose();
});

const details = protobuf.loadSync(['status.proto', 'retry_info.proto'].map((f) => fileURLToPath(new URL(`../collectors/otlp/proto/${f}`, import.meta.url)))).resolveAll();

function grpcExport(address: string): Promise<grpc.ServiceError | null> {
  const client = new grpc.Client(address, grpc.credentials.createInsecure());
  // an empty ExportTraceServiceRequest: zero bytes
  return new Promise<grpc.ServiceError | null>((resolve) => {
    client.makeUnaryRequest('/opentelemetry.proto.collector.trace.v1.TraceService/Export', (b: Buffer) => b, (b: Buffer) => b, Buffer.alloc(0), (error) => resolve(error));
  }).finally(() => client.close());
}

it('refuses past each budget by client address, on both ingest transports, and counts it', async () => {
  const api = [];
  for (let i = 0; i < 4; i++) api.push(await fetch(`${hub.apiUrl}/api/v1/services`));
  expect(api.map((r) => r.status)).toEqual([200, 200, 200, 429]);
  const refused = api[3]!;
  expect(refused.headers.get('retry-after')).toBe('20');
  expect(((await refused.json()) as { message: string }).message).toMatch(/^too many api requests from the address (::ffff:)?127\.0\.0\.1: the limit is 3\/min \(OCTOLENS_RATE_LIMIT_API\); retry in 20 s$/);

  const otlp = [];
  for (let i = 0; i < 3; i++) otlp.push(await fetch(`${hub.otlpUrl}/v1/traces`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"resourceSpans":[]}' }));
  expect([otlp.map((r) => r.status), otlp[2]!.headers.get('retry-after')]).toEqual([[200, 200, 429], '30']);

  // the same address's ingest budget, spent over HTTP, refuses gRPC too
  const error = await grpcExport(hub.otlpGrpcAddress);
  expect(error?.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
  expect(error?.details).toMatch(/^too many ingest requests from the address (::ffff:)?127\.0\.0\.1: the limit is 2\/min/);
  const status = details.lookupType('google.rpc.Status').decode(error!.metadata.get('grpc-status-details-bin')[0] as Buffer) as unknown as { details: Array<{ value: Uint8Array }> };
  const retryInfo = details.lookupType('google.rpc.RetryInfo');
  expect(retryInfo.toObject(retryInfo.decode(status.details[0]!.value), { longs: Number })).toEqual({ retryDelay: { seconds: 30 } });

  const metrics = await (await fetch(`${hub.apiUrl}/metrics`)).text();
  expect(metrics.split('\n').filter((l) => l.startsWith('octolens_rate_limited_total{'))).toEqual(['octolens_rate_limited_total{kind="api"} 1', 'octolens_rate_limited_total{kind="ingest"} 2']);
});
