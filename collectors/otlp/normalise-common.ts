/**
 * What the three normalisers share: the result shape, attribute flattening and id rules.
 * The mapping follows the OpenTelemetry Collector ClickHouse exporter, so rows read the
 * same whichever of the two wrote them.
 */
import { formatNanos, type Attributes } from '../../server/storage/rows.js';
import type { RowsByTable } from '../encode.js';
import { defaultOtlpConfig, type OtlpConfig } from './config.js';
import type { AnyValue, InstrumentationScope, KeyValue } from './model.js';
import type { RedactionCount, Redactions, Scrubber } from './scrub.js';

export interface NormaliseResult {
  rows: RowsByTable;
  /** items refused one by one (the rest of the request is kept: OTLP partial success) */
  rejected: number;
  /** of `rejected`, the metric points of new series past the series limiter's bounds */
  seriesLimited?: number;
  /** why, for the first MAX_ITEM_ERRORS refused items */
  errors: string[];
  /** what was changed to be storable and kept (see model.ts `repairs`), for the partial-success message */
  warnings: string[];
  /** values the scrubber replaced in the rows, per service and kind (scrub.ts); empty when none or not scrubbing */
  redactions: RedactionCount[];
}

/** Shared by every result without redactions; never mutated. */
export const NO_REDACTIONS: RedactionCount[] = Object.freeze([]) as unknown as RedactionCount[];

/** Shared by every result without warnings; never mutated. */
export const NO_WARNINGS: string[] = Object.freeze([]) as unknown as string[];

/** Enough to show a sender what is wrong without echoing a whole bad batch back. */
export const MAX_ITEM_ERRORS = 10;

/** Collects refused items: counts them all, keeps the first few reasons. */
export class Rejections {
  count = 0;
  readonly errors: string[] = [];

  /**
   * @param error where and what, e.g. `resourceSpans[0].scopeSpans[0].spans[3].traceId: expected …`
   * @param items how many items it refuses: more than one when a resource, scope or metric
   *   every item shares cannot be stored
   */
  add(error: string, items = 1): void {
    this.count += items;
    if (this.errors.length < MAX_ITEM_ERRORS) this.errors.push(items === 1 ? error : `${error} (${items} items refused)`);
  }
}

/**
 * One value of an item that cannot be stored. Row builders throw it (rare) and the
 * per-item loop catches it and refuses that item: the checks cost a comparison when
 * nothing is wrong, and a try block costs nothing while nothing throws.
 */
