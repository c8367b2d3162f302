/**
 * What the hub knows of ClickHouse's Native format beyond writing it (collectors/encode-native.ts):
 * the column types it uses, and joining blocks.
 *
 * A block: column count and row count (varints), then per column its name, its type name and
 * its data. Data is column-major: fixed-width values back to back; a String is a varint length
 * and the bytes; an Array is the running element count per row (UInt64), then its elements as
 * one column; a Map(String, String) is an Array of (key, value) with all keys, then all values.
 */

export type ColumnType =
  | { kind: 'String' | 'UInt8' | 'Bool' | 'UInt32' | 'Int32' | 'UInt64' | 'Float64' | 'DateTime64(3)' | 'DateTime64(9)' }
  | { kind: 'Map' }
  | { kind: 'Array'; of: ColumnType };

/** A column type as a block header names it (those server/storage/native-columns.ts uses). */
export function parseType(text: string): ColumnType {
  if (text === 'Map(String, String)') return { kind: 'Map' };
  const array = /^Array\((.*)\)$/.exec(text);
  if (array) return { kind: 'Array', of: parseType(array[1]!) };
  switch (text) {
    case 'String':
    case 'UInt8':
    case 'Bool':
    case 'UInt32':
    case 'Int32':
    case 'UInt64':
    case 'Float64':
    case 'DateTime64(3)':
    case 'DateTime64(9)':
      return { kind: text };
  }
  throw new Error(`no Native encoding for column type ${text}`);
}

const widths: Partial<Record<ColumnType['kind'], number>> = { UInt8: 1, Bool: 1, UInt32: 4, Int32: 4, UInt64: 8, Float64: 8, 'DateTime64(3)': 8, 'DateTime64(9)': 8 };

/** A read position in one block. */
export class Cursor {
  pos = 0;
  constructor(readonly buf: Buffer) {}

  /** throws on a block cut short or a length past 2^53, never reads on past the end */
  varUInt(): number {
    let n = 0;
    for (let shift = 1; shift <= 2 ** 49; shift *= 128) {
      if (this.pos >= this.buf.length) throw new Error(`Native block cut short at byte ${this.pos} of ${this.buf.length}`);
      const b = this.buf[this.pos++]!;
      n += (b & 0x7f) * shift;
      if (b < 0x80) return n;
    }
    throw new Error(`Native block holds a length past 2^53 at byte ${this.pos}`);
  }

  /**
   * moves past `n` length-prefixed strings. Most lengths are under 128, one byte: those are
   * read inline, which made the writer's merge 0.72–0.79× as costly (bench/results/otlp-decode.md).
   */
  skipStrings(n: number): void {
    const buf = this.buf;
    let pos = this.pos;
    for (let i = 0; i < n; i++) {
      const length = buf[pos];
      if (length !== undefined && length < 0x80) pos += 1 + length;
      else if (pos >= buf.length) throw new Error(`Native block cut short at byte ${buf.length}: ${n - i} more strings needed from byte ${pos}`);
      else {
        this.pos = pos; // a longer length: varUInt reads it or says why not
        this.skip(this.varUInt());
        pos = this.pos;
      }
    }
    if (pos > buf.length) throw new Error(`Native block cut short at byte ${buf.length}: a string runs on to byte ${pos}`);
    this.pos = pos;
  }

  /** moves `n` bytes on, returning where they start; throws when the block has fewer left */
  skip(n: number): number {
    if (this.pos + n > this.buf.length) throw new Error(`Native block cut short at byte ${this.buf.length}: ${n} bytes needed from byte ${this.pos}`);
    this.pos += n;
    return this.pos - n;
  }

  /** latin1 for the header's ASCII names (no UTF-8 decoding to pay for); utf8 for values */
  string(encoding: 'latin1' | 'utf8' = 'latin1'): string {
    const start = this.skip(this.varUInt());
    return this.buf.toString(encoding, start, this.pos);
  }
}

