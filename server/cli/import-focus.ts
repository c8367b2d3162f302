/**
 * `octolens import focus <file…>`: FOCUS cost and usage exports (CSV, or .csv.gz) streamed to
 * a running hub's POST /ingest/cost/focus, never read whole: a multi-GB file costs the CLI a
 * few chunks of memory. Several files are one import (the parts of one export, e.g. AWS's
 * part-00001.csv.gz …): the last one commits it, so the billing periods they cover are
 * replaced together. A 429 or 503 is waited out (Retry-After) and the file sent again under
 * the same import and part, which the hub stores once.
 *
 * Exit codes: 0 imported; 3 imported, but some rows were refused (listed with their line);
 * 1 nothing imported (hub unreachable, file unreadable, import refused); 2 bad usage.
 */
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { request as httpRequest, type ClientRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { basename } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import type { FocusImportSummary } from '../../collectors/focus/import.js';
import { Money } from '../cost/decimal.js';
import { authHeaders, CliExit, errorMessage, EXIT_FAILED, EXIT_USAGE, exitUsage, hubOption, hubUrl, runCli, unreachable } from './hub-client.js';

const EXIT_OK = 0;
const EXIT_REJECTED_ROWS = 3;
const MAX_ATTEMPTS = 6;
const SHOWN_REJECTIONS = 20;

export interface ImportFocusOptions {
  hub: string;
  /** draw a progress bar (a terminal) */
  progress: boolean;
  importId?: string;
}

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  /** progress output without a newline (stderr on a terminal) */
  status?: (text: string) => void;
}

const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
function bytes(n: number): string {
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${n.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

function bar(done: number, total: number, started: number, name: string): string {
  const ratio = total > 0 ? Math.min(1, done / total) : 1;
  const width = 30;
  const filled = Math.round(ratio * width);
  const seconds = Math.max(0.001, (Date.now() - started) / 1000);
  return `\r${name} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(ratio * 100).toFixed(0).padStart(3)}% ${bytes(done)}/${bytes(total)} ${bytes(done / seconds)}/s `;
}

async function isGzip(path: string): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await fh.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await fh.close();
  }
}