export class InvalidItem extends Error {
  override name = 'InvalidItem';
  /**
   * @param field path below the item, e.g. `startTimeUnixNano` or `attributes[2].value`
   * @param problem what is wrong with it, e.g. `70000 bytes, more than the 65536 allowed (maxAttributeValueBytes)`
   */
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${field}: ${problem}`);
  }

  /** The same problem one level further out, e.g. `events[1].` + `attributes[0].key`. */
  under(prefix: string): InvalidItem {
    return new InvalidItem(prefix + this.field, this.problem);
  }
}

/** Rethrows anything but an InvalidItem: those are bugs, not bad input. */
export function asInvalidItem(err: unknown): InvalidItem {
  if (err instanceof InvalidItem) return err;
  throw err;
}

// --- storable values ----------------------------------------------------------------

/**
 * The latest instant Octolens stores: 2100-01-01T00:00:00Z. DateTime64(9) columns hold up to
 * 2^63 - 1 ns (2262; one ns more fails the whole insert with "Decimal math overflow", measured
 * with chDB 26.7), but the partition key, the TTL and the trace-id lookup use 32-bit
 * DateTime, which wraps after 2106-02-07: a row in 2200 would be filed under 2063, and one
 * a few days before 2106 expired by its TTL at once, after the client got its 200. The
 * margin to 2106 leaves room for the longest retention. OTLP times are uint64; the earliest,
 * 0 (1970-01-01), is also the smallest uint64: nothing below needs a check.
 */
export const MAX_STORABLE_NANOS = 4_102_444_800_000_000_000n;
export const MAX_STORABLE_TEXT = '2100-01-01T00:00:00Z';

/**
 * A nanosecond time as DateTime64(9) text (formatNanos), or InvalidItem past what the
 * hub stores. Span end times are checked too, though not stored as a time: it keeps
 * Duration (end - start) within Int64, which queries add to Timestamp.
 * @example storableTime(1700000000123456789n, 'timeUnixNano') // → '1700000000.123456789'
 */
export function storableTime(nanos: bigint, field: string): string {
  // The digits are needed for the text anyway: comparing them (19 digits for any time
  // since 2001, decided by the first one) is cheaper than a BigInt comparison.
  const digits = nanos.toString();
  if (digits.length > 19 || (digits.length === 19 && digits > MAX_STORABLE_DIGITS)) throw new InvalidItem(field, tooLate(nanos));
  return digits.length === 19 ? `${digits.slice(0, 10)}.${digits.slice(10)}` : formatNanos(nanos);
}

const MAX_STORABLE_DIGITS = MAX_STORABLE_NANOS.toString();

/** Throws InvalidItem when `nanos` is past MAX_STORABLE_NANOS; for times checked but not formatted. */
export function checkTime(nanos: bigint, field: string): void {
  if (nanos > MAX_STORABLE_NANOS) throw new InvalidItem(field, tooLate(nanos));
}

const tooLate = (nanos: bigint) =>
  `${nanos} is after ${MAX_STORABLE_TEXT}, the latest time Octolens stores (its partitions and retention use ClickHouse's DateTime, which ends in 2106)`;

/** The settings that bound strings, in UTF-8 bytes (collectors/otlp/config.ts). */
export type ItemLimitSettings = Pick<OtlpConfig, 'maxAttributeKeyBytes' | 'maxAttributeValueBytes' | 'maxLogBodyBytes' | 'maxAttributes'>;

/** One string limit, with the UTF-16 length under which no string can pass it. */
export class StringLimit {
  /** UTF-8 takes at most 3 bytes per UTF-16 unit: a string this long or shorter always fits */
  readonly safeUnits: number;

  constructor(
    readonly bytes: number,
    readonly setting: string,
  ) {
    this.safeUnits = Math.floor(bytes / 3);
  }

  /**
   * `text`, or InvalidItem when its UTF-8 form is longer than the limit. Strings of up to
   * `safeUnits` UTF-16 units (almost all) cost one comparison: no byte count is taken.
   */
  check(text: string, field: string): string {
    if (text.length > this.safeUnits) {
      const bytes = Buffer.byteLength(text, 'utf8');
      if (bytes > this.bytes) throw new InvalidItem(field, `${bytes} bytes, more than the ${this.bytes} allowed (${this.setting})`);
    }
    return text;
  }
}

/** What one request's strings are held to, built once per request from the settings: limits, and scrubbing. */
export interface ItemLimits {
  /** attribute keys, everywhere (resource, scope, item, event, link, exemplar) */
  key: StringLimit;
  /** attribute values as stored (anyValueText) and every other free-text field except log bodies */
  value: StringLimit;
  /** log record bodies as stored */
  body: StringLimit;
  /** attributes of one item, resource, scope, event or link */
  maxAttributes: number;
  /** this request's scrubbing and its counts; null when the hub does not scrub */
  scrub: Redactions | null;
}

export function itemLimits(settings: ItemLimitSettings, scrubber: Scrubber | null = null): ItemLimits {
  return {
    key: new StringLimit(settings.maxAttributeKeyBytes, 'maxAttributeKeyBytes'),
    value: new StringLimit(settings.maxAttributeValueBytes, 'maxAttributeValueBytes'),
    body: new StringLimit(settings.maxLogBodyBytes, 'maxLogBodyBytes'),
    maxAttributes: settings.maxAttributes,
    scrub: scrubber === null ? null : scrubber.forRequest(),
  };
}

/** The result's redactions: what `limits.scrub` counted. */
export function redactionsOf(limits: ItemLimits): RedactionCount[] {
  if (limits.scrub === null) return NO_REDACTIONS;
  const counts = limits.scrub.counts();
  return counts.length === 0 ? NO_REDACTIONS : counts;
}

/** What a normaliser uses when it is given no settings (tests, benchmarks). */
export const DEFAULT_ITEM_LIMITS: ItemLimitSettings = defaultOtlpConfig();

/**
 * Attributes → Map(String, String): strings as they are, everything else as text
 * (anyValueText), scrubbed when the request is (scrub.ts). A repeated key keeps its last
 * value. More than `maxAttributes` of them, or a key or value (as stored) past its limit,
 * throws InvalidItem naming `${field}`, `${field}[i].key` or `${field}[i].value`.
 * @example attributeMap([{ key: 'http.status_code', value: { type: 'int', value: 200n } }], limits) // → { 'http.status_code': '200' }
 */
export function attributeMap(kvs: KeyValue[], limits: ItemLimits, field = 'attributes'): Attributes {
  if (kvs.length > limits.maxAttributes) throw new InvalidItem(field, `${kvs.length} attributes, more than the ${limits.maxAttributes} allowed (maxAttributes)`);
  const out: Attributes = {};
  const keyUnits = limits.key.safeUnits;
  const valueUnits = limits.value.safeUnits;
  const scrub = limits.scrub;
  for (let i = 0; i < kvs.length; i++) {
    const kv = kvs[i]!;
    const v = kv.value;
    let text = v.type === 'string' ? v.value : anyValueText(v);
    if (scrub !== null) text = scrub.attribute(kv.key, text, v.type);
    if (kv.key.length > keyUnits) limits.key.check(kv.key, `${field}[${i}].key`);
    if (text.length > valueUnits) limits.value.check(text, `${field}[${i}].value`);
    // A plain assignment of "__proto__" would set the prototype and lose the attribute.
    if (kv.key === '__proto__') Object.defineProperty(out, kv.key, { value: text, enumerable: true, writable: true, configurable: true });
    else out[kv.key] = text;
  }
  return out;
}

const base64 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

/**
 * A ScopeLogs' or ScopeMetrics' scope attributes; throws InvalidItem (path below the scoped
 * message) for a schema URL, scope name, version or attribute past its limit.
 */
export function scopeColumns(scoped: { schemaUrl: string; scope: InstrumentationScope }, limits: ItemLimits): Attributes {
  limits.value.check(scoped.schemaUrl, 'schemaUrl');
  try {
    limits.value.check(scoped.scope.name, 'name');
    limits.value.check(scoped.scope.version, 'version');
    return attributeMap(scoped.scope.attributes, limits);
  } catch (err) {
    throw asInvalidItem(err).under('scope.');
  }
}

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
  return `expected ${kind.chars} hex characters, not all zero, got ${quoted(id)}`;
}

/** Why an optional id (parent, link, log record, exemplar) cannot be stored, or undefined. */
export function optionalIdProblem(id: string, kind: IdKind): string | undefined {
  if (id === '' || kind.pattern.test(id)) return undefined;
  return `expected ${kind.chars} hex characters or none, got ${quoted(id)}`;
}

/** Text sent back in a message, cut short: an OTLP/JSON id may be any string, of any length. */
function quoted(text: string): string {
  return text.length > 64 ? `"${text.slice(0, 64)}…" (${text.length} characters)` : `"${text}"`;
}

/** An optional id as stored: all-zero means "no id", written "" as the exporter does (pdata prints an empty id as ""). */
export function optionalId(id: string, kind: IdKind): string {
  return id === kind.zero ? '' : id;
}

/** `service.name` from resource attributes, the join key of every lens; "" when absent. */
export function serviceNameOf(resourceAttributes: Attributes): string {
  return Object.hasOwn(resourceAttributes, 'service.name') ? resourceAttributes['service.name']! : '';
}
