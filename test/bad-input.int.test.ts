/**
 * Hostile and malformed OTLP requests against a real hub: each gets its status and a
 * message naming the problem, and valid data sent alongside is kept.
 */
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TracesResult } from '../shared/api.js';
import { getJson, startHub, type RunningHub } from './support/hub.js';
import { makeSpans, protobufTraces } from './support/spans.js';

let hub: RunningHub;
beforeAll(async () => {
  hub = await startHub({ env: { OCTOLENS_OTLP_MAX_BODY_BYTES: String(1024 * 1024) } });
});
afterAll(async () => {
  await hub?.dispose();
});

const post = (path: string, body: Uint8Array<ArrayBuffer> | string, headers: Record<string, string>) =>
  fetch(hub.otlpUrl + path, { method: 'POST', body, headers });
const countTraces = async (service: string) =>
  (await getJson<TracesResult>(hub, `/api/v1/traces?service=${service}&from=now-1h&to=now%2B1m&limit=1000`)).traces.length;

describe('OTLP bad input', () => {
  it('refuses a truncated protobuf body with 400 and a google.rpc.Status, and stores nothing from it', async () => {
    const body = protobufTraces(makeSpans('truncated', ['a', 'b', 'c']));
    const bad = await post('/v1/traces', body.subarray(0, body.length - 7), { 'Content-Type': 'application/x-protobuf' });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/x-protobuf');
    expect((await bad.arrayBuffer()).byteLength).toBeGreaterThan(0);
    expect(await countTraces('truncated')).toBe(0);
  });

  it('answers 415 naming the content type it got and the ones it takes', async () => {
    const res = await post('/v1/traces', 'hello', { 'Content-Type': 'text/plain' });
    expect(res.status).toBe(415);
    const body = (await res.json()) as { code: number; message: string };
    expect(body.message).toContain('text/plain');
    expect(body.message).toContain('application/x-protobuf');
  });

  it('stops a gzip bomb at the size cap with 413', async () => {
    const bomb = new Uint8Array(gzipSync(Buffer.alloc(50 * 1024 * 1024)));
    expect(bomb.length).toBeLessThan(100 * 1024);
    const res = await post('/v1/traces', bomb, { 'Content-Type': 'application/x-protobuf', 'Content-Encoding': 'gzip' });
    expect(res.status).toBe(413);
    const ready = await fetch(hub.apiUrl + '/readyz');
    expect(ready.status).toBe(200);
  });

  it('answers invalid JSON with 400 and a message saying where', async () => {
    const res = await post('/v1/traces', '{"resourceSpans": [', { 'Content-Type': 'application/json' });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { code: number; message: string };
    expect(body.code).toBe(3);
    expect(body.message.length).toBeGreaterThan(10);
  });

  it('keeps the valid spans of a partly invalid batch and reports the rejected ones', async () => {
    const span = (spanId: string, name: string) => ({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId, name, kind: 2,
      startTimeUnixNano: String(BigInt(Date.now() - 1000) * 1_000_000n), endTimeUnixNano: String(BigInt(Date.now()) * 1_000_000n),
    });
    const body = {
      resourceSpans: [{
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'partial' } }] },
        scopeSpans: [{ spans: [span('00f067aa0ba902b7', 'good-1'), span('0000000000000000', 'bad-zero-id'), span('b7ad6b7169203331', 'good-2'), span('xyz', 'bad-hex')] }],
      }],
    };
    const res = await post('/v1/traces', JSON.stringify(body), { 'Content-Type': 'application/json' });
    expect(res.status).toBe(200);
    const answer = (await res.json()) as { partialSuccess?: { rejectedSpans?: string | number; errorMessage?: string } };
    expect(Number(answer.partialSuccess?.rejectedSpans)).toBe(2);
    expect(answer.partialSuccess?.errorMessage).toBeTruthy();
    const t = await getJson<{ spans: Array<{ name: string }> }>(hub, '/api/v1/traces/4bf92f3577b34da6a3ce929d0e0e4736');
    expect(t.spans.map((s) => s.name).sort()).toEqual(['good-1', 'good-2']);
  });

  it('takes an empty request with 200 and stores nothing', async () => {
    const res = await post('/v1/traces', '{}', { 'Content-Type': 'application/json' });
    expect(res.status).toBe(200);
  });

  it('counts accepted and rejected rows in /metrics', async () => {
    const text = await (await fetch(hub.apiUrl + '/metrics')).text();
    expect(text).toMatch(/octolens_ingest_received_rows_total\{signal="traces"\} 2\b/);
    expect(text).toMatch(/octolens_ingest_rejected_rows_total\{signal="traces",reason="invalid_item"\} 2\b/);
    for (const reason of ['invalid_payload', 'too_large', 'unsupported_media_type']) {
      expect(text).toMatch(new RegExp(`octolens_ingest_rejected_requests_total\\{signal="traces",reason="${reason}"\\} [1-9]`));
    }
  });
});
