/**
 * One FOCUS CSV stream (a request body, gzip or not) → cost_items rows through the queue, in
 * batches, without holding the file: the CSV parser reads the body as it arrives, each batch
 * is pushed and the next one read only while at most `inFlight` batches wait to be stored,
 * so a multi-GB upload needs memory of a few batches, and a full queue slows the sender down
 * (TCP backpressure) instead of failing the import.
 *
 * At the end of the stream the import's markers are pushed (cost_imports: the billing
 * periods this part covered, and the commit row when it is the import's last part). Readers
 * only count committed imports, so an import that fails half way changes no figure.
 */
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { parse } from 'csv-parse';
import { Money } from '../../server/cost/decimal.js';
import type { CostRules } from '../../server/cost/rules.js';
import { QueueFullError, type IngestQueue, type PushResult } from '../../server/queue/types.js';
import type { CostImportRow, CostItemRow } from '../../server/storage/rows.js';
import { encodeRows } from '../encode.js';
import { DeliveryError } from '../delivery/errors.js';
import type { IngestCounters } from '../types.js';
import { normaliseRecord, readHeader, type FocusHeader } from './normalise.js';

export interface FocusImportParams {
  importId: string;
  part: number;
  /** the import's last part: write its commit row */
  final: boolean;
  importedAtMs: number;
  source: 'upload' | 'cli';
  file: string;
}

export interface FocusImportDeps {
  queue: IngestQueue;
  counters: IngestCounters;
  rules: CostRules;
  batchRows: number;
  /** batches pushed and not yet stored before the parser pauses */
  inFlight: number;
  /** longest a full queue is waited for before the import is refused 429 */
  maxQueueWaitMs: number;
  maxRejections: number;
}

export interface Rejection {
  line: number;
  reason: string;
}

export interface CurrencyTotal {
  currency: string;
  billedCost: string;
  effectiveCost: string;
}

export interface BillingPeriodSummary {
  billingAccountId: string;
  billingPeriodStart: string;
  billingPeriodEnd: string;
  rows: number;
}

/** What POST /ingest/cost/focus answers once every row is stored. */
export interface FocusImportSummary {
  importId: string;
  part: number;
  committed: boolean;
  rows: number;
  rejected: number;
  /** the first `maxRejections` refused rows, by line (the header is line 1) */
  rejections: Rejection[];
  totals: CurrencyTotal[];
  billingPeriods: BillingPeriodSummary[];
}

const iso = (seconds: number) => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');

/** Exact text: all the digits a sum has, at least two. */
function amountText(d: Money): string {
  return d.toFixed(Math.max(2, d.decimalPlaces()));
}

async function* gunzipIfNeeded(body: AsyncIterable<Uint8Array>, declaredGzip: boolean): AsyncGenerator<Buffer> {
  const it = body[Symbol.asyncIterator]();
  const first = await it.next();
  if (first.done) return;
  const head = Buffer.from(first.value);
  const rest = (async function* () {
    yield head;
    for (;;) {
      const n = await it.next();
      if (n.done) return;
      yield Buffer.from(n.value);
    }
  })();
  // A .csv.gz sent without Content-Encoding is recognised by its magic bytes.
  if (!declaredGzip && !(head[0] === 0x1f && head[1] === 0x8b)) {
    yield* rest;
    return;
  }
  const gunzip = Readable.from(rest).pipe(createGunzip());
  try {
    for await (const chunk of gunzip) yield chunk as Buffer;
  } catch (err) {
    throw new DeliveryError('malformed', `invalid gzip body: ${(err as Error).message}`);
  }
}

/**
 * Reads, normalises and stores one CSV stream; throws DeliveryError (400 malformed header or
 * CSV, 429 queue full past `maxQueueWaitMs`, 503 store failing, 400 store refused).
 */
