/**
 * ExportLogsServiceRequest → otel_logs rows. Pure: no I/O, no clock.
 *
 * A log record is refused on its own when it cannot be stored as sent: a trace id neither
 * empty nor 16 bytes, a span id neither empty nor 8 bytes, or a severity number outside
 * the UInt8 column.
 */
import { formatNanos, type LogRow } from '../../server/storage/rows.js';
import type { ExportLogsServiceRequest, LogRecord } from './model.js';
import {
  anyValueText,
  attributeMap,
  optionalId,
  optionalIdProblem,
  Rejections,
  serviceNameOf,
  SPAN_ID,
  TRACE_ID,
  type NormaliseResult,
} from './normalise-common.js';

export function normaliseLogs(request: ExportLogsServiceRequest): NormaliseResult {
  const rows: LogRow[] = [];
  const rejections = new Rejections();
  const resourceLogs = request.resourceLogs;
  for (let r = 0; r < resourceLogs.length; r++) {
    const rl = resourceLogs[r]!;
    const resourceAttributes = attributeMap(rl.resource.attributes);
    const serviceName = serviceNameOf(resourceAttributes);
    for (let s = 0; s < rl.scopeLogs.length; s++) {
      const sl = rl.scopeLogs[s]!;
      const scopeAttributes = attributeMap(sl.scope.attributes);
      for (let i = 0; i < sl.logRecords.length; i++) {
        const record = sl.logRecords[i]!;
        const problem = logProblem(record);
        if (problem !== undefined) {
          rejections.add(`resourceLogs[${r}].scopeLogs[${s}].logRecords[${i}]${problem}`);
          continue;
        }
        rows.push({
          // "Use Timestamp if present, otherwise ObservedTimestamp" (logs data model, Field: ObservedTimestamp).
          Timestamp: formatNanos(record.timeUnixNano === 0n ? record.observedTimeUnixNano : record.timeUnixNano),
          TraceId: optionalId(record.traceId, TRACE_ID),
          SpanId: optionalId(record.spanId, SPAN_ID),
          // LogRecord.flags: the low 8 bits are the W3C trace flags, the rest reserved.
          TraceFlags: record.flags & 0xff,
          SeverityText: record.severityText,
          SeverityNumber: record.severityNumber,
          ServiceName: serviceName,
          Body: anyValueText(record.body),
          ResourceSchemaUrl: rl.schemaUrl,
          ResourceAttributes: resourceAttributes,
          ScopeSchemaUrl: sl.schemaUrl,
          ScopeName: sl.scope.name,
          ScopeVersion: sl.scope.version,
          ScopeAttributes: scopeAttributes,
          LogAttributes: attributeMap(record.attributes),
          EventName: record.eventName,
        });
      }
    }
  }
  return { rows: { otel_logs: rows }, rejected: rejections.count, errors: rejections.errors };
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
