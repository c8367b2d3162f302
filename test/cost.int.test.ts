/**
 * FOCUS cost through the real hub: POST /ingest/cost/focus and `octolens import focus`, the
 * allocation rules of OCTOLENS_COST_RULES, and GET /api/v1/cost's figures checked to the
 * cent against the sums below, done by hand from collectors/focus/testdata/focus-sample.csv:
 *
 * USD (Acme AWS and Contoso EA, billing period 2026-11), effective / billed:
 *   payments  direct: line 2 100.00/100.00 + line 6 23.40/23.40 + line 7 (credit) −10.00/−10.00 = 113.40/113.40
 *   search    direct: line 3 (reservation-covered) 45.50/0 + line 10 (owner alias) 55.555/55.555 = 101.055/55.555
 *   platform  direct: line 11 (rule on subAccountId) 7.10/7.10
 *   unallocated: line 4 (the reservation's purchase) 0/120.00 + line 5 (its unused part) 12.25/0 = 12.25/120.00
 *   support (line 9, 30.00/30.00) even among payments, platform, search: 10.00 each
 *   tax (line 8, 18.35/18.35) in proportion to direct effective cost, 221.555 in all:
 *     payments 18.35 × 113.40 / 221.555 = 9.3922050958…, platform 18.35 × 7.10 / 221.555 = 0.5880481144…,
 *     search the rest, 8.3697467898
 *   → payments 113.40 + 10 + 9.3922050958 = 132.7922050958 → "132.79" (effective and billed)
 *     search   101.055 + 10 + 8.3697467898 = 119.4247467898 → "119.42"; billed 55.555 + 18.3697467898 = 73.9247467898 → "73.92"
 *     platform 7.10 + 10 + 0.5880481144 = 17.6880481144 → "17.69"
 *   total effective 282.155 → "282.16", billed 344.405 → "344.40" (each figure rounded half-even on its own)
 * EUR (Acme GCP): payments 40.00 (cost-center CC-1042 mapped), search 0.01 (" Team " tag), unallocated 9.99 (BigQuery).
 * Line 14 (BilledCost "12,5x") is refused; line 15 after it is kept.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CostResult } from '../shared/api.js';
import type { FocusImportSummary } from '../collectors/focus/import.js';
import { freePort, startHub, type RunningHub } from './support/hub.js';

const root = resolve(import.meta.dirname, '..');
const testdata = join(root, 'collectors/focus/testdata');
const sample = readFileSync(join(testdata, 'focus-sample.csv'));
const run = promisify(execFile);
const range = 'from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z';

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [join(root, 'bin/octolens.mjs'), 'import', 'focus', ...args], { cwd: root });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

let hub: RunningHub;
const cost = async (query: string): Promise<CostResult> => {
  const res = await fetch(`${hub.apiUrl}/api/v1/cost?${range}&${query}`);
  expect(res.status).toBe(200);
  return (await res.json()) as CostResult;
};
const upload = (body: Uint8Array | string, query = '', headers: Record<string, string> = {}) =>
  fetch(`${hub.apiUrl}/ingest/cost/focus${query}`, { method: 'POST', headers: { 'Content-Type': 'text/csv', ...headers }, body: typeof body === 'string' ? body : new Uint8Array(body) });

const teamsUsd = {
  currency: 'USD',
  total: { billedCost: '344.40', effectiveCost: '282.16' },
  groups: [
    { key: 'payments', billedCost: '132.79', effectiveCost: '132.79' },
    { key: 'search', billedCost: '73.92', effectiveCost: '119.42' },
    { key: 'platform', billedCost: '17.69', effectiveCost: '17.69' },
    { key: 'unallocated', billedCost: '120.00', effectiveCost: '12.25' },
  ],
  currencies: [
    { currency: 'EUR', billedCost: '50.00', effectiveCost: '50.00' },
    { currency: 'USD', billedCost: '344.40', effectiveCost: '282.16' },
  ],
};

beforeAll(async () => {
  hub = await startHub({ env: { OCTOLENS_COST_RULES: join(testdata, 'cost-rules.yaml') } });
});

afterAll(async () => {
  await hub?.dispose();
});

describe('FOCUS cost through the hub', () => {
  it('answers an empty range with no currency and zero totals', async () => {
    expect(await cost('groupBy=team')).toMatchObject({ currency: null, total: { billedCost: '0.00', effectiveCost: '0.00' }, groups: [], currencies: [] });
  });

  it('imports the sample (one malformed row refused by line, the rest kept) and shows back each team to the cent', async () => {
    const res = await upload(sample);
    expect(res.status).toBe(200);
    const summary = (await res.json()) as FocusImportSummary;
    expect(summary).toMatchObject({
      committed: true,
      rows: 13,
      rejected: 1,
      rejections: [{ line: 14, reason: 'BilledCost: not a decimal number: "12,5x"' }],
      totals: [
        { currency: 'EUR', billedCost: '50.00', effectiveCost: '50.00' },
        { currency: 'USD', billedCost: '344.405', effectiveCost: '282.155' },
      ],
      billingPeriods: [
        { billingAccountId: '01ABCD-234567-89EFGH', billingPeriodStart: '2026-11-01T00:00:00Z', billingPeriodEnd: '2026-12-01T00:00:00Z', rows: 3 },
        { billingAccountId: '111111111111', billingPeriodStart: '2026-11-01T00:00:00Z', billingPeriodEnd: '2026-12-01T00:00:00Z', rows: 8 },
        { billingAccountId: 'azure-ea-42', billingPeriodStart: '2026-11-01T00:00:00Z', billingPeriodEnd: '2026-12-01T00:00:00Z', rows: 2 },
      ],
    });
    expect(await cost('groupBy=team')).toMatchObject(teamsUsd);
    expect(await cost('groupBy=team&currency=eur')).toMatchObject({
      currency: 'EUR',
      total: { billedCost: '50.00', effectiveCost: '50.00' },
      groups: [
        { key: 'payments', billedCost: '40.00', effectiveCost: '40.00' },
        { key: 'unallocated', billedCost: '9.99', effectiveCost: '9.99' },
        { key: 'search', billedCost: '0.01', effectiveCost: '0.01' },
      ],
    });
  });

  it('groups by provider, environment, service, service category and month', async () => {
    expect((await cost('groupBy=provider')).groups).toEqual([
      { key: 'AWS', billedCost: '281.75', effectiveCost: '219.50' },
      { key: 'Microsoft', billedCost: '62.66', effectiveCost: '62.66' },
    ]);
    expect((await cost('groupBy=environment')).groups).toEqual([
      { key: 'production', billedCost: '100.00', effectiveCost: '145.50' },
      { key: 'unallocated', billedCost: '188.85', effectiveCost: '81.10' },
      { key: 'staging', billedCost: '55.56', effectiveCost: '55.56' },
    ]);
    expect((await cost('groupBy=service')).groups).toEqual([
      { key: 'unallocated', billedCost: '221.00', effectiveCost: '158.76' },
      { key: 'checkout', billedCost: '123.40', effectiveCost: '123.40' },
    ]);
    expect((await cost('groupBy=serviceCategory')).groups).toEqual([
      { key: 'Compute', billedCost: '283.90', effectiveCost: '221.66' },
      { key: 'Storage', billedCost: '30.50', effectiveCost: '30.50' },
      { key: 'Management and Governance', billedCost: '30.00', effectiveCost: '30.00' },
    ]);
    expect(await cost('groupBy=month')).toMatchObject({ total: { billedCost: '344.40', effectiveCost: '282.16' }, groups: [{ key: '2026-11', billedCost: '344.40', effectiveCost: '282.16' }] });
  });

  it("filters by team: its own rows by the dimension, and its shares of shared costs", async () => {
    expect(await cost('groupBy=service&team=payments')).toMatchObject({
      team: 'payments',
      currency: 'USD',
      total: { billedCost: '132.79', effectiveCost: '132.79' },
      groups: [
        { key: 'checkout', billedCost: '123.40', effectiveCost: '123.40' },
        { key: 'shared:support', billedCost: '10.00', effectiveCost: '10.00' },
        { key: 'shared:tax', billedCost: '9.39', effectiveCost: '9.39' },
        { key: 'unallocated', billedCost: '-10.00', effectiveCost: '-10.00' },
      ],
    });
    expect((await cost('groupBy=team&team=search')).groups).toEqual([{ key: 'search', billedCost: '73.92', effectiveCost: '119.42' }]);
  });

  it('changes no figure when the same file is imported again, gzip as Content-Encoding or as a .csv.gz body', async () => {
    expect((await upload(gzipSync(sample), '', { 'Content-Encoding': 'gzip' })).status).toBe(200);
    expect(await cost('groupBy=team')).toMatchObject(teamsUsd);
    expect((await upload(gzipSync(sample), '', { 'Content-Type': 'application/gzip' })).status).toBe(200);
    expect(await cost('groupBy=team')).toMatchObject(teamsUsd);
  });

  it('counts an import only once committed, and a re-import replaces its billing periods only', async () => {
    const lines = sample.toString('utf8').trimEnd().split('\n');
    // Acme AWS's November again, now only its on-demand EC2 row at 90.00
    const awsOnly = [lines[0], lines[1]!.replace(',100.00,100.00,', ',90.00,90.00,')].join('\n') + '\n';
    // an unfinished part changes nothing
    expect((await upload(awsOnly, '?import=aws-nov-partial&final=false')).status).toBe(200);
    expect(await cost('groupBy=team')).toMatchObject(teamsUsd);
    const res = await upload(awsOnly);
    expect(res.status).toBe(200);
    expect((await res.json()) as FocusImportSummary).toMatchObject({ rows: 1, rejected: 0, totals: [{ currency: 'USD', billedCost: '90.00', effectiveCost: '90.00' }] });
    // AWS's period is now the one row; Azure's (search 55.555, platform 7.10) is untouched
    expect(await cost('groupBy=team')).toMatchObject({
      total: { billedCost: '152.66', effectiveCost: '152.66' },
      groups: [
        { key: 'payments', billedCost: '90.00', effectiveCost: '90.00' },
        { key: 'search', billedCost: '55.56', effectiveCost: '55.56' },
        { key: 'platform', billedCost: '7.10', effectiveCost: '7.10' },
      ],
    });
    expect((await cost('groupBy=team&currency=EUR')).total).toEqual({ billedCost: '50.00', effectiveCost: '50.00' });
  });

  it('octolens import focus: streams the file, prints the summary with the refused line, exits 3; the figures are the sample\'s again', async () => {
    const { code, stdout, stderr } = await cli([join(testdata, 'focus-sample.csv'), '--hub', hub.apiUrl]);
    expect(stderr).toBe('');
    expect(code).toBe(3);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(new RegExp(`^imported 13 rows from 1 file into ${hub.apiUrl.replace(/[.]/g, '\\.')} \\(import cli-\\d+-[0-9a-f]{8}\\)$`));
    expect(lines.slice(1)).toEqual([
      'total EUR: billed 50.00, effective 50.00',
      'total USD: billed 344.405, effective 282.155',
      'billing periods (replaced by this import): 3',
      '  account 01ABCD-234567-89EFGH 2026-11-01 … 2026-12-01: 3 rows',
      '  account 111111111111 2026-11-01 … 2026-12-01: 8 rows',
      '  account azure-ea-42 2026-11-01 … 2026-12-01: 2 rows',
      'rejected: 1 row (not imported; the others are)',
      `  ${join(testdata, 'focus-sample.csv')}:14: BilledCost: not a decimal number: "12,5x"`,
    ]);
    expect(await cost('groupBy=team')).toMatchObject(teamsUsd);
  });

  it('octolens import focus: several files are one import; a clean import exits 0, an unreachable hub 1, a bad --hub 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'octolens-focus-'));
    const lines = sample.toString('utf8').trimEnd().split('\n');
    // lines 2–9 (AWS) and 10–13 (Azure, GCP) as two gzip parts of one export
    writeFileSync(join(dir, 'part-1.csv.gz'), gzipSync([lines[0], ...lines.slice(1, 9)].join('\n') + '\n'));
    writeFileSync(join(dir, 'part-2.csv.gz'), gzipSync([lines[0], ...lines.slice(9, 13), lines[14]].join('\n') + '\n'));
    const ok = await cli([join(dir, 'part-1.csv.gz'), join(dir, 'part-2.csv.gz'), '--hub', hub.apiUrl]);
    expect(ok.stdout).toContain('imported 13 rows from 2 files');
    expect(ok.stdout).toContain('rejected: none');
    expect(ok.code).toBe(0);
    expect(await cost('groupBy=team')).toMatchObject(teamsUsd);

    const closed = await freePort();
    const down = await cli([join(dir, 'part-1.csv.gz'), '--hub', `http://127.0.0.1:${closed}`]);
    expect(down.code).toBe(1);
    expect(down.stderr).toBe(`octolens: cannot reach the hub at http://127.0.0.1:${closed} (ECONNREFUSED): is it running? Point --hub at it\n`);
    const usage = await cli([join(dir, 'part-1.csv.gz'), '--hub', 'not a url']);
    expect(usage.code).toBe(2);
  });

  it('refuses a file that is not FOCUS, naming what is missing, and stores nothing', async () => {
    const res = await upload('date,amount\n2026-11-01,3\n');
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      code: 'malformed',
      message:
        'line 1: not a FOCUS header: missing BillingAccountId, BillingCurrency, BillingPeriodStart, BillingPeriodEnd, ChargePeriodStart, ChargePeriodEnd, ChargeCategory, BilledCost, EffectiveCost (line 1 must name the FOCUS columns; got "date", "amount")',
    });
    expect((await upload('x', '', { 'Content-Type': 'application/json' })).status).toBe(415);
    expect(await cost('groupBy=team')).toMatchObject(teamsUsd);
  });
});
