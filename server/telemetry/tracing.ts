import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { MiddlewareHandler } from 'hono';

export interface SelfTracing {
  stop(): Promise<void>;
}

/**
 * Traces the hub itself with the OTel SDK when OTEL_EXPORTER_OTLP_ENDPOINT is set (it may
 * point at this hub). The SDK reads the standard OTEL_* variables; nothing to configure here.
 */
export async function startSelfTracing(env: NodeJS.ProcessEnv = process.env): Promise<SelfTracing | undefined> {
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT && !env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return undefined;
  const [{ NodeSDK }, { OTLPTraceExporter }] = await Promise.all([
    import('@opentelemetry/sdk-node'),
    import('@opentelemetry/exporter-trace-otlp-http'),
  ]);
  const sdk = new NodeSDK({
    serviceName: env.OTEL_SERVICE_NAME ?? 'octolens',
    traceExporter: new OTLPTraceExporter(),
    // Only the spans made below: auto-instrumenting http would also trace ingest
    // requests, and the hub's export to itself would feed itself.
    instrumentations: [],
  });
  sdk.start();
  return { stop: () => sdk.shutdown() };
}

const tracer = trace.getTracer('octolens');

/** A SERVER span per query-API request, named by its route pattern. Ingest routes are not traced. */
export const traceRequests: MiddlewareHandler = async (c, next) => {
  await tracer.startActiveSpan(`${c.req.method} ${c.req.path}`, { kind: SpanKind.SERVER }, async (span) => {
    try {
      await next();
      span.updateName(`${c.req.method} ${c.req.routePath}`);
      span.setAttributes({ 'http.request.method': c.req.method, 'http.route': c.req.routePath, 'http.response.status_code': c.res.status });
      if (c.res.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    } finally {
      span.end();
    }
  });
};
