import { describe, expect, it } from 'vitest';
import { decodeRequest } from './decode.js';
import { OtlpError } from './errors.js';

describe('decodeRequest', () => {
  it('picks the decoder by signal and format', () => {
    expect(decodeRequest('logs', 'json', Buffer.from('{"resourceLogs":[{}]}')).resourceLogs).toHaveLength(1);
    expect(decodeRequest('metrics', 'protobuf', Buffer.from([0x0a, 0x00])).resourceMetrics).toHaveLength(1);
  });

  it.each([
    [Buffer.from([0x0f, 0x01]), 'invalid protobuf ExportTraceServiceRequest: invalid wire type 7 at offset 1'],
    [Buffer.from([0x0a, 0x05, 0x1a]), 'invalid protobuf ExportTraceServiceRequest: index out of range: 2 + 5 > 3'],
  ])('turns a protobuf reader error into a malformed request naming the message', (body, message) => {
    const attempt = () => decodeRequest('traces', 'protobuf', body);
    expect(attempt).toThrow(OtlpError);
    expect(attempt).toThrow(message);
  });
});
