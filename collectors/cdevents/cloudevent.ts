/**
 * A request → one CloudEvent, in either mode of the CloudEvents HTTP binding (v1.0.2, §3):
 * - structured: `Content-Type: application/cloudevents+json`, the whole event as JSON
 *   (specversion, id, source, type, time, data or data_base64);
 * - binary: the attributes in `ce-*` headers, the data as the body; CDEvents requires that
 *   body to be JSON (CDEvents "CloudEvents Binding", data).
 * The batched mode (application/cloudevents-batch+json) is refused with 415: one event per
 * request keeps one delivery id per request, which is what deduplication is keyed on.
 */
import { z } from 'zod';
import { DeliveryError } from '../delivery/errors.js';
import { describeIssues, type DeliveryRequest } from '../delivery/route.js';

export interface CloudEvent {
  mode: 'binary' | 'structured';
  id: string;
  source: string;
  type: string;
  /** where `data` sits in the body, for error paths: [] in binary mode, ['data'] in structured */
  dataPath: string[];
  data: unknown;
}

const mediaType = (value: string | null) => (value ?? '').split(';', 1)[0]!.trim().toLowerCase();
const isJson = (type: string) => type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));

const structuredEvent = z.object({
  specversion: z.literal('1.0'),
  id: z.string().min(1),
  source: z.string().min(1),
  type: z.string().min(1),
  datacontenttype: z.string().optional(),
  data: z.unknown().optional(),
  data_base64: z.string().optional(),
});

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new DeliveryError('malformed', `${what} is not valid JSON: ${(err as Error).message}`);
  }
}

/**
 * A binary-mode header value: double-quoted strings unescaped, then one round of
 * percent-decoding (HTTP binding §3.1.3.2); invalid UTF-8 is refused, as the binding says.
 */
export function headerAttribute(headers: Headers, name: string): string | undefined {
  let value = headers.get(`ce-${name}`)?.trim();
  if (value === undefined || value === '') return undefined;
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1).replace(/\\(.)/g, '$1');
  try {
    return decodeURIComponent(value);
  } catch {
    throw new DeliveryError('malformed', `ce-${name}: invalid percent-encoding, got "${value}"`);
  }
}

export function decodeCloudEvent(request: DeliveryRequest): CloudEvent {
  const type = mediaType(request.headers.get('content-type'));
  if (type.startsWith('application/cloudevents-batch')) {
    throw new DeliveryError('unsupported_media_type', `batched CloudEvents (${type}) are not taken: send one event per request, in binary or structured mode`);
  }
  if (type.startsWith('application/cloudevents')) {
    if (type !== 'application/cloudevents+json') throw new DeliveryError('unsupported_media_type', `expected the JSON event format application/cloudevents+json, got "${type}"`);
    const parsed = structuredEvent.safeParse(parseJson(request.raw.toString('utf8'), 'the body'));
    if (!parsed.success) throw new DeliveryError('malformed', describeIssues(parsed.error));
    const event = parsed.data;
    if (event.datacontenttype !== undefined && !isJson(mediaType(event.datacontenttype))) {
      throw new DeliveryError('unsupported_media_type', `datacontenttype: a CDEvent's data is JSON, got "${event.datacontenttype}"`);
    }
    const data = event.data_base64 !== undefined ? parseJson(Buffer.from(event.data_base64, 'base64').toString('utf8'), 'data_base64') : event.data;
    return { mode: 'structured', id: event.id, source: event.source, type: event.type, dataPath: [event.data_base64 !== undefined ? 'data_base64' : 'data'], data };
  }
  const specversion = headerAttribute(request.headers, 'specversion');
  if (specversion === undefined) {
    throw new DeliveryError(
      'malformed',
      `not a CloudEvent: expected ce-specversion, ce-id, ce-source and ce-type headers (binary mode) or Content-Type application/cloudevents+json (structured mode), got Content-Type "${type}" and no ce-specversion`,
    );
  }
  if (specversion !== '1.0') throw new DeliveryError('malformed', `ce-specversion: expected "1.0", got "${specversion}"`);
  const attributes = { id: headerAttribute(request.headers, 'id'), source: headerAttribute(request.headers, 'source'), type: headerAttribute(request.headers, 'type') };
  const missing = Object.entries(attributes).filter(([, v]) => v === undefined).map(([k]) => `ce-${k}`);
  if (missing.length > 0) throw new DeliveryError('malformed', `missing CloudEvents header(s) ${missing.join(', ')}`);
  if (!isJson(type)) throw new DeliveryError('unsupported_media_type', `a CDEvent in binary mode is sent as application/json, got Content-Type "${request.headers.get('content-type') ?? ''}"`);
  return { mode: 'binary', id: attributes.id!, source: attributes.source!, type: attributes.type!, dataPath: [], data: parseJson(request.raw.toString('utf8'), 'the body') };
}
