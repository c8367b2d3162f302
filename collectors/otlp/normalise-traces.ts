/**
 * ExportTraceServiceRequest → otel_traces rows. Pure: no I/O, no clock.
 *
 * A span is refused on its own (the rest of the request is kept and the client told
 * through partial success) when it cannot be stored as a span: its trace id is not
 * 16 bytes or is all zero, its span id is not 8 bytes or is all zero (both invalid per
 * W3C trace-context and the OTLP trace proto), its parent or a link carries an id of the
 * wrong size, or it ends before it starts (Duration is UInt64).
 */
import { formatNanos, type Attributes, type SpanRow } from '../../server/storage/rows.js';
import type { ExportTraceServiceRequest, Span } from './model.js';
import {
  attributeMap,
  optionalId,
  optionalIdProblem,
  Rejections,
  requiredIdProblem,
  serviceNameOf,
  SPAN_ID,
  TRACE_ID,
  type NormaliseResult,
} from './normalise-common.js';

/** Span.SpanKind and Status.StatusCode as the exporter writes them (pdata's String()); "" for a value OTLP does not define. */
const spanKinds = ['Unspecified', 'Internal', 'Server', 'Client', 'Producer', 'Consumer'];
const statusCodes = ['Unset', 'Ok', 'Error'];

export function normaliseTraces(request: ExportTraceServiceRequest): NormaliseResult {
  const rows: SpanRow[] = [];
  const rejections = new Rejections();
  const resourceSpans = request.resourceSpans;
  for (let r = 0; r < resourceSpans.length; r++) {
    const rs = resourceSpans[r]!;
    const resourceAttributes = attributeMap(rs.resource.attributes);
    const serviceName = serviceNameOf(resourceAttributes);
    for (let s = 0; s < rs.scopeSpans.length; s++) {
      const ss = rs.scopeSpans[s]!;
      for (let i = 0; i < ss.spans.length; i++) {
        const span = ss.spans[i]!;
        const problem = spanProblem(span);
        if (problem !== undefined) {
          rejections.add(`resourceSpans[${r}].scopeSpans[${s}].spans[${i}]${problem}`);
          continue;
        }
        rows.push(spanRow(span, serviceName, resourceAttributes, ss.scope.name, ss.scope.version));
      }
    }
  }
  return { rows: { otel_traces: rows }, rejected: rejections.count, errors: rejections.errors };
}

/** What makes the span unstorable, as ".field: problem", or undefined. */
function spanProblem(span: Span): string | undefined {
  let problem = requiredIdProblem(span.traceId, TRACE_ID);
  if (problem !== undefined) return `.traceId: ${problem}`;
  problem = requiredIdProblem(span.spanId, SPAN_ID);
  if (problem !== undefined) return `.spanId: ${problem}`;
  problem = optionalIdProblem(span.parentSpanId, SPAN_ID);
  if (problem !== undefined) return `.parentSpanId: ${problem}`;
  for (let i = 0; i < span.links.length; i++) {
    const link = span.links[i]!;
    problem = optionalIdProblem(link.traceId, TRACE_ID);
    if (problem !== undefined) return `.links[${i}].traceId: ${problem}`;
    problem = optionalIdProblem(link.spanId, SPAN_ID);
    if (problem !== undefined) return `.links[${i}].spanId: ${problem}`;
  }
  if (span.endTimeUnixNano < span.startTimeUnixNano) {
    return `: endTimeUnixNano ${span.endTimeUnixNano} is before startTimeUnixNano ${span.startTimeUnixNano}`;
  }
  return undefined;
}

/** Most spans have no events or links: their seven Nested columns share these (rows are never mutated). */
const NO_STRINGS: string[] = Object.freeze([]) as unknown as string[];
const NO_ATTRIBUTES: Attributes[] = Object.freeze([]) as unknown as Attributes[];

function spanRow(span: Span, serviceName: string, resourceAttributes: Attributes, scopeName: string, scopeVersion: string): SpanRow {
  const events = span.events;
  const eventTimes = events.length === 0 ? NO_STRINGS : new Array<string>(events.length);
  const eventNames = events.length === 0 ? NO_STRINGS : new Array<string>(events.length);
  const eventAttributes = events.length === 0 ? NO_ATTRIBUTES : new Array<Attributes>(events.length);
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    eventTimes[i] = formatNanos(e.timeUnixNano);
    eventNames[i] = e.name;
    eventAttributes[i] = attributeMap(e.attributes);
  }
  const links = span.links;
  const linkTraceIds = links.length === 0 ? NO_STRINGS : new Array<string>(links.length);
  const linkSpanIds = links.length === 0 ? NO_STRINGS : new Array<string>(links.length);
  const linkStates = links.length === 0 ? NO_STRINGS : new Array<string>(links.length);
  const linkAttributes = links.length === 0 ? NO_ATTRIBUTES : new Array<Attributes>(links.length);
  for (let i = 0; i < links.length; i++) {
    const l = links[i]!;
    linkTraceIds[i] = optionalId(l.traceId, TRACE_ID);
    linkSpanIds[i] = optionalId(l.spanId, SPAN_ID);
    linkStates[i] = l.traceState;
    linkAttributes[i] = attributeMap(l.attributes);
  }
  return {
    Timestamp: formatNanos(span.startTimeUnixNano),
    TraceId: span.traceId,
    SpanId: span.spanId,
    ParentSpanId: optionalId(span.parentSpanId, SPAN_ID),
    TraceState: span.traceState,
    SpanName: span.name,
    SpanKind: spanKinds[span.kind] ?? '',
    ServiceName: serviceName,
    ResourceAttributes: resourceAttributes,
    ScopeName: scopeName,
    ScopeVersion: scopeVersion,
    SpanAttributes: attributeMap(span.attributes),
    Duration: (span.endTimeUnixNano - span.startTimeUnixNano).toString(),
    StatusCode: statusCodes[span.status.code] ?? '',
    StatusMessage: span.status.message,
    'Events.Timestamp': eventTimes,
    'Events.Name': eventNames,
    'Events.Attributes': eventAttributes,
    'Links.TraceId': linkTraceIds,
    'Links.SpanId': linkSpanIds,
    'Links.TraceState': linkStates,
    'Links.Attributes': linkAttributes,
  };
}