/** POSTs a streamed body; resolves with the answer once the hub has answered (it answers after the whole body). */
function post(url: URL, headers: Record<string, string>, send: (req: ClientRequest) => Promise<void>): Promise<{ status: number; retryAfter: string | undefined; text: string }> {
  return new Promise((resolve, reject) => {
    const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, { method: 'POST', headers: { ...headers, 'Transfer-Encoding': 'chunked' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'], text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    // the hub may answer (a 4xx) before the whole body is sent: the answer wins over the broken pipe
    send(req).catch((err: unknown) => {
      if (!req.destroyed) reject(err);
    });
  });
}

async function sendPart(path: string, url: URL, opts: ImportFocusOptions, io: CliIo): Promise<FocusImportSummary> {
  const size = (await stat(path)).size;
  const gzip = await isGzip(path);
  for (let attempt = 1; ; attempt++) {
    let sent = 0;
    const started = Date.now();
    let lastDraw = 0;
    // node:http with stream.pipeline: the file is read only as fast as the socket drains, so the
    // CLI holds a few 64 KiB chunks whatever the file's size (fetch with a streamed body peaked
    // at ~480 MiB of RSS for a 356 MiB file here).
    const counter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        sent += chunk.length;
        if (opts.progress && io.status && Date.now() - lastDraw > 100) {
          lastDraw = Date.now();
          io.status(bar(sent, size, started, basename(path)));
        }
        done(null, chunk);
      },
    });
    let res: { status: number; retryAfter: string | undefined; text: string };
    try {
      res = await post(url, { 'Content-Type': 'text/csv', ...(gzip ? { 'Content-Encoding': 'gzip' } : {}), ...authHeaders() }, (req) =>
        pipeline(createReadStream(path, { highWaterMark: 1 << 16 }), counter, req),
      );
    } catch (e) {
      throw unreachable(url, e);
    }
    const text = res.text;
    if (opts.progress && io.status) io.status(`${bar(size, size, started, basename(path))}\n`);
    if (res.status === 200) return JSON.parse(text) as FocusImportSummary;
    const message = errorMessage(text);
    if ((res.status === 429 || res.status === 503) && attempt < MAX_ATTEMPTS) {
      const wait = Math.min(60, Number(res.retryAfter) || 2 ** attempt);
      io.err(`octolens: the hub is busy (${res.status}: ${message}); sending ${basename(path)} again in ${wait}s (attempt ${attempt + 1} of ${MAX_ATTEMPTS})`);
      await new Promise((r) => setTimeout(r, wait * 1000));
      continue;
    }
    throw new CliExit(EXIT_FAILED, `the hub refused ${path} (${res.status}): ${message}`);
  }
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** The command's work, printing through `io`; resolves with the exit code. */
export function importFocusFiles(files: string[], opts: ImportFocusOptions, io: CliIo): Promise<number> {
  return runCli(io, async () => {
    const hub = hubUrl(opts.hub);
    if (opts.importId !== undefined && !/^[\w.:-]{1,100}$/.test(opts.importId)) throw new CliExit(EXIT_USAGE, `--import-id: must be 1-100 letters, digits or ._:-, got "${opts.importId}"`);
    for (const f of files) {
      const info = await stat(f).catch(() => undefined);
      if (!info?.isFile()) throw new CliExit(EXIT_FAILED, `${f}: no such file`);
    }
    const importId = opts.importId ?? `cli-${Date.now()}-${randomBytes(4).toString('hex')}`;
    const summaries: Array<{ file: string; summary: FocusImportSummary }> = [];
    for (const [part, file] of files.entries()) {
      const url = new URL('/ingest/cost/focus', hub);
      url.searchParams.set('import', importId);
      url.searchParams.set('part', String(part));
      url.searchParams.set('final', String(part === files.length - 1));
      url.searchParams.set('source', 'cli');
      url.searchParams.set('file', basename(file));
      summaries.push({ file, summary: await sendPart(file, url, opts, io) });
    }

    const rows = summaries.reduce((n, s) => n + s.summary.rows, 0);
    const rejected = summaries.reduce((n, s) => n + s.summary.rejected, 0);
    io.out(`imported ${plural(rows, 'row')} from ${plural(files.length, 'file')} into ${hub.origin} (import ${importId})`);
    const totals = new Map<string, { billed: Money; effective: Money }>();
    for (const { summary } of summaries) {
      for (const t of summary.totals) {
        const sum = totals.get(t.currency) ?? { billed: new Money(0), effective: new Money(0) };
        totals.set(t.currency, { billed: sum.billed.plus(t.billedCost), effective: sum.effective.plus(t.effectiveCost) });
      }
    }
    for (const [currency, t] of [...totals].sort(([a], [b]) => (a < b ? -1 : 1))) {
      io.out(`total ${currency}: billed ${t.billed.toFixed(Math.max(2, t.billed.decimalPlaces()))}, effective ${t.effective.toFixed(Math.max(2, t.effective.decimalPlaces()))}`);
    }
    const periods = new Map<string, number>();
    for (const { summary } of summaries) {
      for (const p of summary.billingPeriods) {
        const key = `${p.billingAccountId} ${p.billingPeriodStart.slice(0, 10)} … ${p.billingPeriodEnd.slice(0, 10)}`;
        periods.set(key, (periods.get(key) ?? 0) + p.rows);
      }
    }
    io.out(`billing periods (replaced by this import): ${periods.size}`);
    for (const [key, n] of [...periods].sort(([a], [b]) => (a < b ? -1 : 1))) io.out(`  account ${key}: ${plural(n, 'row')}`);
    if (rejected === 0) {
      io.out('rejected: none');
      return EXIT_OK;
    }
    io.out(`rejected: ${plural(rejected, 'row')} (not imported; the others are)`);
    let shown = 0;
    for (const { file, summary } of summaries) {
      for (const r of summary.rejections) {
        if (shown++ >= SHOWN_REJECTIONS) break;
        io.out(`  ${file}:${r.line}: ${r.reason}`);
      }
    }
    if (rejected > SHOWN_REJECTIONS) io.out(`  and ${plural(rejected - Math.min(shown, SHOWN_REJECTIONS), 'more row')}`);
    return EXIT_REJECTED_ROWS;
  });
}

/** Adds `focus` to the `import` command. */
export function registerImportFocus(importCommand: Command): void {
  importCommand.description('send data to a running hub (catalog, FOCUS cost)');
  importCommand
    .command('focus')
    .description(
      'import FOCUS 1.0–1.3 cost and usage exports (CSV or .csv.gz, streamed); several files are one import. Re-importing a billing period of a billing account replaces it. Exit codes: 0 imported, 3 imported with rejected rows (listed file:line), 1 nothing imported, 2 bad usage',
    )
    .argument('<file...>', 'FOCUS CSV files, gzip or not: the parts of one export')
    .option(...hubOption)
    .option('--import-id <id>', 'name the import (default: cli-<time>-<random>); re-using one re-sends the same import')
    .option('--no-progress', 'no progress bar (there is none when stderr is not a terminal)')
    .exitOverride(exitUsage)
    .action(async (files: string[], opts: { hub: string; progress: boolean; importId?: string }) => {
      const tty = process.stderr.isTTY === true;
      process.exitCode = await importFocusFiles(
        files,
        { hub: opts.hub, progress: opts.progress && tty, importId: opts.importId },
        { out: console.log, err: console.error, status: (t) => process.stderr.write(t) },
      );
    });
}
