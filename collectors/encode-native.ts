/**
 * Rows → one ClickHouse Native block per request, for the tables that take the most rows.
 *
 * ClickHouse reads Native column by column with no parsing: the same spans cost the engine
 * about half the CPU of JSONEachRow (bench/results/ingest-traces.md), and building a block
 * costs less than JSON.stringify of its rows. The writer joins a batch's blocks into one
 * (server/storage/native-format.ts).
 *
 * Columns are written in the plain types of `nativeColumns` (LowCardinality stripped), which
 * the engine converts to the table's types on insert. Row values are the JSONEachRow row
 * shapes of server/storage/rows.ts: DateTime64(9) as `seconds.nanos` text, UInt64 as decimal
 * text, maps as objects.
 */
import type { EncodedRows } from '../server/queue/types.js';
import { nativeColumns, type NativeTable } from '../server/storage/native-columns.js';
import { parseType, type ColumnType } from '../server/storage/native-format.js';
import type { TableRows } from '../server/storage/rows.js';
import type { RowsByTable } from './encode.js';

const TWO_32 = 4294967296;

/** A growing buffer of little-endian values. */
export class BlockBytes {
  buf: Buffer;
  /** the same bytes, for numbers: DataView writes compile to plain stores, Buffer's write* do not */
  view: DataView;
  pos = 0;

  constructor(sizeHint: number) {
    this.buf = Buffer.allocUnsafe(Math.max(4096, sizeHint));
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.length);
  }

  reserve(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
    this.view = new DataView(next.buffer, next.byteOffset, next.length);
  }

  varUInt(n: number): void {
    this.reserve(10);
    while (n >= 0x80) {
      this.buf[this.pos++] = (n & 0x7f) | 0x80;
      n = Math.floor(n / 128);
    }
    this.buf[this.pos++] = n;
  }

  string(s: string): void {
    const length = s.length;
    // Most strings are short and ASCII: copied here byte by byte, cheaper than a call into
    // the UTF-8 encoder; their byte length fits the one-byte length prefix.
    if (length < 43) {
      this.reserve(1 + 3 * length);
      const buf = this.buf;
      const start = this.pos;
      for (let i = 0, p = start + 1; i < length; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) {
          const n = buf.write(s, start + 1);
          buf[start] = n;
          this.pos = start + 1 + n;
          return;
        }
        buf[p] = c;
        p++;
      }
      buf[start] = length;
      this.pos = start + 1 + length;
      return;
    }
    const n = Buffer.byteLength(s);
    this.varUInt(n);
    this.reserve(n);
    this.pos += this.buf.write(s, this.pos);
  }

  uint64Halves(lo: number, hi: number): void {
    this.reserve(8);
    this.view.setUint32(this.pos, lo, true);
    this.view.setUint32(this.pos + 4, hi, true);
    this.pos += 8;
  }

  /** Decimal UInt64 text. Up to 15 digits a double holds it exactly; longer goes through BigInt. */
  uint64Text(s: string): void {
    if (s.length <= 15) {
      const n = Number(s);
      this.uint64Halves(n % TWO_32, Math.floor(n / TWO_32));
      return;
    }
    this.reserve(8);
    this.pos = this.buf.writeBigUInt64LE(BigInt(s), this.pos);
  }

  /** DateTime64(3) text `seconds.millis` (formatMillis) → Int64 milliseconds, exact in a double. */
  millisText(s: string): void {
    const dot = s.length - 4;
    if (dot < 1 || s.charCodeAt(dot) !== 46 || s.charCodeAt(0) === 45) throw new Error(`not a DateTime64(3) text: ${s}`);
    const ms = Number(s.slice(0, dot)) * 1000 + Number(s.slice(dot + 1));
    this.uint64Halves(ms % TWO_32, Math.floor(ms / TWO_32));
  }

  /**
   * DateTime64(9) text `seconds.nanos` → Int64 nanoseconds, in doubles: every partial product
   * stays below 2^53, so no BigInt per row.
   */
  nanosText(s: string): void {
    const dot = s.length - 10;
    if (dot < 1 || s.charCodeAt(dot) !== 46 || s.charCodeAt(0) === 45) throw new Error(`not a DateTime64(9) text: ${s}`);
    const seconds = Number(s.slice(0, dot));
    const nanos = Number(s.slice(dot + 1));
    // seconds·1e9 + nanos = (a·2^17 + b)·1e9 + nanos, with a, b < 2^17 while seconds < 2^34
    const a = Math.floor(seconds / 131072);
    const x = (seconds - a * 131072) * 1e9 + nanos; // < 2^47
    const y = a * 1e9; // < 2^47; y·2^17 = yh·2^32 + yl·2^17
    const yh = Math.floor(y / 32768);
    const z = (y - yh * 32768) * 131072 + x; // < 2^48
    this.uint64Halves(z % TWO_32, yh + Math.floor(z / TWO_32));
  }

  done(): Buffer {
    return this.buf.subarray(0, this.pos);
  }
}

