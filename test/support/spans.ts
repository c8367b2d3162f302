import { SpanKind, type Attributes } from '@opentelemetry/api';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';

/** Spans made by the real SDK, kept in memory so a test can serialize them as it needs. */
export function makeSpans(service: string, names: string[], attributes: Attributes = {}): ReadableSpan[] {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('octolens-tests');
  for (const name of names) tracer.startSpan(name, { kind: SpanKind.SERVER, attributes }).end();
  return exporter.getFinishedSpans();
}

/** The exact bytes an http/protobuf exporter would POST for these spans. */
export const protobufTraces = (spans: ReadableSpan[]): Uint8Array<ArrayBuffer> => new Uint8Array(ProtobufTraceSerializer.serializeRequest(spans)!);
