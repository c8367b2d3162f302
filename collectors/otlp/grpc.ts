/**
 * OTLP/gRPC receiver (https://opentelemetry.io/docs/specs/otlp/#otlpgrpc): the three unary
 * Export services on OCTOLENS_OTLP_GRPC_PORT (4317), with the same limits, validation and
 * partial success as OTLP/HTTP (routes.ts, exportRequest). gzip is grpc-js's own per-message
 * compression. Refusals carry the OTLP status codes: INVALID_ARGUMENT for malformed data,
 * RESOURCE_EXHAUSTED / UNAVAILABLE with a google.rpc.RetryInfo when the queue is full or the
 * store fails, which exporters retry after the delay.
 */
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import protobuf from 'protobufjs';
import type { AuthCheck, CollectorDeps, TelemetrySignal as Signal } from '../types.js';
import type { OtlpConfig } from './config.js';
import { errorKinds, OtlpError } from './errors.js';
import { encodeExportResponse } from './proto.js';
import { admit, countRefusedRequest, exportRequest } from './routes.js';

const services: Record<Signal, string> = {
  traces: 'opentelemetry.proto.collector.trace.v1.TraceService',
  metrics: 'opentelemetry.proto.collector.metrics.v1.MetricsService',
  logs: 'opentelemetry.proto.collector.logs.v1.LogsService',
};

const detailsRoot = protobuf
  .loadSync(['status.proto', 'retry_info.proto'].map((f) => fileURLToPath(new URL(`./proto/${f}`, import.meta.url))))
  .resolveAll();
const statusType = detailsRoot.lookupType('google.rpc.Status');
const retryInfoType = detailsRoot.lookupType('google.rpc.RetryInfo');

const raw = (b: Buffer) => b;

/** Bytes in, bytes out: the request is decoded by the OTLP decoder the HTTP receiver uses. */
function exportMethod(signal: Signal): grpc.MethodDefinition<Buffer, Buffer> {
  return { path: `/${services[signal]}/Export`, requestStream: false, responseStream: false, requestSerialize: raw, requestDeserialize: raw, responseSerialize: raw, responseDeserialize: raw };
}

/** A status whose grpc-status-details-bin says when to retry (google.rpc.RetryInfo), when `retryAfterSeconds` is given. */
function statusWithRetry(code: grpc.status, message: string, retryAfterSeconds: number | undefined): Partial<grpc.StatusObject> {
  const metadata = new grpc.Metadata();
  if (retryAfterSeconds !== undefined) {
    const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
    const retryInfo = retryInfoType.encode(retryInfoType.fromObject({ retryDelay: { seconds } })).finish();
    const status = statusType.encode(statusType.fromObject({ code, message, details: [{ typeUrl: 'type.googleapis.com/google.rpc.RetryInfo', value: retryInfo }] })).finish();
    metadata.set('grpc-status-details-bin', Buffer.from(status));
  }
  return { code, details: message, metadata };
}

/** The status a refused export ends with; retryable kinds say when to retry in grpc-status-details-bin. */
export function grpcError(err: OtlpError): Partial<grpc.StatusObject> {
  return statusWithRetry(errorKinds[err.kind].grpcCode as grpc.status, err.message, errorKinds[err.kind].retryable ? err.retryAfterSeconds : undefined);
}

const refusalCodes = { 401: grpc.status.UNAUTHENTICATED, 403: grpc.status.PERMISSION_DENIED, 429: grpc.status.RESOURCE_EXHAUSTED } as const;

export interface OtlpGrpcServer {
  /** the port bound (0 in the settings picks a free one) */
  port: number;
  stop(): Promise<void>;
}

/**
 * `authorize`, when the hub has authentication or rate limits on: the `authorization` metadata
 * and the peer are checked before the request is decoded, as the HTTP receiver's header is;
 * the grant it answers holds the export to its services, as on HTTP.
 */
export async function startOtlpGrpc(config: OtlpConfig, deps: CollectorDeps, host: string, port: number, authorize?: AuthCheck): Promise<OtlpGrpcServer> {
  const server = new grpc.Server({ 'grpc.max_receive_message_length': config.maxBodyBytes });
  for (const signal of ['traces', 'metrics', 'logs'] as const) {
    const handler: grpc.handleUnaryCall<Buffer, Buffer> = (call, callback) => {
      void (async () => {
        try {
          const header = call.metadata.get('authorization')[0];
          const checked = await authorize?.(typeof header === 'string' ? header : header?.toString('utf8'), call.getPeer());
          if (checked && 'status' in checked) {
            // a rate-limited request is counted by the hub's octolens_rate_limited_total
            if (checked.status !== 429) deps.counters.refusedRequest(signal, 'unauthorized');
            return callback(statusWithRetry(refusalCodes[checked.status], checked.message, checked.retryAfterSeconds));
          }
          admit(signal, deps);
          const partial = await exportRequest(signal, 'protobuf', call.request, call.request, config, deps, checked);
          callback(null, Buffer.from(encodeExportResponse(signal, 'protobuf', partial)));
        } catch (err) {
          if (!(err instanceof OtlpError)) {
            deps.log.error('OTLP/gRPC export failed', { signal, error: err });
            return callback({ code: grpc.status.INTERNAL, details: 'internal error' });
          }
          countRefusedRequest(signal, err, deps);
          callback(grpcError(err));
        }
      })();
    };
    server.addService({ Export: exportMethod(signal) }, { Export: handler });
  }
  const bound = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${host.includes(':') ? `[${host}]` : host}:${port}`, grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  return {
    port: bound,
    stop: () =>
      new Promise<void>((resolve) => {
        // in-flight exports finish (their rows are handed to the queue) before the port closes
        server.tryShutdown(() => resolve());
      }),
  };
}
