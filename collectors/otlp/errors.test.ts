import { describe, expect, it } from 'vitest';
import { errorKinds, errorResponse, OtlpError, type OtlpErrorKind } from './errors.js';
import { otlpRoot } from './proto.js';

const Status = otlpRoot.lookupType('google.rpc.Status');

describe('errorKinds', () => {
  // One row per refusal: HTTP status, google.rpc.Status code, counter reason, retryable.
  it.each<[OtlpErrorKind, number, number, string, boolean]>([
    ['malformed', 400, 3, 'invalid_payload', false],
    ['too_large', 413, 8, 'too_large', false],
    ['unsupported_media_type', 415, 3, 'unsupported_media_type', false],
    ['queue_full', 429, 8, 'queue_full', true],
    ['unavailable', 503, 14, 'unavailable', true],
  ])('%s → HTTP %i, Status.code %i, reason %s, retryable %s', (kind, status, grpcCode, reason, retryable) => {
    expect(errorKinds[kind]).toEqual({ status, grpcCode, reason, retryable });
  });
});

describe('errorResponse', () => {
  it('answers JSON requests with a JSON google.rpc.Status', () => {
    const res = errorResponse(new OtlpError('malformed', 'spans[0].name: expected a string, got 42'), 'json');
    expect(res.status).toBe(400);
    expect(res.headers).toEqual({ 'Content-Type': 'application/json' });
    expect(JSON.parse(res.body as string)).toEqual({ code: 3, message: 'spans[0].name: expected a string, got 42', details: [] });
  });

  it('answers protobuf requests with a protobuf google.rpc.Status', () => {
    const res = errorResponse(new OtlpError('too_large', 'request body exceeds the limit'), 'protobuf');
    expect(res.status).toBe(413);
    expect(res.headers).toEqual({ 'Content-Type': 'application/x-protobuf' });
    expect(Status.toObject(Status.decode(res.body as Uint8Array))).toEqual({ code: 8, message: 'request body exceeds the limit' });
  });

  it('adds Retry-After, in whole seconds, to retryable refusals only', () => {
    expect(errorResponse(new OtlpError('queue_full', 'full', 1.2), 'json').headers['Retry-After']).toBe('2');
    expect(errorResponse(new OtlpError('unavailable', 'down', 5), 'protobuf').headers['Retry-After']).toBe('5');
    expect(errorResponse(new OtlpError('malformed', 'bad', 5), 'json').headers['Retry-After']).toBeUndefined();
  });
});
