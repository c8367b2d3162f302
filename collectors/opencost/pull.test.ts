import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultCostRules } from '../../server/cost/rules.js';
import { createLogger } from '../../server/lib/log.js';
import type { IngestQueue, IngestRequest } from '../../server/queue/types.js';
import { freePort } from '../../test/support/hub.js';
import { opencostConfigSchema } from './config.js';
import { createOpencostPull } from './pull.js';

const fixture = readFileSync(join(import.meta.dirname, 'testdata/allocation.json'), 'utf8');
let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = undefined;
});

describe('OpenCost pull', () => {
  it('asks /allocation for each day with the aggregate, and imports each day as its own committed import', async () => {
    const asked: string[] = [];
    const port = await freePort();
    server = createServer((req, res) => {
      asked.push(req.url!);
      res.setHeader('content-type', 'application/json');
      res.end(fixture);
    });
    await new Promise<void>((r) => server!.listen(port, '127.0.0.1', () => r()));
    const pushed: IngestRequest[] = [];
    const queue: IngestQueue = { push: async (r) => (pushed.push(r), { refused: [] }), admit() {}, depth: () => ({ rows: 0, bytes: 0 }), start: async () => {}, stop: async () => {} };
    const config = opencostConfigSchema.parse({ url: `http://127.0.0.1:${port}`, days: 2 });
    const pull = createOpencostPull({ ...config, url: config.url! }, defaultCostRules(), { queue, counters: { accepted() {}, refused() {}, refusedRequest() {} }, log: createLogger('error', () => {}) }, () => Date.UTC(2026, 11, 1, 9));
    expect(await pull.pull()).toBe(6);
    expect(asked.map((u) => decodeURIComponent(u))).toEqual([
      '/allocation?window=2026-11-30T00:00:00Z,2026-12-01T00:00:00Z&aggregate=namespace,label:team&accumulate=true',
      '/allocation?window=2026-12-01T00:00:00Z,2026-12-02T00:00:00Z&aggregate=namespace,label:team&accumulate=true',
    ]);
    expect(pushed.map((r) => r.parts.map((p) => `${p.table}:${p.rows}`).join())).toEqual(['cost_items:3', 'cost_imports:2', 'cost_items:3', 'cost_imports:2']);
    await pull.stop();
    await pull.stop();
  });
});
