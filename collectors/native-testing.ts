/**
 * Native blocks back into rows, for tests that look at what a collector queued: the row
 * shapes of server/storage/rows.ts (DateTime64 and UInt64 as text), block after block.
 */
import { formatMillis, formatNanos } from '../server/storage/rows.js';
import { Cursor, parseType, type ColumnType } from '../server/storage/native-format.js';

/** Cursor with fixed-width reads, for values the test decodes one by one. */
class Reader extends Cursor {
  fixed<T>(size: number, read: (at: number) => T): T {
    const value = read(this.pos);
    this.pos += size;
    return value;
  }
}

function readColumn(r: Reader, type: ColumnType, rows: number): unknown[] {
  const out: unknown[] = [];
  const b = r.buf;
  const offsets = (): number[] => Array.from({ length: rows }, () => Number(r.fixed(8, (at) => b.readBigUInt64LE(at))));
  const slices = <T>(ends: number[], all: T[]): T[][] => ends.map((end, i) => all.slice(i === 0 ? 0 : ends[i - 1], end));
  switch (type.kind) {
    case 'String':
      for (let i = 0; i < rows; i++) out.push(r.string('utf8'));
      return out;
    case 'UInt8':
      for (let i = 0; i < rows; i++) out.push(r.fixed(1, (at) => b.readUInt8(at)));
      return out;
    case 'Bool':
      for (let i = 0; i < rows; i++) out.push(r.fixed(1, (at) => b.readUInt8(at) === 1));
      return out;
    case 'UInt32':
      for (let i = 0; i < rows; i++) out.push(r.fixed(4, (at) => b.readUInt32LE(at)));
      return out;
    case 'Int32':
      for (let i = 0; i < rows; i++) out.push(r.fixed(4, (at) => b.readInt32LE(at)));
      return out;
    case 'Float64':
      for (let i = 0; i < rows; i++) out.push(r.fixed(8, (at) => b.readDoubleLE(at)));
      return out;
    case 'UInt64':
      for (let i = 0; i < rows; i++) out.push(r.fixed(8, (at) => b.readBigUInt64LE(at).toString()));
      return out;
    case 'DateTime64(3)':
      for (let i = 0; i < rows; i++) out.push(r.fixed(8, (at) => formatMillis(Number(b.readBigInt64LE(at)))));
      return out;
    case 'DateTime64(9)':
      for (let i = 0; i < rows; i++) out.push(r.fixed(8, (at) => formatNanos(b.readBigInt64LE(at))));
      return out;
    case 'Array': {
      const ends = offsets();
      return slices(ends, readColumn(r, type.of, ends[rows - 1] ?? 0));
    }
    case 'Map': {
      const ends = offsets();
      const total = ends[rows - 1] ?? 0;
      const keys = readColumn(r, { kind: 'String' }, total) as string[];
      const values = readColumn(r, { kind: 'String' }, total) as string[];
      const pairs = keys.map((k, i) => [k, values[i]!] as const);
      return slices(ends, pairs).map((p) => Object.fromEntries(p));
    }
  }
}

/** Every row of every block in `data`. */
export function rowsOfNative(data: Buffer): Array<Record<string, unknown>> {
  const r = new Reader(data);
  const rows: Array<Record<string, unknown>> = [];
  while (r.pos < data.length) {
    const columns = r.varUInt();
    const count = r.varUInt();
    const block = Array.from({ length: count }, () => ({}) as Record<string, unknown>);
    for (let c = 0; c < columns; c++) {
      const name = r.string();
      const values = readColumn(r, parseType(r.string()), count);
      values.forEach((v, i) => (block[i]![name] = v));
    }
    rows.push(...block);
  }
  return rows;
}
