/**
 * What the three normalisers share: the result shape, attribute flattening and id rules.
 * The mapping follows the OpenTelemetry Collector ClickHouse exporter, so rows read the
 * same whichever of the two wrote them.
 */
import type { Attributes, TableName, TableRows } from '../../server/storage/rows.js';
import type { AnyValue, KeyValue } from './model.js';

export type RowsByTable = { [T in TableName]?: TableRows[T][] };

export interface NormaliseResult {
  rows: RowsByTable;
  /** items refused one by one (the rest of the request is kept: OTLP partial success) */
  rejected: number;
  /** why, for the first MAX_ITEM_ERRORS refused items */
  errors: string[];
}

/** Enough to show a sender what is wrong without echoing a whole bad batch back. */
export const MAX_ITEM_ERRORS = 10;

/** Collects refused items: counts them all, keeps the first few reasons. */
export class Rejections {
  count = 0;
  readonly errors: string[] = [];

  /** @param error where and what, e.g. `resourceSpans[0].scopeSpans[0].spans[3].traceId: expected …` */
  add(error: string): void {
    this.count++;
    if (this.errors.length < MAX_ITEM_ERRORS) this.errors.push(error);
  }
}

/**
 * Attributes → Map(String, String): strings as they are, everything else as text
 * (anyValueText). A repeated key keeps its last value.
 * @example attributeMap([{ key: 'http.status_code', value: { type: 'int', value: 200n } }]) // → { 'http.status_code': '200' }
 */
export function attributeMap(kvs: KeyValue[]): Attributes {
  const out: Attributes = {};
  for (let i = 0; i < kvs.length; i++) {
    const kv = kvs[i]!;
    const v = kv.value;
    const text = v.type === 'string' ? v.value : anyValueText(v);
    // A plain assignment of "__proto__" would set the prototype and lose the attribute.
    if (kv.key === '__proto__') Object.defineProperty(out, kv.key, { value: text, enumerable: true, writable: true, configurable: true });
    else out[kv.key] = text;
  }
  return out;
}

const base64 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

/**
 * An AnyValue as one string, as the exporter's `Value.AsString()`: strings as they are,
 * bools "true"/"false", ints in decimal, doubles as JS number text, bytes as base64,
 * arrays and kvlists as JSON text, an empty value as "".
 */
export function anyValueText(v: AnyValue): string {
  switch (v.type) {
    case 'string': return v.value;
    case 'bool': return v.value ? 'true' : 'false';
    case 'int': return v.value.toString();
    case 'double': return String(v.value);
    case 'bytes': return base64(v.value);
    case 'array':
    case 'kvlist': return anyValueJson(v);
    case 'empty': return '';
  }
}

/**
 * An AnyValue as JSON text. Ints are written as JSON numbers with every digit (no
 * rounding through a double); NaN and ±Infinity, which JSON cannot hold, as the strings
 * "NaN", "Infinity", "-Infinity"; bytes as base64 strings; kvlists as objects in the
 * order sent.
 */
function anyValueJson(v: AnyValue): string {
  switch (v.type) {
    case 'string': return JSON.stringify(v.value);
    case 'bool': return v.value ? 'true' : 'false';
    case 'int': return v.value.toString();
    case 'double': return Number.isFinite(v.value) ? String(v.value) : `"${v.value}"`;
    case 'bytes': return `"${base64(v.value)}"`;
    case 'array': {
      const parts = new Array<string>(v.value.length);
      for (let i = 0; i < v.value.length; i++) parts[i] = anyValueJson(v.value[i]!);
      return `[${parts.join(',')}]`;
    }
    case 'kvlist': {
      const parts = new Array<string>(v.value.length);
      for (let i = 0; i < v.value.length; i++) parts[i] = `${JSON.stringify(v.value[i]!.key)}:${anyValueJson(v.value[i]!.value)}`;
      return `{${parts.join(',')}}`;
    }
    case 'empty': return 'null';
  }
}

export interface IdKind {
  /** hex characters of a valid id */
  chars: number;
  pattern: RegExp;
  zero: string;
}

export const TRACE_ID: IdKind = { chars: 32, pattern: /^[0-9a-f]{32}$/, zero: '0'.repeat(32) };
export const SPAN_ID: IdKind = { chars: 16, pattern: /^[0-9a-f]{16}$/, zero: '0'.repeat(16) };

/**
 * Why a required id (a span's own trace and span id) cannot be stored, or undefined.
 * All-zero ids are invalid (W3C trace-context, and the OTLP trace proto). The pattern
 * also catches OTLP/JSON ids that were not hex, which the JSON decoder passes on as sent.
 */
export function requiredIdProblem(id: string, kind: IdKind): string | undefined {
  if (kind.pattern.test(id) && id !== kind.zero) return undefined;
  return `expected ${kind.chars} hex characters, not all zero, got "${id}"`;
}

/** Why an optional id (parent, link, log record, exemplar) cannot be stored, or undefined. */
export function optionalIdProblem(id: string, kind: IdKind): string | undefined {
  if (id === '' || kind.pattern.test(id)) return undefined;
  return `expected ${kind.chars} hex characters or none, got "${id}"`;
}

/** An optional id as stored: all-zero means "no id", written "" as the exporter does (pdata prints an empty id as ""). */
export function optionalId(id: string, kind: IdKind): string {
  return id === kind.zero ? '' : id;
}

/** `service.name` from resource attributes, the join key of every lens; "" when absent. */
export function serviceNameOf(resourceAttributes: Attributes): string {
  return Object.hasOwn(resourceAttributes, 'service.name') ? resourceAttributes['service.name']! : '';
}
