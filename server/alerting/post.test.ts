import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../test/support/hub.js';
import { PostError, postJson, redact } from './post.js';
import { fastRetry, startCaptureServer, type CaptureReply, type CaptureServer } from './testing.js';

let server: CaptureServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const replies = (...list: CaptureReply[]) => (_: unknown, i: number) => list[Math.min(i, list.length - 1)]!;

describe('postJson', () => {
  it('sends the body as JSON and resolves on 2xx', async () => {
    server = await startCaptureServer(replies({ status: 202 }));
    await postJson(`${server.url}/x`, { a: [1] }, fastRetry());
    expect(server.requests.map((r) => [r.method, r.path, r.headers['content-type'], r.body])).toEqual([['POST', '/x', 'application/json', '{"a":[1]}']]);
  });

  it('retries 5xx and 429 until it gets through', async () => {
    server = await startCaptureServer(replies({ status: 503 }, { status: 429, headers: { 'retry-after': '0' } }, { status: 200 }));
    await postJson(server.url, {}, fastRetry(3));
    expect(server.requests).toHaveLength(3);
  });

  it('gives up after its attempts with the last status and body', async () => {
    server = await startCaptureServer(replies({ status: 500, body: 'storage unavailable' }));
    const err = (await postJson(server.url, {}, fastRetry(2)).catch((e: unknown) => e)) as PostError;
    expect(server.requests).toHaveLength(2);
    expect(err).toBeInstanceOf(PostError);
    expect(err.status).toBe(500);
    expect(err.message).toBe(`POST ${server.url} → 500: storage unavailable (gave up after 2 attempts)`);
  });

  it('does not retry a 4xx, and says what the server answered', async () => {
    server = await startCaptureServer(replies({ status: 400, body: 'invalid_blocks' }));
    const err = (await postJson(server.url, {}, fastRetry(3)).catch((e: unknown) => e)) as PostError;
    expect(server.requests).toHaveLength(1);
    expect(err.retryable).toBe(false);
    expect(err.message).toBe(`POST ${server.url} → 400: invalid_blocks`);
  });

  it('retries network errors', async () => {
    const port = await freePort();
    const err = (await postJson(`http://127.0.0.1:${port}/`, {}, fastRetry(2)).catch((e: unknown) => e)) as PostError;
    expect(err.status).toBeUndefined();
    expect(err.message).toMatch(new RegExp(`^POST http://127.0.0.1:${port} failed: .*ECONNREFUSED.* \\(gave up after 2 attempts\\)$`));
  });

  it('waits as long as Retry-After asks, up to the backoff cap', async () => {
    server = await startCaptureServer(replies({ status: 429, headers: { 'retry-after': '1' } }, { status: 200 }));
    const started = Date.now();
    await postJson(server.url, {}, { attempts: 2, initialBackoffMs: 10, maxBackoffMs: 300, timeoutMs: 2_000 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(Date.now() - started).toBeLessThan(900);
  });
});

describe('redact', () => {
  it.each([
    ['https://hooks.slack.com/services/T0/B0/secret', 'https://hooks.slack.com/services/…'],
    ['http://user:pw@am:9093', 'http://am:9093'],
    ['http://am:9093/api/v2/alerts', 'http://am:9093/api/…'],
    ['http://hook/x?token=1', 'http://hook/x/…'],
    ['nope', '(invalid URL)'],
  ])('%s → %s', (url, shown) => expect(redact(url)).toBe(shown));
});
