/**
 * ExportTraceServiceRequest → otel_traces rows. Pure: no I/O, no clock.
 *
 * A span is refused on its own (the rest of the request is kept and the client told
 * through partial success) when it cannot be stored as a span: its trace id is not
 * 16 bytes or is all zero, its span id is not 8 bytes or is all zero (both invalid per
 * W3C trace-context and the OTLP trace proto), its parent or a link carries an id of the
 * wrong size, it ends before it starts (Duration is UInt64), a time of it is past what
 * DateTime64(9) holds, or a string of it is longer than its limit (config.ts). A resource
 * whose attributes cannot be stored refuses all its spans, and so does a scope whose name
 * or version cannot.
 */
import type { Attributes, SpanRow } from '../../server/storage/rows.js';
import type { ExportTraceServiceRequest, ResourceSpans, Span } from './model.js';
import {
  asInvalidItem,
  attributeMap,
  checkTime,
  DEFAULT_ITEM_LIMITS,
  itemLimits,
  NO_WARNINGS,
  optionalId,
  optionalIdProblem,
  redactionsOf,
  Rejections,
  requiredIdProblem,
  serviceNameOf,
  SPAN_ID,
  storableTime,
  TRACE_ID,
  type ItemLimits,
  type ItemLimitSettings,
  type NormaliseResult,
} from './normalise-common.js';
import type { Scrubber } from './scrub.js';

/** Span.SpanKind and Status.StatusCode as the exporter writes them (pdata's String()); "" for a value OTLP does not define. */
const spanKinds = ['Unspecified', 'Internal', 'Server', 'Client', 'Producer', 'Consumer'];
const statusCodes = ['Unset', 'Ok', 'Error'];

export function normaliseTraces(request: ExportTraceServiceRequest, settings: ItemLimitSettings = DEFAULT_ITEM_LIMITS, scrubber: Scrubber | null = null): NormaliseResult {
  const limits = itemLimits(settings, scrubber);
  const scrub = limits.scrub;
  const rows: SpanRow[] = [];
  const rejections = new Rejections();
  const resourceSpans = request.resourceSpans;
  for (let r = 0; r < resourceSpans.length; r++) {
    const rs = resourceSpans[r]!;
    let resourceAttributes: Attributes;
    scrub?.startResource();
    try {
      resourceAttributes = attributeMap(rs.resource.attributes, limits);
    } catch (err) {
      rejections.add(`resourceSpans[${r}].resource.${asInvalidItem(err).message}`, spansOf(rs));
      continue;
    }
    scrub?.holdResource();
    const serviceName = serviceNameOf(resourceAttributes);
    for (let s = 0; s < rs.scopeSpans.length; s++) {
      const ss = rs.scopeSpans[s]!;
      try {
        limits.value.check(ss.scope.name, 'name');
        limits.value.check(ss.scope.version, 'version');
      } catch (err) {
        rejections.add(`resourceSpans[${r}].scopeSpans[${s}].scope.${asInvalidItem(err).message}`, ss.spans.length);
        continue;
      }
      for (let i = 0; i < ss.spans.length; i++) {
        const span = ss.spans[i]!;
        const problem = spanProblem(span);
        if (problem !== undefined) {
          rejections.add(`resourceSpans[${r}].scopeSpans[${s}].spans[${i}]${problem}`);
          continue;
        }
        try {
          rows.push(spanRow(span, serviceName, resourceAttributes, ss.scope.name, ss.scope.version, limits));
          scrub?.commit(serviceName);
        } catch (err) {
          scrub?.drop();
          rejections.add(`resourceSpans[${r}].scopeSpans[${s}].spans[${i}].${asInvalidItem(err).message}`);
        }
      }
    }
  }
  return { rows: { otel_traces: rows }, rejected: rejections.count, errors: rejections.errors, warnings: request.repairs ?? NO_WARNINGS, redactions: redactionsOf(limits) };
}

function spansOf(rs: ResourceSpans): number {
  let n = 0;
  for (const ss of rs.scopeSpans) n += ss.spans.length;
  return n;
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

/** The span as a row; throws InvalidItem for a time or string that cannot be stored. */
function spanRow(span: Span, serviceName: string, resourceAttributes: Attributes, scopeName: string, scopeVersion: string, limits: ItemLimits): SpanRow {
  const value = limits.value;
  // Inline length tests: most strings are far below the limit and never reach check().
  const units = value.safeUnits;
  const timestamp = storableTime(span.startTimeUnixNano, 'startTimeUnixNano');
  // Past DateTime64(9) the end is no time ClickHouse can hold either, and the Duration
  // would pass Int64, which queries add to Timestamp to get the end back.
  checkTime(span.endTimeUnixNano, 'endTimeUnixNano');
  const events = span.events;
  const eventTimes = events.length === 0 ? NO_STRINGS : new Array<string>(events.length);
  const eventNames = events.length === 0 ? NO_STRINGS : new Array<string>(events.length);
  const eventAttributes = events.length === 0 ? NO_ATTRIBUTES : new Array<Attributes>(events.length);
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    try {
      eventTimes[i] = storableTime(e.timeUnixNano, 'timeUnixNano');
      eventNames[i] = value.check(e.name, 'name');
      eventAttributes[i] = attributeMap(e.attributes, limits);
    } catch (err) {
      throw asInvalidItem(err).under(`events[${i}].`);
    }
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
    try {
      linkStates[i] = value.check(l.traceState, 'traceState');
      linkAttributes[i] = attributeMap(l.attributes, limits);
    } catch (err) {
      throw asInvalidItem(err).under(`links[${i}].`);
    }
  }
  // An error's message often quotes what failed: "no account for bob@example.com".
  const statusMessage = limits.scrub === null ? span.status.message : limits.scrub.text(span.status.message);
  return {
    Timestamp: timestamp,
    TraceId: span.traceId,
    SpanId: span.spanId,
    ParentSpanId: optionalId(span.parentSpanId, SPAN_ID),
    TraceState: span.traceState.length > units ? value.check(span.traceState, 'traceState') : span.traceState,
    SpanName: span.name.length > units ? value.check(span.name, 'name') : span.name,
    SpanKind: spanKinds[span.kind] ?? '',
    ServiceName: serviceName,
    ResourceAttributes: resourceAttributes,
    ScopeName: scopeName,
    ScopeVersion: scopeVersion,
    SpanAttributes: attributeMap(span.attributes, limits),
    Duration: (span.endTimeUnixNano - span.startTimeUnixNano).toString(),
    StatusCode: statusCodes[span.status.code] ?? '',
    StatusMessage: statusMessage.length > units ? value.check(statusMessage, 'status.message') : statusMessage,
    'Events.Timestamp': eventTimes,
    'Events.Name': eventNames,
    'Events.Attributes': eventAttributes,
    'Links.TraceId': linkTraceIds,
    'Links.SpanId': linkSpanIds,
    'Links.TraceState': linkStates,
    'Links.Attributes': linkAttributes,
  };
}
