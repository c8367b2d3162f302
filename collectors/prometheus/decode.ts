/**
 * A remote_write 1.0 body: a snappy block (not framed) holding a protobuf WriteRequest
 * (proto/remote.proto), read by wire.ts. The block's header gives its uncompressed size, so
 * an oversized or bomb-like body is refused before any byte is inflated.
 */
import { uncompressSync } from 'snappy';
import { DeliveryError } from '../delivery/errors.js';
import { Reader, WIRE, WireError } from './wire.js';

export interface Label {
  name: string;
  value: string;
}

export interface Sample {
  value: number;
  timestamp: number;
}

export interface TimeSeries {
  labels: Label[];
  samples: Sample[];
  /** the label fields' bytes as sent, when decoded off the wire: equal keys, equal label sets */
  key?: string;
}

/** MetricMetadata.MetricType, by its proto number */
export const METRIC_TYPES = ['unknown', 'counter', 'gauge', 'histogram', 'gaugehistogram', 'summary', 'info', 'stateset'] as const;
export type MetricType = (typeof METRIC_TYPES)[number];

export interface MetricMetadata {
  type: MetricType;
  family: string;
  help: string;
  unit: string;
}

export interface WriteRequest {
  timeseries: TimeSeries[];
  metadata: MetricMetadata[];
}

/** The uncompressed length a snappy block starts with (a little-endian base-128 varint of at most 32 bits). */
export function snappyLength(block: Uint8Array): number {
  let length = 0;
  for (let i = 0; i < 5 && i < block.length; i++) {
    const byte = block[i]!;
    length += (byte & 0x7f) * 2 ** (7 * i);
    if ((byte & 0x80) === 0) return length;
  }
  throw new DeliveryError('malformed', 'invalid snappy block: its length header is cut short or longer than 32 bits');
}

export function decodeWriteRequest(body: Buffer, maxDecodedBytes: number): WriteRequest {
  const length = snappyLength(body);
  if (length > maxDecodedBytes) {
    throw new DeliveryError('too_large', `uncompressed body of ${length} bytes exceeds the limit of ${maxDecodedBytes} bytes (OCTOLENS_PROMETHEUS_MAX_DECODED_BYTES)`);
  }
  let raw: Buffer;
  try {
    raw = uncompressSync(body) as Buffer;
  } catch (err) {
    throw new DeliveryError('malformed', `invalid snappy block: ${(err as Error).message}`);
  }
  try {
    return readWriteRequest(raw);
  } catch (err) {
    if (err instanceof WireError) throw new DeliveryError('malformed', `invalid WriteRequest protobuf: ${err.message}`);
    throw err;
  }
}

/** A series off the wire; its labels are read from the body when first asked for (a receiver that knows the key may never ask). */
class WireSeries implements TimeSeries {
  samples: Sample[] = [];
  key = '';
  private read: Label[] | undefined;
  constructor(
    private readonly buf: Buffer,
    private readonly start: number,
    private readonly end: number,
  ) {}

  get labels(): Label[] {
    if (this.read) return this.read;
    try {
      return (this.read = this.readLabels());
    } catch (err) {
      // read after decodeWriteRequest returned (by the normaliser): a corrupt label is still a 400, not a 500
      if (err instanceof WireError) throw new DeliveryError('malformed', `invalid WriteRequest protobuf: ${err.message}`);
      throw err;
    }
  }

  private readLabels(): Label[] {
    const labels: Label[] = [];
    const r = new Reader(this.buf, this.start, this.end);
    while (!r.done) {
      const tag = r.tag();
      if (tag >>> 3 !== 1) {
        r.skip(tag & 7);
        continue;
      }
      const [start, end] = r.span();
      const l = new Reader(this.buf, start, end);
      let name = '';
      let value = '';
      while (!l.done) {
        const t = l.tag();
        if (t === ((1 << 3) | WIRE.LEN)) name = l.string();
        else if (t === ((2 << 3) | WIRE.LEN)) value = l.string();
        else l.skip(t & 7);
      }
      labels.push({ name, value });
    }
    return labels;
  }
}

/** WriteRequest { repeated TimeSeries timeseries = 1; repeated MetricMetadata metadata = 3; } (proto/remote.proto) */
function readWriteRequest(buf: Buffer): WriteRequest {
  const request: WriteRequest = { timeseries: [], metadata: [] };
  const r = new Reader(buf);
  while (!r.done) {
    const tag = r.tag();
    const field = tag >>> 3;
    if (field === 1) {
      r.expect(tag & 7, WIRE.LEN, 'a TimeSeries');
      const outer = r.enter();
      request.timeseries.push(readSeries(r));
      r.leave(outer);
    } else if (field === 3) {
      r.expect(tag & 7, WIRE.LEN, 'a MetricMetadata');
      const [start, end] = r.span();
      request.metadata.push(readMetadata(new Reader(buf, start, end)));
    } else r.skip(tag & 7);
  }
  return request;
}

/** TimeSeries { repeated Label labels = 1; repeated Sample samples = 2; exemplars = 3 (not kept) }, the field `r` is in */
function readSeries(r: Reader): WireSeries {
  const { buf, pos: start } = r;
  let labelsStart = -1;
  let labelsEnd = start;
  const samples: Sample[] = [];
  while (!r.done) {
    const at = r.pos;
    const tag = r.tag();
    const field = tag >>> 3;
    if (field === 1) {
      r.expect(tag & 7, WIRE.LEN, 'a Label');
      r.skip(WIRE.LEN);
      if (labelsStart < 0) labelsStart = at;
      labelsEnd = r.pos;
    } else if (field === 2) {
      r.expect(tag & 7, WIRE.LEN, 'a Sample');
      const outer = r.enter();
      samples.push(readSample(r));
      r.leave(outer);
    } else r.skip(tag & 7);
  }
  const series = new WireSeries(buf, Math.max(labelsStart, start), labelsEnd);
  series.samples = samples;
  // latin1: one char a byte, so different bytes never make the same key
  series.key = labelsStart < 0 ? '' : buf.toString('latin1', labelsStart, labelsEnd);
  return series;
}

/** Sample { double value = 1; int64 timestamp = 2; }, the field `r` is in */
function readSample(r: Reader): Sample {
  let value = 0;
  let timestamp = 0;
  while (!r.done) {
    const tag = r.tag();
    if (tag === ((1 << 3) | WIRE.FIXED64)) value = r.double();
    else if (tag === ((2 << 3) | WIRE.VARINT)) timestamp = r.int64();
    else r.skip(tag & 7);
  }
  return { value, timestamp };
}

/** MetricMetadata { MetricType type = 1; string metric_family_name = 2; string help = 4; string unit = 5; } */
function readMetadata(r: Reader): MetricMetadata {
  const m: MetricMetadata = { type: 'unknown', family: '', help: '', unit: '' };
  while (!r.done) {
    const tag = r.tag();
    switch (tag) {
      case (1 << 3) | WIRE.VARINT:
        m.type = METRIC_TYPES[r.varint()] ?? 'unknown';
        break;
      case (2 << 3) | WIRE.LEN:
        m.family = r.string();
        break;
      case (4 << 3) | WIRE.LEN:
        m.help = r.string();
        break;
      case (5 << 3) | WIRE.LEN:
        m.unit = r.string();
        break;
      default:
        r.skip(tag & 7);
    }
  }
  return m;
}
