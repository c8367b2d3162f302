/**
 * remote_write samples as one Native block of metric_samples, written column by column as
 * the normaliser meets them: the engine reads it without parsing, and no JSON text is made
 * per sample (bench/results/remote-write.md has the before and after).
 */
import { BlockBytes } from '../encode-native.js';
import { nativeColumns } from '../../server/storage/native-columns.js';

const TWO_32 = 4294967296;

/** A series' constant cells, made once per series: its name as a Native String, its id as a little-endian UInt64. */
export interface SampleSeries {
  nameCell: Buffer;
  idCell: Buffer;
}

// one buffer to encode names in, copied out: a BlockBytes of its own per series would be 4 KiB of garbage each
const scratch = new BlockBytes(256);

export function sampleSeries(name: string, id: bigint): SampleSeries {
  scratch.pos = 0;
  scratch.string(name);
  const idCell = Buffer.alloc(8);
  idCell.writeBigUInt64LE(id);
  return { nameCell: Buffer.from(scratch.done()), idCell };
}

export class SampleBlock {
  rows = 0;
  private readonly names: BlockBytes;
  /** ids, times and values, capacity rows each, then a flag byte per row */
  private readonly fixed: Buffer;
  private readonly view: DataView;

  /** @param capacity the most samples it will hold (a request's sample count) */
  constructor(private readonly capacity: number) {
    this.names = new BlockBytes(capacity * 16);
    this.fixed = Buffer.allocUnsafe(capacity * 25);
    this.view = new DataView(this.fixed.buffer, this.fixed.byteOffset, this.fixed.length);
  }

  /** One row; `flags` 1 (no recorded value) with value 0 for a stale marker. */
  add(series: SampleSeries, ms: number, value: number, flags: number): void {
    const i = this.rows++;
    this.names.reserve(series.nameCell.length);
    this.names.pos += series.nameCell.copy(this.names.buf, this.names.pos);
    series.idCell.copy(this.fixed, 8 * i);
    const time = 8 * (this.capacity + i);
    this.view.setUint32(time, ms % TWO_32, true);
    this.view.setUint32(time + 4, Math.floor(ms / TWO_32), true);
    this.view.setFloat64(8 * (2 * this.capacity + i), value, true);
    this.fixed[24 * this.capacity + i] = flags;
  }

  done(): Buffer {
    const n = this.rows;
    const c = this.capacity;
    // the columns in nativeColumns.metric_samples' order: MetricName, SeriesId, TimeUnix, Value, Flags
    const data: Array<[Buffer, number, number]> = [
      [this.names.buf, 0, this.names.pos],
      [this.fixed, 0, 8 * n],
      [this.fixed, 8 * c, 8 * c + 8 * n],
      [this.fixed, 16 * c, 16 * c + 8 * n],
      [this.fixed, 24 * c, 24 * c + n],
    ];
    const out = new BlockBytes(this.names.pos + 25 * n + 128);
    out.varUInt(data.length);
    out.varUInt(n);
    nativeColumns.metric_samples.forEach(([name, type], i) => {
      const [from, start, end] = data[i]!;
      out.string(name);
      out.string(type);
      out.reserve(end - start);
      out.pos += from.copy(out.buf, out.pos, start, end);
    });
    return out.done();
  }
}
