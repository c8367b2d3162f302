/**
 * Hostile inputs for the decoders, made from valid ones: fast-check arbitraries that take real
 * fixtures and flip, cut, splice and repeat their bytes, or rewrite a JSON document's values
 * with the wrong types, huge numbers, lone surrogates and deep nesting. A run that fails
 * shrinks to the fewest, smallest edits that still fail.
 */
import fc from 'fast-check';

type ByteEdit =
  | { kind: 'flip'; at: number; xor: number }
  | { kind: 'set'; at: number; value: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'repeat'; at: number; length: number; times: number }
  | { kind: 'splice'; at: number; from: number; start: number; length: number };

/**
 * Byte runs that reach a parser's edge cases: longest and overlong varints, protobuf group
 * tags (nested, unterminated), every wire type, NUL, a UTF-8 lead byte without its tail.
 */
const hostileBytes: Uint8Array[] = [
  [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01],
  [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80],
  [0xff, 0xff, 0xff, 0xff, 0x0f],
  Array(64).fill(0x0b),
  [0x0b, 0x0c],
  [0x0e, 0x0f, 0x0d, 0x09],
  [0x0a, 0xff, 0xff, 0xff, 0xff, 0x07],
  [0x00],
  [0xc3],
  [0xed, 0xa0, 0x80],
].map((b) => Uint8Array.from(b));

const byteEdit = (extra: Uint8Array[]): fc.Arbitrary<ByteEdit> =>
  fc.oneof(
    fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }),
    fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: fc.constantFrom(0x00, 0x7f, 0x80, 0xff) }),
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.oneof(fc.uint8Array({ minLength: 1, maxLength: 16 }), fc.constantFrom(...hostileBytes, ...extra)) }),
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 64 }) }),
    fc.record({ kind: fc.constant('repeat' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 64 }), times: fc.integer({ min: 2, max: 64 }) }),
    fc.record({ kind: fc.constant('splice' as const), at: fc.nat(), from: fc.nat(), start: fc.nat(), length: fc.integer({ min: 1, max: 256 }) }),
  );

function applyEdit(bytes: Buffer, edit: ByteEdit, pool: readonly Buffer[]): Buffer {
  const at = bytes.length === 0 ? 0 : edit.at % (bytes.length + 1);
  switch (edit.kind) {
    case 'flip':
    case 'set': {
      if (bytes.length === 0) return bytes;
      const out = Buffer.from(bytes);
      const i = edit.at % bytes.length;
      out[i] = edit.kind === 'flip' ? out[i]! ^ edit.xor : edit.value;
      return out;
    }
    case 'truncate':
      return bytes.subarray(0, at);
    case 'insert':
      return Buffer.concat([bytes.subarray(0, at), edit.bytes, bytes.subarray(at)]);
    case 'delete':
      return Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + edit.length)]);
    case 'repeat': {
      const run = bytes.subarray(at, at + edit.length);
      return Buffer.concat([bytes.subarray(0, at), ...Array<Buffer>(edit.times).fill(run), bytes.subarray(at + edit.length)]);
    }
    case 'splice': {
      // a piece of another valid input: well-formed fields in the wrong place
      const source = pool[edit.from % pool.length]!;
      const start = source.length === 0 ? 0 : edit.start % source.length;
      return Buffer.concat([bytes.subarray(0, at), source.subarray(start, start + edit.length), bytes.subarray(at)]);
    }
  }
}

export interface MutateOptions {
  /** byte runs this format's parser treats specially (CSV quotes, YAML anchors), inserted as they are */
  tokens?: string[];
  /** most edits applied to one input */
  maxEdits?: number;
}

/**
 * One of `fixtures` with a few byte edits applied; now and then random bytes instead.
 * @example fc.sample(mutatedBytes([readFileSync('traces.bin')]), 1)
 */
export function mutatedBytes(fixtures: readonly Buffer[], options: MutateOptions = {}): fc.Arbitrary<Buffer> {
  const extra = (options.tokens ?? []).map((t) => new Uint8Array(Buffer.from(t, 'utf8')));
  const edited = fc
    .tuple(fc.nat({ max: fixtures.length - 1 }), fc.array(byteEdit(extra), { minLength: 1, maxLength: options.maxEdits ?? 6 }))
    .map(([i, edits]) => edits.reduce((bytes, edit) => applyEdit(bytes, edit, fixtures), fixtures[i]!));
  return fc.oneof({ weight: 8, arbitrary: edited }, { weight: 1, arbitrary: fc.uint8Array({ maxLength: 600 }).map((b) => Buffer.from(b)) });
}

/** JSON text spliced in where a value goes, for what a JS value cannot hold or JSON.stringify cannot write. */
class RawJson {
  constructor(readonly text: string) {}
}

const deep = (open: string, close: string, inner: string, depth: number) => open.repeat(depth) + inner + close.repeat(depth);

