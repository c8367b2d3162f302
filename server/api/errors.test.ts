import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { QueryLimitError, type QueryBound } from '../storage/index.js';
import { AppError, renderError } from './errors.js';

const appThrowing = (err: unknown) => {
  const app = new Hono();
  app.get('/', () => {
    throw err;
  });
  app.onError(renderError);
  return app;
};

describe('renderError', () => {
  it.each<[QueryBound, number, string]>([
    ['time', 503, 'query_timeout'],
    ['memory', 422, 'query_too_large'],
    ['rows', 422, 'query_too_large'],
  ])('a query stopped by its %s bound → %d %s with the message and no stack', async (bound, status, code) => {
    const err = new QueryLimitError(bound, 1, 'OCTOLENS_QUERY_TIMEOUT_SECONDS', { cause: new Error('Code: 1. DB::Exception: internals') });
    const res = await appThrowing(err).request('/');
    expect(res.status).toBe(status);
    expect(await res.json()).toEqual({ code, message: err.message, details: { bound, limit: 1, setting: 'OCTOLENS_QUERY_TIMEOUT_SECONDS' }, requestId: '' });
  });

  it('an AppError keeps its code; anything else is a bare 500', async () => {
    expect((await appThrowing(new AppError('query_too_large', 'too many')).request('/')).status).toBe(422);
    const res = await appThrowing(new Error('secret detail')).request('/');
    expect([res.status, await res.json()]).toEqual([500, { code: 'internal', message: 'internal error', requestId: '' }]);
  });
});