const TWO_32 = 4294967296;

/**
 * Blocks of the same columns → one block of all their rows, as if encoded together.
 *
 * ClickHouse inserts one block of 20k rows for about half the engine CPU of forty blocks of
 * 512 (bench/results/ingest-traces.md); a request's rows are encoded on their own, so the
 * writer joins a batch's. Only offsets are rewritten, the rest is copied.
 */
export function mergeNativeBlocks(blocks: readonly Buffer[]): Buffer {
  if (blocks.length === 1) return blocks[0]!;
  const cursors = blocks.map((b) => new Cursor(b));
  const counts = cursors.map((c) => c.varUInt());
  const rows = cursors.map((c) => c.varUInt());
  const out = new Output(blocks.reduce((n, b) => n + b.length, 0) + 20);
  out.varUInt(counts[0]!);
  out.varUInt(rows.reduce((a, b) => a + b, 0));
  for (let column = 0; column < counts[0]!; column++) {
    const headStart = cursors[0]!.pos;
    const heads = cursors.map((c) => [c.string(), c.string()] as const);
    const [name, type] = heads[0]!;
    if (counts.some((n) => n !== counts[0]) || heads.some(([n, t]) => n !== name || t !== type)) {
      throw new Error(`Native blocks of different columns cannot be joined (column ${column}: ${name} ${type})`);
    }
    out.bytes(blocks[0]!, headStart, cursors[0]!.pos);
    mergeColumn(out, parseType(type), cursors, rows);
  }
  return out.done();
}

class Output {
  buf: Buffer;
  pos = 0;
  constructor(size: number) {
    this.buf = Buffer.allocUnsafe(size);
  }
  varUInt(n: number): void {
    while (n >= 0x80) {
      this.buf[this.pos++] = (n & 0x7f) | 0x80;
      n = Math.floor(n / 128);
    }
    this.buf[this.pos++] = n;
  }
  bytes(from: Buffer, start: number, end: number): void {
    this.pos += from.copy(this.buf, this.pos, start, end);
  }
  done(): Buffer {
    return this.buf.subarray(0, this.pos);
  }
}

/** Appends each block's part of one column (block b holding rows[b] values of it). */
function mergeColumn(out: Output, type: ColumnType, cursors: Cursor[], rows: number[]): void {
  const width = widths[type.kind];
  if (width !== undefined) {
    for (let b = 0; b < cursors.length; b++) {
      const c = cursors[b]!;
      out.bytes(c.buf, c.skip(rows[b]! * width), c.pos);
    }
    return;
  }
  if (type.kind === 'String') {
    for (let b = 0; b < cursors.length; b++) {
      const c = cursors[b]!;
      const start = c.pos;
      c.skipStrings(rows[b]!);
      out.bytes(c.buf, start, c.pos);
    }
    return;
  }
  // Array or Map: each block's offsets count from its own first element, shifted by the elements before it
  const elements = new Array<number>(cursors.length);
  let base = 0;
  for (let b = 0; b < cursors.length; b++) {
    const c = cursors[b]!;
    const from = c.skip(rows[b]! * 8);
    const { buf } = c;
    let last = 0;
    for (let at = from; at < c.pos; at += 8) {
      last = buf.readUInt32LE(at) + buf.readUInt32LE(at + 4) * TWO_32;
      const shifted = base + last;
      const high = shifted < TWO_32 ? 0 : Math.floor(shifted / TWO_32);
      out.buf.writeUInt32LE(shifted - high * TWO_32, out.pos);
      out.buf.writeUInt32LE(high, out.pos + 4);
      out.pos += 8;
    }
    elements[b] = last;
    base += last;
  }
  if (type.kind === 'Array') {
    mergeColumn(out, type.of, cursors, elements);
    return;
  }
  mergeColumn(out, { kind: 'String' }, cursors, elements); // keys
  mergeColumn(out, { kind: 'String' }, cursors, elements); // values
}
