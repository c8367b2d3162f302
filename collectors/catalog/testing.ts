/** Test doubles for the catalog collector. */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A fake Backstage backend: the entities, paged; records each request; 401 without the token. */
export async function startBackstage(items: () => unknown[], token = 'backstage-token') {
  const requests: Array<{ url: string; authorization: string | undefined }> = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push({ url: `${url.pathname}${url.search}`, authorization: req.headers.authorization });
    if (url.pathname !== '/api/catalog/entities') return void res.writeHead(404).end('not found');
    if (req.headers.authorization !== `Bearer ${token}`) return void res.writeHead(401, { 'Content-Type': 'application/json' }).end('{"error":{"name":"AuthenticationError","message":"Missing credentials"}}');
    const offset = Number(url.searchParams.get('offset') ?? 0);
    const limit = Number(url.searchParams.get('limit') ?? 1e9);
    res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify(items().slice(offset, offset + limit)));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, requests, close: () => new Promise<void>((r) => server.close(() => r())) };
}