/** Writes one column's values (a column of an array's elements, for nested types). */
function writeColumn(out: BlockBytes, type: ColumnType, values: readonly unknown[]): void {
  const n = values.length;
  switch (type.kind) {
    case 'String':
      for (let i = 0; i < n; i++) out.string(values[i] as string);
      return;
    case 'UInt8':
    case 'Bool':
      out.reserve(n);
      for (let i = 0; i < n; i++) out.buf[out.pos++] = Number(values[i]);
      return;
    case 'UInt32':
      out.reserve(4 * n);
      for (let i = 0; i < n; i++, out.pos += 4) out.view.setUint32(out.pos, values[i] as number, true);
      return;
    case 'Int32':
      out.reserve(4 * n);
      for (let i = 0; i < n; i++, out.pos += 4) out.view.setInt32(out.pos, values[i] as number, true);
      return;
    case 'Float64':
      out.reserve(8 * n);
      for (let i = 0; i < n; i++, out.pos += 8) out.view.setFloat64(out.pos, values[i] as number, true);
      return;
    case 'UInt64':
      for (let i = 0; i < n; i++) out.uint64Text(values[i] as string);
      return;
    case 'DateTime64(3)':
      for (let i = 0; i < n; i++) out.millisText(values[i] as string);
      return;
    case 'DateTime64(9)':
      for (let i = 0; i < n; i++) out.nanosText(values[i] as string);
      return;
    case 'Array': {
      // offsets (the running element count, UInt64), then the elements as one column
      const elements: unknown[] = [];
      for (let i = 0; i < n; i++) {
        const list = values[i] as readonly unknown[];
        for (let j = 0; j < list.length; j++) elements.push(list[j]);
        out.uint64Halves(elements.length, 0);
      }
      writeColumn(out, type.of, elements);
      return;
    }
    case 'Map':
      writeMaps(out, values as ReadonlyArray<Record<string, string>>);
      return;
  }
}

/**
 * A Map(String, String) column is Array(Tuple(String, String)): offsets, then every key, then
 * every value. Rows of one resource share one attributes object: its bytes are copied.
 */
function writeMaps(out: BlockBytes, maps: ReadonlyArray<Record<string, string>>): void {
  let total = 0;
  let size = 0;
  for (let i = 0; i < maps.length; i++) {
    if (i === 0 || maps[i] !== maps[i - 1]) {
      size = 0;
      for (const _ in maps[i]) size++;
    }
    total += size;
    out.uint64Halves(total, 0);
  }
  for (const part of [0, 1]) {
    let start = 0;
    let end = 0;
    for (let i = 0; i < maps.length; i++) {
      const map = maps[i]!;
      if (i > 0 && map === maps[i - 1]) {
        const length = end - start;
        out.reserve(length);
        out.buf.copyWithin(out.pos, start, end);
        start = out.pos;
        out.pos += length;
        end = out.pos;
        continue;
      }
      start = out.pos;
      if (part === 0) for (const key in map) out.string(key);
      else for (const key in map) out.string(map[key]!);
      end = out.pos;
    }
  }
}

const parsed = new Map<NativeTable, Array<{ name: string; typeText: string; type: ColumnType }>>(
  (Object.keys(nativeColumns) as NativeTable[]).map((table) => [
    table,
    nativeColumns[table].map(([name, typeText]) => ({ name, typeText, type: parseType(typeText) })),
  ]),
);

/** Rough Native bytes per row, to size the first buffer (spans measured ~520). */
const BYTES_PER_ROW_HINT = 640;

/**
 * @example encodeNative('otel_logs', rows) // → { table: 'otel_logs', data: <Buffer …>, rows: 2, format: 'Native' }
 */
export function encodeNative<T extends NativeTable>(table: T, rows: readonly TableRows[T][]): EncodedRows & { data: Buffer } {
  const columns = parsed.get(table);
  if (!columns) throw new Error(`table ${table} has no Native columns (server/storage/native-columns.ts)`);
  const out = new BlockBytes(rows.length * BYTES_PER_ROW_HINT);
  out.varUInt(columns.length);
  out.varUInt(rows.length);
  const values = new Array<unknown>(rows.length);
  for (const column of columns) {
    out.string(column.name);
    out.string(column.typeText);
    for (let i = 0; i < rows.length; i++) values[i] = (rows[i] as unknown as Record<string, unknown>)[column.name];
    writeColumn(out, column.type, values);
  }
  return { table, data: out.done(), rows: rows.length, format: 'Native' };
}

/** Every non-empty table of a normalised OTLP request, as Native blocks. */
export function encodeAllNative(rows: RowsByTable): EncodedRows[] {
  const parts: EncodedRows[] = [];
  for (const table of Object.keys(rows) as NativeTable[]) {
    const tableRows = rows[table];
    if (tableRows && tableRows.length > 0) parts.push(encodeNative(table, tableRows as TableRows[NativeTable][]));
  }
  return parts;
}
