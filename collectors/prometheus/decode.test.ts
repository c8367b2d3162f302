import { compressSync, uncompressSync } from 'snappy';
import { describe, expect, it } from 'vitest';
import { DeliveryError } from '../delivery/errors.js';
import { decodeWriteRequest } from './decode.js';
import { encodeWrite, protobufWriteRequest, type WriteRequestInput } from './testing.js';

const request: WriteRequestInput = {
  timeseries: [
    {
      labels: [{ name: '__name__', value: 'http_requests_total' }, { name: 'job', value: 'api' }, { name: 'path', value: '/ünïcode/✓' }],
      samples: [{ value: 1.5, timestamp: 1_764_000_000_000 }, { value: -0.25, timestamp: 1_764_000_015_000 }, { value: 2 ** 60, timestamp: 0 }],
      exemplars: [{ labels: [{ name: 'trace_id', value: 'abc' }], value: 1, timestamp: 1_764_000_000_001 }],
    },
    // a timestamp before 1970 is a 10-byte varint
    { labels: [{ name: '__name__', value: 'up' }], samples: [{ value: 0, timestamp: -5 }] },
    { labels: [], samples: [] },
  ],
  metadata: [
    { type: 1, metricFamilyName: 'http_requests', help: 'Requests served', unit: 'requests' },
    { type: 3, metricFamilyName: 'rpc_seconds' },
  ],
};
const body = () => Buffer.from(encodeWrite(request));

describe('the hand-written WriteRequest reader', () => {
  it('reads what protobufjs reads from the same bytes, skipping exemplars', () => {
    const raw = uncompressSync(body()) as Buffer;
    const reference = protobufWriteRequest.toObject(protobufWriteRequest.decode(raw), { longs: Number, arrays: true, defaults: true }) as {
      timeseries: Array<{ labels: unknown[]; samples: unknown[] }>;
    };
    const decoded = decodeWriteRequest(body(), 1 << 20);
    expect(decoded.timeseries.map((ts) => ({ labels: ts.labels, samples: ts.samples }))).toEqual(reference.timeseries.map((ts) => ({ labels: ts.labels, samples: ts.samples })));
    expect(decoded.timeseries[1]!.samples).toEqual([{ value: 0, timestamp: -5 }]);
    expect(decoded.metadata).toEqual([
      { type: 'counter', family: 'http_requests', help: 'Requests served', unit: 'requests' },
      { type: 'histogram', family: 'rpc_seconds', help: '', unit: '' },
    ]);
  });

  it('keys a series by its label bytes: the same labels in another request, the same key', () => {
    const again = decodeWriteRequest(Buffer.from(encodeWrite({ timeseries: [{ ...request.timeseries[0]!, samples: [{ value: 9, timestamp: 1 }] }] })), 1 << 20);
    const first = decodeWriteRequest(body(), 1 << 20);
    expect(again.timeseries[0]!.key).toBe(first.timeseries[0]!.key);
    expect(first.timeseries[0]!.key).not.toBe(first.timeseries[1]!.key);
    expect(first.timeseries[2]!.key).toBe('');
  });

  it.each([
    ['cut inside a series', (raw: Buffer) => raw.subarray(0, raw.length - 40), /^invalid WriteRequest protobuf: a field of \d+ bytes at byte \d+ runs past the end of its message/],
    ['a varint cut short', () => Buffer.from([0x10, 0xff]), /^invalid WriteRequest protobuf: a varint cut short at byte 2$/],
    ['a series with the wrong wire type', () => Buffer.from([0x08, 0x01]), /^invalid WriteRequest protobuf: a TimeSeries has wire type 0, expected 2, at byte 1$/],
    ['a group', () => Buffer.from([0x13]), /^invalid WriteRequest protobuf: wire type 3 at byte 1/],
  ])('refuses %s with a message saying where', (_, cut, message) => {
    const raw = cut(uncompressSync(body()) as Buffer);
    let error: unknown;
    try {
      decodeWriteRequest(Buffer.from(compressSync(raw)), 1 << 20);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as Error).message).toMatch(message);
  });

  it('refuses a corrupt label, read only when the labels are asked for, with the same error (found by test/fuzz.test.ts: it was a 500)', () => {
    // WriteRequest { timeseries { labels { a group tag } } }: the series' framing is sound, the label inside is not
    const decoded = decodeWriteRequest(Buffer.from(compressSync(Buffer.from([0x0a, 0x03, 0x0a, 0x01, 0x0b]))), 1 << 20);
    expect(() => decoded.timeseries[0]!.labels).toThrow(new DeliveryError('malformed', 'invalid WriteRequest protobuf: wire type 3 at byte 5 (groups are not used by remote_write)'));
  });
});
