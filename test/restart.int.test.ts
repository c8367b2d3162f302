/** Data survives a clean stop and a start on the same data dir. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ServicesResult, TraceResult } from '../shared/api.js';
import { getJson, startHub } from './support/hub.js';
import { makeSpans, protobufTraces } from './support/spans.js';

const dataDir = mkdtempSync(join(tmpdir(), 'octolens-restart-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('restart', () => {
  it('keeps spans, the service catalog and the schema across a stop and start', async () => {
    const spans = makeSpans('survivor', ['GET /a', 'GET /b', 'GET /c']);
    const first = await startHub({ dataDir });
    const res = await fetch(first.otlpUrl + '/v1/traces', { method: 'POST', body: protobufTraces(spans), headers: { 'Content-Type': 'application/x-protobuf' } });
    expect(res.status).toBe(200);
    expect(await first.stop()).toBe(0);
    expect(first.output()).toContain('stopped');

    const second = await startHub({ dataDir });
    try {
      for (const span of spans) {
        const t = await getJson<TraceResult>(second, `/api/v1/traces/${span.spanContext().traceId}`);
        expect(t.spans.map((s) => [s.spanId, s.name])).toEqual([[span.spanContext().spanId, span.name]]);
      }
      const services = await getJson<ServicesResult>(second, '/api/v1/services?from=now-1h&to=now%2B1m');
      expect(services.services.find((s) => s.name === 'survivor')?.requests).toBe(3);
    } finally {
      expect(await second.stop()).toBe(0);
    }
  });
});
