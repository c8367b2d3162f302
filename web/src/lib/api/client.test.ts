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

  it('asks the audit log with its filters and cursor', async () => {
    const urls: string[] = [];
    const api = createApiClient('http://hub', async (url) => {
      urls.push(String(url));
      return new Response(JSON.stringify({ entries: [], nextCursor: null }), { status: 200 });
    });
    expect(await api.audit({ from: 'now-7d', to: 'now', actor: 'ada', action: 'silence.create', cursor: 'eyJpZCI6IjcifQ' })).toEqual({ entries: [], nextCursor: null });
    await api.audit({ from: 'now-1h', to: 'now', actor: undefined, action: undefined });
    expect(urls).toEqual(['http://hub/api/v1/audit?from=now-7d&to=now&actor=ada&action=silence.create&cursor=eyJpZCI6IjcifQ', 'http://hub/api/v1/audit?from=now-1h&to=now']);
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

  it('logs in and out through /api/v1/session, sending the credentials as JSON', async () => {
    const calls: string[] = [];
    const session = { auth: true, user: { name: 'ann', role: 'editor' }, expiresAt: '2026-12-04T06:00:00.000Z' };
    const api = createApiClient('', async (url, init) => {
      calls.push(`${init?.method} ${String(url)} ${init?.body ?? ''}`.trim());
      return init?.method === 'DELETE' ? new Response(null, { status: 204 }) : new Response(JSON.stringify(session), { status: 200 });
    });
    expect(await api.session()).toEqual(session);
    expect(await api.login({ username: 'ann', password: 'pw "1"' })).toEqual(session);
    await api.login({ token: 'olt_abc' });
    expect(await api.logout()).toBeUndefined();
    expect(calls).toEqual([
      'GET /api/v1/session',
      'POST /api/v1/session {"username":"ann","password":"pw \\"1\\""}',
      'POST /api/v1/session {"token":"olt_abc"}',
      'DELETE /api/v1/session',
    ]);
  });

  it('reports a 401 from the API as a lost session, but not a refused login', async () => {
    const lost: string[] = [];
    const refusal = JSON.stringify({ code: 'unauthorized', message: 'wrong user name or password' });
    const api = createApiClient('', answer(401, refusal), { onUnauthorized: (err) => lost.push(`${err.status} ${err.message}`) });
    await expect(api.services({})).rejects.toMatchObject({ status: 401, code: 'unauthorized' });
    await expect(api.createSilence({ matchers: [], startsAt: '', endsAt: '', comment: '', createdBy: '' })).rejects.toMatchObject({ status: 401 });
    await expect(api.login({ username: 'ann', password: 'x' })).rejects.toMatchObject({ status: 401, message: 'wrong user name or password' });
    await expect(api.logout()).rejects.toMatchObject({ status: 401 });
    expect(lost).toEqual(['401 wrong user name or password', '401 wrong user name or password']);
  });

  it('does not take a 403 for a lost session', async () => {
    const lost: unknown[] = [];
    const api = createApiClient('', answer(403, JSON.stringify({ code: 'forbidden', message: 'the token "grafana" lacks the write scope (it has read)' })), { onUnauthorized: (err) => lost.push(err) });
    await expect(api.reloadSlos()).rejects.toMatchObject({ status: 403 });
    expect(lost).toEqual([]);
  });
});
