/**
 * What reading a request body costs the hub's HTTP server: `npm run bench:http-body -- --help`.
 *
 * A @hono/node-server in a child process answers POSTs two ways: with the collectors'
 * readBody (collectors/http/read-body.ts), and by reading the request's web stream to its end
 * (what readBody did for every body before 2026-12-07). This process sends the same bodies
 * to each in turn, alternating the order per round, and reads the server's CPU time from
 * /proc: server CPU µs per request, medians, and their ratio. Writes bench/results/http-body.md.
 */
import { fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { readBody } from '../../collectors/http/read-body.js';
import { cpuSeconds } from '../support/proc.js';
import { machine, spread } from '../support/stats.js';

const help = `usage: npm run bench:http-body -- [options]

  --requests N   requests per phase (default 3000)
  --rounds N     rounds, each timing both readers (default 5)
  --sizes LIST   body sizes in bytes, comma-separated (default 270000,30000: an OTLP request of
                 512 SDK spans, a remote_write request of ~500 series after snappy)
  --no-write     print the results, write nothing
  --help         this text
`;

/** The reference: the body read from the request's web stream, chunk by chunk. */
async function readWebStream(request: Request): Promise<Buffer> {
  const reader = request.body!.getReader();
  const chunks: Uint8Array[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks);
    chunks.push(value);
  }
}

const readers = { 'readBody (collectors/http)': (r: Request) => readBody(r, 1 << 26, 'limit'), 'web stream': readWebStream };
type ReaderName = keyof typeof readers;
const names = Object.keys(readers) as ReaderName[];

if (process.argv.includes('--serve')) {
  const app = new Hono();
  names.forEach((name, i) => app.post(`/${i}`, async (c) => c.text(String((await readers[name](c.req.raw)).length))));
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => process.send!(info.port));
  process.on('disconnect', () => server.close());
} else {
  const { values: opts } = parseArgs({
    options: {
      requests: { type: 'string', default: '3000' },
      rounds: { type: 'string', default: '5' },
      sizes: { type: 'string', default: '270000,30000' },
      'no-write': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (opts.help) {
    process.stdout.write(help);
    process.exit(0);
  }
  const child = fork(fileURLToPath(import.meta.url), ['--serve'], { execArgv: ['--import', 'tsx'] });
  const port = await new Promise<number>((resolve) => child.once('message', (p) => resolve(Number(p))));
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  const send = (path: string, body: Buffer) =>
    new Promise<void>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path, method: 'POST', agent, headers: { 'content-type': 'application/x-protobuf', 'content-length': body.length } }, (res) => {
        let answer = '';
        res.on('data', (d: Buffer) => (answer += d));
        res.on('end', () => (answer === String(body.length) ? resolve() : reject(new Error(`${path} read ${answer} of ${body.length} bytes`))));
      });
      req.on('error', reject);
      req.end(body);
    });
  /** Server CPU µs per request over `n` requests, 16 in flight. */
  async function phase(reader: number, body: Buffer, n: number): Promise<number> {
    const before = cpuSeconds(child.pid!);
    let sent = 0;
    await Promise.all(Array.from({ length: 16 }, async () => {
      while (sent++ < n) await send(`/${reader}`, body);
    }));
    return ((cpuSeconds(child.pid!) - before) * 1e6) / n;
  }

  const requests = Number(opts.requests);
  const rows: string[] = [];
  for (const size of opts.sizes!.split(',').map(Number)) {
    const body = Buffer.alloc(size, 0x2a);
    for (let i = 0; i < names.length; i++) await phase(i, body, 200); // warm-up
    const us: number[][] = names.map(() => []);
    for (let round = 0; round < Number(opts.rounds); round++) {
      const order = round % 2 ? [...names.keys()].reverse() : [...names.keys()];
      for (const i of order) us[i]!.push(await phase(i, body, requests));
    }
    const medians = us.map((u) => spread(u).median);
    const ratio = spread(us[0]!.map((u, r) => u / us[1]![r]!)).median;
    console.error(`${size} bytes: ${names.map((n, i) => `${n} ${medians[i]!.toFixed(0)} µs`).join(', ')}; ratio ${ratio.toFixed(2)}`);
    rows.push(`| ${size.toLocaleString('en-US')} | ${medians.map((m) => m.toFixed(0)).join(' | ')} | ${ratio.toFixed(2)}× |`);
  }
  agent.destroy();
  child.disconnect();

  const { cores, cpu } = machine();
  const report = `# Reading a request body: the hub's HTTP server CPU per request

${new Date().toISOString().slice(0, 10)} · ${cores} cores (${cpu}) · Node ${process.version} · \`npm run bench:http-body\`

A @hono/node-server in its own process answers POSTs of each size, ${requests.toLocaleString('en-US')} a phase,
16 in flight over keep-alive connections, ${opts.rounds} rounds alternating the order; its CPU is read from /proc.
Every answer is checked to have read the whole body.

| body bytes | ${names.map((n) => `${n}, server µs per request`).join(' | ')} | ratio (median of the rounds') |
|---|---|---|---|
${rows.join('\n')}

readBody reads a body of declared length with \`Request.arrayBuffer()\`, which @hono/node-server
answers from the socket's chunks; the web stream goes through Node's stream adapters chunk by chunk.
A body without Content-Length (chunked) still takes the stream, so its limit holds while it arrives.
`;
  if (opts['no-write']) process.stdout.write(report);
  else writeFileSync(fileURLToPath(new URL('../results/http-body.md', import.meta.url)), report);
}