/** Values a decoder may not expect where a valid one stood. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    null, true, false, 0, -1, '', [], {}, 1.5, -0.0,
    Number.MAX_SAFE_INTEGER + 2, 1e308, -1e308, 5e-324,
    'NaN', 'Infinity', '-Infinity', '1e400', '0x10', ' 12', '١٢',
    '18446744073709551615', '18446744073709551616', '-9223372036854775809', '9999999999000000000',
    '\ud800', 'a\udfffb', '\u0000', '\u202e', '😀'.repeat(3), 'x'.repeat(70_000),
    '__proto__', 'constructor', 'hasOwnProperty', 'toString',
    '<img src=x onerror=alert(1)>', "'; DROP TABLE otel_logs; --",
    '2026-13-45T25:61:61Z', '0000-00-00T00:00:00Z', '+275760-09-13T00:00:01Z',
    { __proto__: null, constructor: 1, toString: 'x' },
    [[[[[[[[[[]]]]]]]]]],
  ),
  fc.constantFrom(
    new RawJson(deep('[', ']', '', 5_000)),
    new RawJson(deep('{"a":', '}', '1', 5_000)),
    new RawJson(deep('{"values":[{"arrayValue":', '}]}', '{}', 200)),
    new RawJson('123456789012345678901234567890'),
    new RawJson('-18446744073709551616'),
    new RawJson('1e400'),
    new RawJson('-0'),
    new RawJson('1E+2'),
    new RawJson('{"__proto__":{"polluted":1}}'),
    new RawJson('"\\ud800\\udc00\\udc00"'),
  ),
  fc.jsonValue({ maxDepth: 3 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map((n) => new RawJson(n.toString())),
  fc.double(),
);

type JsonEdit = { kind: 'replace'; at: number; value: unknown } | { kind: 'remove'; at: number } | { kind: 'add'; at: number; key: string; value: unknown };

const jsonEdit: fc.Arbitrary<JsonEdit> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: hostileValue }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('remove' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('add' as const), at: fc.nat(), key: fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', ''), fc.string({ maxLength: 12 })), value: hostileValue }) },
);

type Slot = { parent: Record<string, unknown> | unknown[]; key: string | number };

/** Every value slot in the document, depth first. */
function slots(value: unknown, out: Slot[] = []): Slot[] {
  if (value instanceof RawJson) return out;
  if (Array.isArray(value)) value.forEach((v, i) => (out.push({ parent: value, key: i }), slots(v, out)));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push({ parent: value as Record<string, unknown>, key: k }), slots(v, out);
  return out;
}

/** A copy of a generated value: the constants are shared between runs, and a later edit must not change them (or make a cycle). */
const fresh = (v: unknown): unknown => (v instanceof RawJson || v === null || typeof v !== 'object' ? v : structuredClone(v));

function applyJsonEdit(doc: unknown, edit: JsonEdit): unknown {
  if (edit.kind !== 'remove') edit = { ...edit, value: fresh(edit.value) };
  const all = slots(doc);
  if (all.length === 0) return edit.kind === 'replace' ? edit.value : doc;
  const { parent, key } = all[edit.at % all.length]!;
  if (edit.kind === 'replace') (parent as Record<string | number, unknown>)[key] = edit.value;
  else if (edit.kind === 'remove') Array.isArray(parent) ? parent.splice(key as number, 1) : delete parent[key as string];
  else {
    const target = (parent as Record<string | number, unknown>)[key];
    // defineProperty: a "__proto__" key becomes an own key, as JSON.parse makes it
    if (target !== null && typeof target === 'object' && !Array.isArray(target)) Object.defineProperty(target, edit.key, { value: edit.value, enumerable: true, writable: true, configurable: true });
    else if (Array.isArray(target)) target.push(edit.value);
  }
  return doc;
}

/** JSON text of `doc`, RawJson values spliced in verbatim. */
function serialize(doc: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(doc, (_k, v: unknown) => (v instanceof RawJson ? `\u0001raw${raws.push(v.text) - 1}\u0001` : v)) ?? 'null';
  return raws.length === 0 ? text : text.replace(/"\\u0001raw(\d+)\\u0001"/g, (_m, i: string) => raws[Number(i)]!);
}

/**
 * One of `fixtures` (parsed JSON documents) with a few values replaced, removed or added,
 * as JSON text; now and then its bytes are edited too (cut short, flipped).
 */
export function mutatedJson(fixtures: readonly unknown[]): fc.Arbitrary<Buffer> {
  const edited = fc
    .tuple(fc.nat({ max: fixtures.length - 1 }), fc.array(jsonEdit, { minLength: 1, maxLength: 5 }))
    .map(([i, edits]) => Buffer.from(serialize(edits.reduce(applyJsonEdit, structuredClone(fixtures[i]))), 'utf8'));
  const texts = fixtures.map((f) => Buffer.from(JSON.stringify(f), 'utf8'));
  return fc.oneof({ weight: 6, arbitrary: edited }, { weight: 2, arbitrary: mutatedBytes(texts, { tokens: ['"', '\\', '\\u', '{', '[', ',', ':', '\\ud800', '1e999'], maxEdits: 3 }) });
}
