import { SpanKind } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';

/** One call of the exporter: when it began and ended, and whether the SDK reported success. */
export interface ExportRecord {
  startedAt: number;
  doneAt?: number;
  ok?: boolean;
  spans: number;
}

export interface SdkSender {
  /** span id → name of every span made so far (sent or still in the SDK's buffer) */
  made: Map<string, string>;
  /** span ids the exporter reported exported: answered 2xx, after the SDK's own retries */
  acked: Set<string>;
  exports: ExportRecord[];
  /** stops making spans, waits for the SDK to export what it holds (2 min at most) and shuts it down */
  stop(): Promise<void>;
}

export interface SdkSenderOptions {
  /** the OTLP/HTTP traces endpoint */
  url: string;
  service: string;
  /** spans made every `tickMs` */
  spansPerTick?: number;
  tickMs?: number;
  maxExportBatchSize?: number;
  /** the exporter's per-export deadline, retries included (the SDK's default is 10 s) */
  timeoutMillis?: number;
}

/**
 * Real OTel SDK traffic that keeps flowing until stopped: a BatchSpanProcessor over the
 * http/protobuf exporter, which retries 429/502/503/504 and network errors itself (honouring
 * Retry-After) until its deadline. Each span is the root of its own trace, named
 * `<service>-<n>`, so the hub's trace list holds one trace per span.
 *
 * @example
 * const sender = startSdkSender({ url: `${hub.otlpUrl}/v1/traces`, service: 'svc' });
 * await fault();
 * await sender.stop(); // sender.acked: the span ids a sender may count as delivered
 */
export function startSdkSender({ url, service, spansPerTick = 10, tickMs = 50, maxExportBatchSize = 20, timeoutMillis }: SdkSenderOptions): SdkSender {
  const made = new Map<string, string>();
  const acked = new Set<string>();
  const exports: ExportRecord[] = [];
  /** spans whose export ended, either way */
  let settled = 0;
  const exporter = new OTLPTraceExporter({ url, timeoutMillis });
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    spanProcessors: [
      new BatchSpanProcessor(
        {
          export: (spans, done) => {
            const record: ExportRecord = { startedAt: Date.now(), spans: spans.length };
            exports.push(record);
            exporter.export(spans, (result) => {
              record.doneAt = Date.now();
              record.ok = result.code === 0;
              settled += spans.length;
              if (record.ok) for (const s of spans) acked.add(s.spanContext().spanId);
              done(result);
            });
          },
          shutdown: () => exporter.shutdown(),
        },
        // a queue large enough that no span is dropped while an export waits out a fault
        { maxExportBatchSize, scheduledDelayMillis: 10, maxQueueSize: 100_000, exportTimeoutMillis: Math.max(30_000, (timeoutMillis ?? 10_000) + 5_000) },
      ),
    ],
  });
  const tracer = provider.getTracer('sdk-sender');
  const timer = setInterval(() => {
    for (let i = 0; i < spansPerTick; i++) {
      const name = `${service}-${made.size}`;
      const span = tracer.startSpan(name, { kind: SpanKind.SERVER });
      span.end();
      made.set(span.spanContext().spanId, name);
    }
  }, tickMs);
  let stopped: Promise<void> | undefined;
  return {
    made,
    acked,
    exports,
    stop: () =>
      (stopped ??= (async () => {
        clearInterval(timer);
        // Let the processor drain at its own pace, one export at a time: forceFlush() would
        // start every buffered batch at once and trip the exporter's concurrent-export limit.
        const until = Date.now() + 120_000;
        while (settled < made.size && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
        await provider.forceFlush();
        await provider.shutdown();
      })()),
  };
}