export async function importFocus(body: AsyncIterable<Uint8Array>, declaredGzip: boolean, params: FocusImportParams, deps: FocusImportDeps): Promise<FocusImportSummary> {
  const importedAt = `${Math.floor(params.importedAtMs / 1000)}.${String(params.importedAtMs % 1000).padStart(3, '0')}`;
  const ctx = { importId: params.importId, part: params.part, importedAt, rules: deps.rules };
  const rejections: Rejection[] = [];
  let rejected = 0;
  const reject = (line: number, reason: string) => {
    rejected++;
    if (rejections.length < deps.maxRejections) rejections.push({ line, reason });
  };
  const parser = parse({
    bom: true,
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    // a stray quote must not swallow the rest of a multi-GB file into one field
    max_record_size: 1 << 20,
    on_skip: (err) => {
      reject((err as { lines?: number } | undefined)?.lines ?? 0, `CSV: ${err?.message.replace(/ at line \d+/, '') ?? 'unreadable record'}`);
      return undefined;
    },
  });
  const input = Readable.from(gunzipIfNeeded(body, declaredGzip));
  input.on('error', (err) => parser.destroy(err));
  input.pipe(parser);

  let header: FocusHeader | undefined;
  let batch: CostItemRow[] = [];
  let batchNo = 0;
  const pending = new Set<Promise<void>>();
  let failure: unknown;
  const totals = new Map<string, { billed: Money; effective: Money }>();
  const periods = new Map<string, { account: string; start: number; end: number; rows: number }>();
  let rows = 0;
  let lastEnd = 0;
  let lastEmpty = 0;

  const push = async (key: string, part: ReturnType<typeof encodeRows>) => {
    const deadline = Date.now() + deps.maxQueueWaitMs;
    for (;;) {
      let result: PushResult;
      try {
        result = await deps.queue.push({ key, parts: [part] });
      } catch (err) {
        // The parser is paused while we wait, so the client's upload waits too.
        if (err instanceof QueueFullError && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, Math.min(Math.max(err.retryAfterSeconds, 0.05) * 1000, 1000)));
          continue;
        }
        throw err;
      }
      if (result.refused.length > 0) {
        deps.counters.refused('cost', 'store_refused', part.rows);
        throw new DeliveryError('store_refused', result.refused.map((r) => `${r.rows} rows of ${r.table} refused: ${r.message}`).join('; '));
      }
      deps.counters.accepted('cost', part.rows);
      return;
    }
  };
  const flush = async () => {
    if (batch.length === 0) return;
    const part = encodeRows('cost_items', batch);
    batch = [];
    const p = push(`cost/focus/${params.importId}/${params.part}/${batchNo++}`, part).catch((err: unknown) => {
      failure ??= err;
    });
    pending.add(p);
    void p.finally(() => pending.delete(p));
    while (pending.size >= deps.inFlight) await Promise.race(pending);
    if (failure) throw failure;
  };

  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number; empty_lines: number } }>) {
      // info.lines is where the record ends; it starts after the previous one (and any empty lines)
      const line = lastEnd + 1 + (info.empty_lines - lastEmpty);
      lastEnd = info.lines;
      lastEmpty = info.empty_lines;
      if (!header) {
        try {
          header = readHeader(record);
        } catch (err) {
          throw new DeliveryError('malformed', `line ${line}: ${(err as Error).message}`);
        }
        continue;
      }
      const result = normaliseRecord(header, record, line, ctx);
      if ('error' in result) {
        reject(line, result.error);
        continue;
      }
      const row = result.row;
      rows++;
      const t = totals.get(row.BillingCurrency) ?? { billed: new Money(0), effective: new Money(0) };
      t.billed = t.billed.plus(row.BilledCost);
      t.effective = t.effective.plus(row.EffectiveCost);
      totals.set(row.BillingCurrency, t);
      const pk = `${row.BillingAccountId}\u0000${row.BillingPeriodStart}`;
      const period = periods.get(pk);
      if (period) {
        period.rows++;
        period.end = Math.max(period.end, row.BillingPeriodEnd);
      } else periods.set(pk, { account: row.BillingAccountId, start: row.BillingPeriodStart, end: row.BillingPeriodEnd, rows: 1 });
      batch.push(row);
      if (batch.length >= deps.batchRows) await flush();
    }
    await flush();
    await Promise.all(pending);
    if (failure) throw failure;
  } catch (err) {
    input.destroy();
    parser.destroy();
    await Promise.allSettled(pending);
    if (err instanceof DeliveryError) throw err;
    const code = (err as { code?: string }).code;
    if (typeof code === 'string' && code.startsWith('CSV_')) throw new DeliveryError('malformed', `CSV: ${(err as Error).message}`);
    throw err;
  }
  if (!header) throw new DeliveryError('malformed', 'empty body: expected a FOCUS CSV file with a header line');
  if (rejected > 0) deps.counters.refused('cost', 'invalid_item', rejected);

  const markers: CostImportRow[] = [...periods.values()].map((p) => ({
    ImportId: params.importId,
    Kind: 'period',
    Part: params.part,
    BillingAccountId: p.account,
    BillingPeriodStart: p.start,
    BillingPeriodEnd: p.end,
    Rows: p.rows,
    ImportedAt: importedAt,
    Source: params.source,
    File: params.file,
  }));
  if (params.final) {
    markers.push({ ImportId: params.importId, Kind: 'commit', Part: params.part, BillingAccountId: '', BillingPeriodStart: 0, BillingPeriodEnd: 0, Rows: rows, ImportedAt: importedAt, Source: params.source, File: params.file });
  }
  if (markers.length > 0) await push(`cost/focus/${params.importId}/${params.part}/markers`, encodeRows('cost_imports', markers));

  return {
    importId: params.importId,
    part: params.part,
    committed: params.final,
    rows,
    rejected,
    rejections,
    totals: [...totals].sort(([a], [b]) => (a < b ? -1 : 1)).map(([currency, t]) => ({ currency, billedCost: amountText(t.billed), effectiveCost: amountText(t.effective) })),
    billingPeriods: [...periods.values()]
      .sort((a, b) => (a.account === b.account ? a.start - b.start : a.account < b.account ? -1 : 1))
      .map((p) => ({ billingAccountId: p.account, billingPeriodStart: iso(p.start), billingPeriodEnd: iso(p.end), rows: p.rows })),
  };
}
