/**
 * ExportLogsServiceRequest → otel_logs rows. Pure: no I/O, no clock.
 *
 * A log record is refused on its own when it cannot be stored as sent: a trace id neither
 * empty nor 16 bytes, a span id neither empty nor 8 bytes, or a severity number outside
 * the UInt8 column, a time past what the hub stores (2100), or a string longer than its
 * limit (config.ts). A resource or scope that cannot be stored refuses all its records.
 */
import { formatNanos, type Attributes, type LogRow } from '../../server/storage/rows.js';
import type { ExportLogsServiceRequest, LogRecord, ResourceLogs, ScopeLogs } from './model.js';
import {
  anyValueText,
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
  scopeColumns,
  serviceNameOf,
  SPAN_ID,
  TRACE_ID,
  type ItemLimits,
  type ItemLimitSettings,
  type NormaliseResult,
} from './normalise-common.js';
import type { Scrubber } from './scrub.js';

export function normaliseLogs(request: ExportLogsServiceRequest, settings: ItemLimitSettings = DEFAULT_ITEM_LIMITS, scrubber: Scrubber | null = null): NormaliseResult {
  const limits = itemLimits(settings, scrubber);
  const scrub = limits.scrub;
  const rows: LogRow[] = [];
  const rejections = new Rejections();
  const resourceLogs = request.resourceLogs;
  for (let r = 0; r < resourceLogs.length; r++) {
    const rl = resourceLogs[r]!;
    let resourceAttributes: Attributes;
    scrub?.startResource();
    try {
      limits.value.check(rl.schemaUrl, 'schemaUrl');
      resourceAttributes = attributeMap(rl.resource.attributes, limits);
    } catch (err) {
      const e = asInvalidItem(err);
      rejections.add(`resourceLogs[${r}].${e.field === 'schemaUrl' ? '' : 'resource.'}${e.message}`, recordsOf(rl));
      continue;
    }
    scrub?.holdResource();
    const serviceName = serviceNameOf(resourceAttributes);
    for (let s = 0; s < rl.scopeLogs.length; s++) {
      const sl = rl.scopeLogs[s]!;
      let scopeAttributes: Attributes;
      scrub?.startScope();
      try {
        scopeAttributes = scopeColumns(sl, limits);
      } catch (err) {
        rejections.add(`resourceLogs[${r}].scopeLogs[${s}].${asInvalidItem(err).message}`, sl.logRecords.length);
        continue;
      }
      scrub?.holdScope();
      for (let i = 0; i < sl.logRecords.length; i++) {
        const record = sl.logRecords[i]!;
        const problem = logProblem(record);
        if (problem !== undefined) {
          rejections.add(`resourceLogs[${r}].scopeLogs[${s}].logRecords[${i}]${problem}`);
          continue;
        }
        try {
          rows.push(logRow(record, rl.schemaUrl, resourceAttributes, serviceName, sl, scopeAttributes, limits));
          scrub?.commit(serviceName);
        } catch (err) {
          scrub?.drop();
          rejections.add(`resourceLogs[${r}].scopeLogs[${s}].logRecords[${i}].${asInvalidItem(err).message}`);
        }
      }
    }
  }
  return { rows: { otel_logs: rows }, rejected: rejections.count, errors: rejections.errors, warnings: request.repairs ?? NO_WARNINGS, redactions: redactionsOf(limits) };
}

function recordsOf(rl: ResourceLogs): number {
  let n = 0;
  for (const sl of rl.scopeLogs) n += sl.logRecords.length;
  return n;
}

/** The record as a row; throws InvalidItem for a time or string that cannot be stored. */
function logRow(
  record: LogRecord,
  resourceSchemaUrl: string,
  resourceAttributes: Attributes,
  serviceName: string,
  sl: ScopeLogs,
  scopeAttributes: Attributes,
  limits: ItemLimits,
): LogRow {
  // Both are checked, though only one is stored: a time past 2100 means the other is suspect too.
  checkTime(record.timeUnixNano, 'timeUnixNano');
  checkTime(record.observedTimeUnixNano, 'observedTimeUnixNano');
  const body = anyValueText(record.body);
  return {
    // "Use Timestamp if present, otherwise ObservedTimestamp" (logs data model, Field: ObservedTimestamp).
    Timestamp: formatNanos(record.timeUnixNano === 0n ? record.observedTimeUnixNano : record.timeUnixNano),
    TraceId: optionalId(record.traceId, TRACE_ID),
    SpanId: optionalId(record.spanId, SPAN_ID),
    // LogRecord.flags: the low 8 bits are the W3C trace flags, the rest reserved.
    TraceFlags: record.flags & 0xff,
    SeverityText: limits.value.check(record.severityText, 'severityText'),
    SeverityNumber: record.severityNumber,
    ServiceName: serviceName,
    Body: limits.body.check(limits.scrub === null ? body : limits.scrub.text(body), 'body'),
    ResourceSchemaUrl: resourceSchemaUrl,
    ResourceAttributes: resourceAttributes,
    ScopeSchemaUrl: sl.schemaUrl,
    ScopeName: sl.scope.name,
    ScopeVersion: sl.scope.version,
    ScopeAttributes: scopeAttributes,
    LogAttributes: attributeMap(record.attributes, limits),
    EventName: limits.value.check(record.eventName, 'eventName'),
  };
}

/** What makes the record unstorable, as ".field: problem", or undefined. */
function logProblem(record: LogRecord): string | undefined {
  let problem = optionalIdProblem(record.traceId, TRACE_ID);
  if (problem !== undefined) return `.traceId: ${problem}`;
  problem = optionalIdProblem(record.spanId, SPAN_ID);
  if (problem !== undefined) return `.spanId: ${problem}`;
  if (record.severityNumber < 0 || record.severityNumber > 255) return `.severityNumber: expected 0-255, got ${record.severityNumber}`;
  return undefined;
}
