/**
 * POST /ingest/cost/focus against an in-memory queue: status mapping, line numbers of refused
 * rows (a quoted field spanning lines counts its lines), gzip, a full queue waited out, and the
 * markers that commit an import.
 */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { defaultCostRules } from '../../server/cost/rules.js';
import { QueueFullError, type IngestQueue, type IngestRequest } from '../../server/queue/types.js';
import { createLogger } from '../../server/lib/log.js';
import { focusConfigSchema } from './config.js';
import { focusRoutes } from './routes.js';

const header = 'BillingAccountId,BillingCurrency,BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,ChargeCategory,BilledCost,EffectiveCost,ChargeDescription';
const row = (amount: string, description = 'x') => `111,USD,2026-11-01T00:00:00Z,2026-12-01T00:00:00Z,2026-11-02T00:00:00Z,2026-11-03T00:00:00Z,Usage,${amount},${amount},${description}`;

function setup(options: { fullTimes?: number } = {}) {
  const pushed: IngestRequest[] = [];
  let full = options.fullTimes ?? 0;
  const queue: IngestQueue = {
    push: async (r) => {
      if (full > 0) {
        full--;
        throw new QueueFullError('queue full', 0.01);
      }
      pushed.push(r);
      return { refused: [] };
    },
    admit: () => {},
    depth: () => ({ rows: 0, bytes: 0 }),
    start: async () => {},
    stop: async () => {},
  };
  const app = focusRoutes(focusConfigSchema.parse({ batchRows: 100 }), defaultCostRules(), { queue, counters: { accepted() {}, refused() {}, refusedRequest() {} }, log: createLogger('error', () => {}) }, () => 1_796_000_000_000);
  const post = (body: string | Uint8Array, headers: Record<string, string> = {}, query = '') =>
    app.request(`/ingest/cost/focus${query}`, { method: 'POST', headers: { 'Content-Type': 'text/csv', ...headers }, body: typeof body === 'string' ? body : new Uint8Array(body) });
  return { pushed, post };
}

describe('POST /ingest/cost/focus', () => {
  it('numbers refused rows by the line they start on, multi-line quoted fields and empty lines included', async () => {
    const { post, pushed } = setup();
    const csv = [header, row('1.00', '"two\nlines"'), '', row('oops'), row('2.50'), row('3', '"a,b"')].join('\n') + '\n';
    const res = await post(csv);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      importId: expect.stringMatching(/^1796000000000-[0-9a-f]{12}$/),
      rows: 3,
      rejected: 1,
      rejections: [{ line: 5, reason: 'BilledCost: not a decimal number: "oops"' }],
      totals: [{ currency: 'USD', billedCost: '6.50', effectiveCost: '6.50' }],
    });
    const tables = pushed.flatMap((r) => r.parts.map((p) => `${p.table}:${p.rows}`));
    // the rows, then the period marker and the commit
    expect(tables).toEqual(['cost_items:3', 'cost_imports:2']);
    const lines = String(pushed[0]!.parts[0]!.data).trim().split('\n').map((l) => (JSON.parse(l) as { Line: number }).Line);
    expect(lines).toEqual([2, 6, 7]);
  });

  it('reads gzip by Content-Encoding or by its magic bytes, and refuses a broken one', async () => {
    const csv = `${header}\n${row('1.00')}\n`;
    expect((await setup().post(gzipSync(csv), { 'Content-Encoding': 'gzip' })).status).toBe(200);
    expect((await setup().post(gzipSync(csv), { 'Content-Type': 'application/gzip' })).status).toBe(200);
    const broken = await setup().post('not gzip at all', { 'Content-Encoding': 'gzip' });
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { message: string }).message).toMatch(/^invalid gzip body: /);
  });

  it('waits out a full queue instead of failing the import', async () => {
    const { post, pushed } = setup({ fullTimes: 3 });
    expect((await post(`${header}\n${row('1.00')}\n`)).status).toBe(200);
    expect(pushed).toHaveLength(2);
  });

  it.each([
    [{ 'Content-Type': 'application/json' }, '', 415],
    [{ 'Content-Encoding': 'br' }, '', 415],
    [{}, '?part=x', 400],
    [{}, '?final=maybe', 400],
    [{}, '?import=a%20b', 400],
  ])('answers %j %s with %d', async (headers, query, status) => {
    expect((await setup().post(`${header}\n${row('1')}\n`, headers, query)).status).toBe(status);
  });

  it('writes no commit row for a part that is not the last', async () => {
    const { post, pushed } = setup();
    expect((await post(`${header}\n${row('1')}\n`, {}, '?import=nov&part=0&final=false')).status).toBe(200);
    const markers = String(pushed[1]!.parts[0]!.data).trim().split('\n').map((l) => JSON.parse(l) as { Kind: string; ImportId: string });
    expect(markers.map((m) => [m.Kind, m.ImportId])).toEqual([['period', 'nov']]);
  });
});
