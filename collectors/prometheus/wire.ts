/**
 * A reader for the few protobuf shapes of remote_write 1.0's WriteRequest, written by hand
 * because it runs for every sample: bench/results/remote-write.md measured protobufjs'
 * decode + toObject at about 10 µs a sample, most of the receiver's budget. It reads a
 * series' labels only when asked (TimeSeries.labels), and keys each series by its label
 * bytes as sent, so a receiver can cache what it derives from a label set it has seen.
 */

/** Thrown for bytes that are not a WriteRequest; the message says what and where. */
export class WireError extends Error {
  override name = 'WireError';
}

/** Wire types (protobuf encoding spec). */
const VARINT = 0;
const FIXED64 = 1;
const LEN = 2;
const FIXED32 = 5;

export class Reader {
  pos: number;
  constructor(
    readonly buf: Buffer,
    start = 0,
    /** where reads stop: the message's end, or a field's while inside it (enter/leave) */
    public end = buf.length,
  ) {
    this.pos = start;
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  /** An unsigned varint of up to 64 bits as a Number; exact below 2^53. */
  varint(): number {
    let lo = 0;
    let shift = 0;
    for (; shift < 28; shift += 7) {
      const b = this.byte();
      lo |= (b & 0x7f) << shift;
      if (b < 0x80) return lo >>> 0;
    }
    // bytes 5..10: continue in floating point, past what 32-bit ints hold
    let value = lo >>> 0;
    let scale = 2 ** 28;
    for (let i = 4; i < 10; i++) {
      const b = this.byte();
      value += (b & 0x7f) * scale;
      if (b < 0x80) return value;
      scale *= 128;
    }
    throw new WireError(`a varint longer than 10 bytes at byte ${this.pos}`);
  }

  /** An int64 varint, two's complement in 64 bits: exact within ±2^53. */
  int64(): number {
    let lo = 0;
    for (let shift = 0; shift < 28; shift += 7) {
      const b = this.byte();
      lo |= (b & 0x7f) << shift;
      if (b < 0x80) return lo;
    }
    // the fifth byte holds bits 28..34: four for the low word, three for the high one
    let b = this.byte();
    lo |= (b & 0x0f) << 28;
    let hi = (b & 0x7f) >> 4;
    for (let shift = 3; b >= 0x80; shift += 7) {
      if (shift > 31) throw new WireError(`a varint longer than 10 bytes at byte ${this.pos}`);
      b = this.byte();
      hi |= (b & 0x7f) << shift;
    }
    return (hi | 0) * 2 ** 32 + (lo >>> 0);
  }

  double(): number {
    if (this.pos + 8 > this.end) throw new WireError(`a double cut short at byte ${this.pos}`);
    const v = this.buf.readDoubleLE(this.pos);
    this.pos += 8;
    return v;
  }

  /** A length-delimited field's [start, end), checked against its container. */
  span(): [number, number] {
    const end = this.fieldEnd();
    const start = this.pos;
    this.pos = end;
    return [start, end];
  }

  /**
   * Steps into a length-delimited field: reads stop at its end until `leave`. Returns the
   * container's end, for `leave`. The same reader reads a nested message, so a message per
   * sample costs no reader and no [start, end) pair.
   */
  enter(): number {
    const outer = this.end;
    this.end = this.fieldEnd();
    return outer;
  }

  /** Back out of the field `enter` stepped into, past its end. */
  leave(outer: number): void {
    this.pos = this.end;
    this.end = outer;
  }

  string(): string {
    const [start, end] = this.span();
    return this.buf.toString('utf8', start, end);
  }

  /** The next field's tag: its number is `tag >>> 3`, its wire type `tag & 7`; unknown fields are skipped with `skip`. */
  tag(): number {
    return this.varint();
  }

  skip(wire: number): void {
    switch (wire) {
      case VARINT:
        this.varint();
        return;
      case FIXED64:
        this.advance(8);
        return;
      case LEN:
        this.span();
        return;
      case FIXED32:
        this.advance(4);
        return;
      default:
        throw new WireError(`wire type ${wire} at byte ${this.pos} (groups are not used by remote_write)`);
    }
  }

  expect(wire: number, want: number, what: string): void {
    if (wire !== want) throw new WireError(`${what} has wire type ${wire}, expected ${want}, at byte ${this.pos}`);
  }

  /** Reads a length-delimited field's length; the field's end, checked against its container's. */
  private fieldEnd(): number {
    const length = this.varint();
    if (this.pos + length > this.end) throw new WireError(`a field of ${length} bytes at byte ${this.pos} runs past the end of its message (byte ${this.end})`);
    return this.pos + length;
  }

  private byte(): number {
    if (this.pos >= this.end) throw new WireError(`a varint cut short at byte ${this.pos}`);
    return this.buf[this.pos++]!;
  }

  private advance(n: number): void {
    if (this.pos + n > this.end) throw new WireError(`a fixed-size field cut short at byte ${this.pos}`);
    this.pos += n;
  }
}

export const WIRE = { VARINT, FIXED64, LEN, FIXED32 } as const;
