import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { renderError } from './errors.js';
import { validate } from './validate.js';

const schema = z
  .object({ service: z.string().min(1).optional(), limit: z.string().regex(/^\d+$/, { message: 'expected digits' }).optional() })
  .strict()
  .transform((q) => q);
const app = new Hono().get('/', validate('query', schema), (c) => c.json(c.req.valid('query')));
app.onError(renderError);

const body = async (path: string) => {
  const res = await app.request(path);
  return [res.status, await res.json()];
};

describe('validate', () => {
  it('passes a valid query through', async () => {
    expect(await body('/?service=checkout')).toEqual([200, { service: 'checkout' }]);
  });

  it('names an unknown parameter by its own name, with the ones the route accepts', async () => {
    expect(await body('/?servce=checkout')).toEqual([
      400,
      {
        code: 'bad_request',
        message: 'servce: unknown parameter (expected: service, limit)',
        details: [{ parameter: 'servce', message: 'unknown parameter (expected: service, limit)' }],
        requestId: '',
      },
    ]);
  });

  it('names each of several unknown and bad parameters', async () => {
    const [status, res] = await body('/?a=1&limit=x&b=2');
    expect(status).toBe(400);
    expect((res as { details: unknown }).details).toEqual([
      { parameter: 'limit', message: 'expected digits' },
      { parameter: 'a', message: 'unknown parameter (expected: service, limit)' },
      { parameter: 'b', message: 'unknown parameter (expected: service, limit)' },
    ]);
  });
});
