import * as grpc from '@grpc/grpc-js';
import protobuf from 'protobufjs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../server/lib/log.js';
import { QueueFullError, QueueUnavailableError, type IngestQueue } from '../../server/queue/types.js';
import { recordingDeps } from '../delivery/testing.js';
import type { AuthCheck, CollectorDeps } from '../types.js';
import { defaultOtlpConfig } from './config.js';
import { startOtlpGrpc, type OtlpGrpcServer } from './grpc.js';
import { otlpRoot } from './proto.js';

const details = protobuf.loadSync(['status.proto', 'retry_info.proto'].map((f) => fileURLToPath(new URL(`./proto/${f}`, import.meta.url)))).resolveAll();
const exportRequest = otlpRoot.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest');
const exportResponse = otlpRoot.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse');
const span = { traceId: Buffer.alloc(16, 1), spanId: Buffer.alloc(8, 2), name: 'GET /', startTimeUnixNano: 1, endTimeUnixNano: 2 };
const request = Buffer.from(exportRequest.encode(exportRequest.fromObject({ resourceSpans: [{ scopeSpans: [{ spans: [span] }] }] })).finish());

let server: OtlpGrpcServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

async function call(deps: CollectorDeps, body: Buffer, authorize?: AuthCheck): Promise<{ error: grpc.ServiceError | null; response?: Buffer }> {
  server = await startOtlpGrpc(defaultOtlpConfig(), deps, '127.0.0.1', 0, authorize);
  const client = new grpc.Client(`127.0.0.1:${server.port}`, grpc.credentials.createInsecure());
  try {
    return await new Promise((resolve) => {
      client.makeUnaryRequest('/opentelemetry.proto.collector.trace.v1.TraceService/Export', (b: Buffer) => b, (b: Buffer) => b, body, (error, response) =>
        resolve({ error, response }),
      );
    });
  } finally {
    client.close();
  }
}

const retryDelayOf = (error: grpc.ServiceError) => {
  const status = details.lookupType('google.rpc.Status').decode(error.metadata.get('grpc-status-details-bin')[0] as Buffer) as unknown as { details: Array<{ typeUrl: string; value: Uint8Array }> };
  expect(status.details[0]!.typeUrl).toBe('type.googleapis.com/google.rpc.RetryInfo');
  return details.lookupType('google.rpc.RetryInfo').toObject(details.lookupType('google.rpc.RetryInfo').decode(status.details[0]!.value), { longs: Number });
};

const queueThat = (fail: () => never): CollectorDeps => {
  const queue: IngestQueue = { push: async () => fail(), admit: () => {}, depth: () => ({ rows: 0, bytes: 0 }), start: async () => {}, stop: async () => {} };
  return { queue, counters: { accepted: () => {}, refused: () => {}, refusedRequest: () => {} }, log: createLogger('error', () => {}) };
};

describe('OTLP/gRPC Export', () => {
  it('stores the spans and answers an empty ExportTraceServiceResponse', async () => {
    const recorded = recordingDeps();
    const { error, response } = await call(recorded.deps, request);
    expect(error).toBeNull();
    expect(exportResponse.toObject(exportResponse.decode(response!))).toEqual({});
    expect(recorded.rowsOf('otel_traces').map((r) => r.SpanName)).toEqual(['GET /']);
  });

  it('answers INVALID_ARGUMENT to bytes that are not an export request', async () => {
    const { error } = await call(recordingDeps().deps, Buffer.from([0x0a, 0xff, 0xff]));
    expect(error?.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(error?.details).toMatch(/^invalid protobuf/);
  });

  it('answers RESOURCE_EXHAUSTED with a RetryInfo delay when the queue is full, UNAVAILABLE when the store fails', async () => {
    const full = await call(queueThat(() => { throw new QueueFullError('queue full (500000 rows)', 2); }), request);
    expect(full.error?.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    const status = details.lookupType('google.rpc.Status').decode(full.error!.metadata.get('grpc-status-details-bin')[0] as Buffer) as unknown as { details: Array<{ typeUrl: string; value: Uint8Array }> };
    expect(status.details[0]!.typeUrl).toBe('type.googleapis.com/google.rpc.RetryInfo');
    expect(details.lookupType('google.rpc.RetryInfo').toObject(details.lookupType('google.rpc.RetryInfo').decode(status.details[0]!.value), { longs: Number })).toEqual({ retryDelay: { seconds: 2 } });
    await server?.stop();
    const down = await call(queueThat(() => { throw new QueueUnavailableError('store down', 5); }), request);
    expect(down.error?.code).toBe(grpc.status.UNAVAILABLE);
  });

  it('answers RESOURCE_EXHAUSTED with the RetryInfo delay when the hub’s check refuses a peer past its rate limit, and stores nothing', async () => {
    const recorded = recordingDeps();
    const peers: string[] = [];
    const limited: AuthCheck = async (_authorization, peer) => {
      peers.push(peer);
      return { status: 429, message: 'too many ingest requests', retryAfterSeconds: 3 };
    };
    const { error } = await call(recorded.deps, request, limited);
    expect([error?.code, error?.details]).toEqual([grpc.status.RESOURCE_EXHAUSTED, 'too many ingest requests']);
    expect(retryDelayOf(error!)).toEqual({ retryDelay: { seconds: 3 } });
    // host:port, which the hub charges by host
    expect(peers).toEqual([expect.stringMatching(/^127\.0\.0\.1:\d+$/)]);
    expect(recorded.rowsOf('otel_traces')).toEqual([]);
  });

  it('holds the export to the grant the hub’s check answers: the spans of other services refused in partial success, the rest stored', async () => {
    const recorded = recordingDeps();
    const resource = (service: string, names: string[]) => ({ resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] }, scopeSpans: [{ spans: names.map((name, i) => ({ ...span, spanId: Buffer.alloc(8, i + 1), name })) }] });
    const body = Buffer.from(exportRequest.encode(exportRequest.fromObject({ resourceSpans: [resource('checkout', ['GET /cart']), resource('payments', ['charge', 'refund'])] })).finish());
    const { error, response } = await call(recorded.deps, body, async () => ({ services: new Set(['checkout']) }));
    expect(error).toBeNull();
    expect(exportResponse.toObject(exportResponse.decode(response!), { longs: Number })).toEqual({
      partialSuccess: { rejectedSpans: 2, errorMessage: '2 of 3 spans rejected: the token may send only service "checkout", not "payments" (2)' },
    });
    expect(recorded.rowsOf('otel_traces').map((r) => [r.ServiceName, r.SpanName])).toEqual([['checkout', 'GET /cart']]);
  });
});
