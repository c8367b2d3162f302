import type { Span, TraceSummary } from '../../../../shared/api.js';
import { nanosToIso } from '../../../query/sql.js';
import type { SpanRowOut, TraceSummaryRow } from './query.js';

export function toTraceSummary(r: TraceSummaryRow): TraceSummary {
  return {
    traceId: r.traceId,
    rootService: r.rootService,
    rootOperation: r.rootOperation,
    startTime: nanosToIso(r.startTimeUnixNano),
    startTimeUnixNano: r.startTimeUnixNano,
    durationNs: r.durationNs,
    spanCount: r.spanCount,
    errorCount: r.errorCount,
    services: r.services,
  };
}

/** A stored span (Nested columns as parallel arrays) → the API's span. */
export function toSpan(r: SpanRowOut): Span {
  return {
    traceId: r.traceId,
    spanId: r.spanId,
    parentSpanId: r.parentSpanId,
    name: r.name,
    kind: r.kind,
    serviceName: r.serviceName,
    startTime: nanosToIso(r.startTimeUnixNano),
    startTimeUnixNano: r.startTimeUnixNano,
    durationNs: r.durationNs,
    statusCode: r.statusCode,
    statusMessage: r.statusMessage,
    scopeName: r.scopeName,
    scopeVersion: r.scopeVersion,
    resourceAttributes: r.resourceAttributes,
    attributes: r.attributes,
    events: r.eventNames.map((name, i) => ({
      timeUnixNano: r.eventTimesUnixNano[i] ?? '',
      name,
      attributes: r.eventAttributes[i] ?? {},
    })),
    links: r.linkTraceIds.map((traceId, i) => ({
      traceId,
      spanId: r.linkSpanIds[i] ?? '',
      traceState: r.linkTraceStates[i] ?? '',
      attributes: r.linkAttributes[i] ?? {},
    })),
  };
}
