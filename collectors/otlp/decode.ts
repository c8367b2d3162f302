/**
 * Request bytes → the request model, for each signal and wire format. A body that
 * cannot be read throws OtlpError('malformed') naming what was wrong: the JSON field
 * path, or the protobuf reader's message (which carries the byte offset).
 */
import type { TelemetrySignal as Signal } from '../types.js';
import { decodeLogsJson, decodeMetricsJson, decodeTracesJson } from './decode-json.js';
import { decodeLogsProtobuf, decodeMetricsProtobuf, decodeTracesProtobuf } from './decode-protobuf.js';
import { OtlpError } from './errors.js';
import type { RequestBySignal } from './model.js';
import type { WireFormat } from './proto.js';

const decoders: { [S in Signal]: { message: string } & Record<WireFormat, (body: Buffer) => RequestBySignal[S]> } = {
  traces: { message: 'ExportTraceServiceRequest', protobuf: decodeTracesProtobuf, json: decodeTracesJson },
  logs: { message: 'ExportLogsServiceRequest', protobuf: decodeLogsProtobuf, json: decodeLogsJson },
  metrics: { message: 'ExportMetricsServiceRequest', protobuf: decodeMetricsProtobuf, json: decodeMetricsJson },
};

/**
 * @example decodeRequest('traces', 'json', Buffer.from('{"resourceSpans":[]}')) // → { resourceSpans: [] }
 */
export function decodeRequest<S extends Signal>(signal: S, format: WireFormat, body: Buffer): RequestBySignal[S] {
  const decoder = decoders[signal];
  if (format === 'json') return decoder.json(body);
  try {
    return decoder.protobuf(body);
  } catch (err) {
    // The wire reader throws plain Error/RangeError for bad input; anything else is a bug.
    if (!(err instanceof RangeError) && (err as Error)?.constructor !== Error) throw err;
    throw new OtlpError('malformed', `invalid protobuf ${decoder.message}: ${(err as Error).message}`);
  }
}
