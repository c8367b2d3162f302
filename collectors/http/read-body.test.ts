import { request as httpRequest } from 'node:http';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BodyTooLargeError, readBody } from './read-body.js';

const LIMIT = 64 * 1024;

/** A real @hono/node-server: readBody's path for a declared length is that server's own. */
describe('readBody behind @hono/node-server', () => {
  let server: ServerType;
  let port = 0;
  beforeAll(async () => {
    const app = new Hono();
    app.post('/', async (c) => {
      try {
        const body = await readBody(c.req.raw, LIMIT, 'TEST_MAX_BODY_BYTES');
        return c.text(`${body.length} ${body.subarray(0, 4).toString('hex')} ${body.subarray(-4).toString('hex')}`);
      } catch (err) {
        if (err instanceof BodyTooLargeError) return c.text(err.message, 413);
        throw err;
      }
    });
    server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  /** POSTs `chunks`, with a Content-Length when `declared`, else chunked. */
  const post = (chunks: Buffer[], declared: boolean) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const length = chunks.reduce((n, c) => n + c.length, 0);
      const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/', headers: declared ? { 'content-length': length } : { 'transfer-encoding': 'chunked' } }, (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode!, text }));
      });
      req.on('error', reject);
      for (const c of chunks) req.write(c);
      req.end();
    });
  // 40,000 bytes counting 0–250 over and over (the last four: 39,996 % 251 = 87, so 57 58 59 5a), so a lost or repeated chunk changes the ends or the length
  const body = Buffer.from(Array.from({ length: 40_000 }, (_, i) => i % 251));
  const pieces = [body.subarray(0, 10_000), body.subarray(10_000, 25_000), body.subarray(25_000)];

  it('reads a body of declared length whole, across the socket chunks it arrives in', async () => {
    expect(await post(pieces, true)).toEqual({ status: 200, text: '40000 00010203 5758595a' });
  });

  it('reads a chunked body within the limit whole', async () => {
    expect(await post(pieces, false)).toEqual({ status: 200, text: '40000 00010203 5758595a' });
  });

  it('refuses a declared length past the limit, naming it and the setting', async () => {
    expect(await post([Buffer.alloc(LIMIT + 1)], true)).toEqual({ status: 413, text: `request body of ${LIMIT + 1} bytes exceeds the limit of ${LIMIT} bytes (TEST_MAX_BODY_BYTES)` });
  });

  it('refuses a chunked body once it passes the limit', async () => {
    const res = await post([Buffer.alloc(LIMIT), Buffer.alloc(1)], false).catch((err: Error) => ({ status: 0, text: err.message }));
    // the server stops reading and answers; the client may see the reset first
    expect([413, 0]).toContain(res.status);
    if (res.status === 413) expect(res.text).toBe(`request body exceeds the limit of ${LIMIT} bytes (TEST_MAX_BODY_BYTES)`);
  });
});
