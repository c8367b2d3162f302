import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../lib/log.js';
import type { RetryPolicy } from './post.js';
import type { AlertTransition } from './types.js';

export interface CapturedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** the body parsed as JSON, undefined when it is not JSON */
  json: unknown;
}

export interface CaptureReply {
  status: number;
  body?: string;
  headers?: Record<string, string>;
}

export interface CaptureServer {
  url: string;
  requests: CapturedRequest[];
  /** resolves once `count` requests have arrived */
  waitFor(count: number, timeoutMs?: number): Promise<CapturedRequest[]>;
  close(): Promise<void>;
}

/** A local HTTP server that records every request and answers as `reply` says (200 by default). */
export async function startCaptureServer(reply: (req: CapturedRequest, index: number) => CaptureReply = () => ({ status: 200 })): Promise<CaptureServer> {
  const requests: CapturedRequest[] = [];
  const waiters: Array<() => void> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        json = undefined;
      }
      const captured: CapturedRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, json };
      requests.push(captured);
      const r = reply(captured, requests.length - 1);
      res.writeHead(r.status, r.headers ?? {});
      res.end(r.body ?? '');
      for (const w of waiters.splice(0)) w();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    async waitFor(count, timeoutMs = 10_000) {
      const until = Date.now() + timeoutMs;
      while (requests.length < count) {
        if (Date.now() > until) throw new Error(`expected ${count} requests, got ${requests.length} in ${timeoutMs} ms`);
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 100);
        });
      }
      return requests;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** Retries fast enough for tests. */
export const fastRetry = (attempts = 3): RetryPolicy => ({ attempts, initialBackoffMs: 10, maxBackoffMs: 50, timeoutMs: 2_000 });

/** A logger that keeps its lines. */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const emit = (level: string) => (msg: string, fields: Record<string, unknown> = {}) => {
    const kv = Object.entries(fields).map(([k, v]) => `${k}=${v instanceof Error ? v.message : typeof v === 'string' ? v : JSON.stringify(v)}`);
    lines.push([level, msg, ...kv].join(' '));
  };
  return { lines, debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}

/** An SLO page-tier transition, overridable field by field. */
export function sloTransition(over: Partial<AlertTransition> = {}): AlertTransition {
  return {
    id: 'checkout-availability:page-fast',
    name: 'CheckoutAvailabilityBurn',
    kind: 'slo',
    severity: 'page',
    from: 'pending',
    to: 'firing',
    at: 1_800_000_000,
    labels: { service: 'checkout', slo: 'availability', team: 'payments' },
    annotations: { summary: 'checkout is burning its error budget', runbook_url: 'https://runbooks.example.com/checkout' },
    value: 25.3333333,
    sloId: 'checkout-availability',
    ...over,
  };
}
