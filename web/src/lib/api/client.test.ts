import { describe, expect, it } from 'vitest';
import { ApiRequestError, createApiClient, withQuery } from './client';

const answer = (status: number, body: string, statusText = '') => async () => new Response(body, { status, statusText });

describe('withQuery', () => {
  it('leaves out empty values and encodes the rest', () => {
    expect(withQuery('/api/v1/logs', { q: 'a b', service: '', severity: undefined, limit: 50 })).toBe('/api/v1/logs?q=a+b&limit=50');
    expect(withQuery('/api/v1/services', {})).toBe('/api/v1/services');
  });

  it('repeats a parameter given as an array', () => {
    expect(withQuery('/api/v1/traces', { filter: ['http.route=/cart', 'code>=500'], service: 'pay' })).toBe('/api/v1/traces?filter=http.route%3D%2Fcart&filter=code%3E%3D500&service=pay');
    expect(withQuery('/api/v1/traces', { filter: [] })).toBe('/api/v1/traces');
  });
});

describe('createApiClient', () => {
  it('asks the right URL and returns the body', async () => {
    const urls: string[] = [];
    const api = createApiClient('http://hub', async (url) => {
      urls.push(String(url));
      return new Response(JSON.stringify({ range: { from: 1, to: 2 }, traces: [] }), { status: 200 });
    });
    expect(await api.traces({ service: 'checkout', status: 'error', minDurationMs: 250, from: 'now-1h', to: 'now' })).toEqual({ range: { from: 1, to: 2 }, traces: [] });
    await api.service('a/b c', { step: 60 });
    await api.trace('abc');
    expect(urls).toEqual([
      'http://hub/api/v1/traces?service=checkout&status=error&minDurationMs=250&from=now-1h&to=now',
      'http://hub/api/v1/services/a%2Fb%20c?step=60',
      'http://hub/api/v1/traces/abc',
    ]);
  });

  it('asks the Service-health endpoints, encoding group instance ids into one segment, and POSTs a reload', async () => {
    const calls: string[] = [];
    const api = createApiClient('http://hub', async (url, init) => {
      calls.push(`${init?.method} ${String(url)}`);
      return String(url).endsWith('/reload') ? new Response(null, { status: 204 }) : new Response('{}', { status: 200 });
    });
    await api.slos();
    await api.slo('checkout-latency/method=GET,route=/cart');
    expect(await api.reloadSlos()).toBeUndefined();
    await api.alerts();
    expect(calls).toEqual([
      'GET http://hub/api/v1/slos',
      'GET http://hub/api/v1/slos/checkout-latency%2Fmethod%3DGET%2Croute%3D%2Fcart',
      'POST http://hub/api/v1/slos/reload',
      'GET http://hub/api/v1/alerts',
    ]);
  });

  it('throws the ApiError message, code, status and request id of a 4xx', async () => {
    const api = createApiClient('', answer(404, JSON.stringify({ code: 'not_found', message: 'no trace abc', requestId: 'r1' })));
    const err = await api.trace('abc').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiRequestError);
    expect(err).toMatchObject({ message: 'no trace abc', status: 404, code: 'not_found', requestId: 'r1' });
  });

  it('names the status and path when the body is not an ApiError', async () => {
    const api = createApiClient('', answer(502, '<html>bad gateway</html>', 'Bad Gateway'));
    await expect(api.services({})).rejects.toThrow('502 Bad Gateway from /api/v1/services');
  });

  it('says the hub could not be reached when fetch fails', async () => {
    const api = createApiClient('', async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(api.logs({})).rejects.toMatchObject({ status: 0, code: 'network', message: 'could not reach the hub at /api/v1/logs: Failed to fetch' });
  });

  it('refuses a 200 without a JSON body', async () => {
    const api = createApiClient('', answer(200, 'ok'));
    await expect(api.metrics({})).rejects.toThrow('/api/v1/metrics answered 200 without a JSON body');
  });
});
