import { Hono } from 'hono';
import { z } from 'zod';
import type { CreatedToken, TokenInfo, TokensResult } from '../../../../shared/api.js';
import { recordAudit } from '../../../audit/log.js';
import { principalOf } from '../../../auth/guard.js';
import type { MetaDb } from '../../../meta/index.js';
import { tokenScopes, type TokenStore } from '../../../auth/tokens.js';
import { AppError } from '../../errors.js';
import { validate } from '../../validate.js';

const DAY_MS = 86_400_000;

const createBody = z
  .object({
    name: z.string().trim().min(1, 'name the token after who or what uses it (e.g. "otel-collector prod")').max(200),
    scopes: z.array(z.enum(tokenScopes)).min(1, `give at least one of ${tokenScopes.join(', ')}`),
    /** none: the token works until revoked */
    expiresInDays: z.number().int().min(1).max(3650).optional(),
    /** only these teams' services may it change (silences, acknowledgements); absent, any */
    teams: z.array(z.string().trim().min(1).max(200)).max(100).optional(),
    /** only these services' telemetry may it send, only what belongs to them change; absent, any */
    services: z
      .array(z.string().trim().min(1, 'a service name is not empty').max(200))
      .min(1, 'give at least one service, or leave services out for any')
      .max(100)
      .transform((names) => [...new Set(names)])
      .optional(),
  })
  .strict();

const listQuery = z.object({}).strict();

/**
 * API tokens: create (the token is in this answer only), list, revoke. Admin scope
 * (server/api/app.ts); the creator is the token that asked, or "anonymous" with
 * authentication off.
 */
export function tokensRoutes(tokens: TokenStore, meta: MetaDb): Hono {
  const app = new Hono();

  app.get('/', validate('query', listQuery), async (c) => c.json({ tokens: await tokens.list() } satisfies TokensResult));

  app.post('/', validate('json', createBody), async (c) => {
    const body = c.req.valid('json');
    const created = await tokens.create({
      name: body.name,
      scopes: body.scopes,
      teams: body.teams,
      services: body.services,
      createdBy: principalOf(c)?.name ?? 'anonymous',
      expiresAt: body.expiresInDays === undefined ? undefined : new Date(Date.now() + body.expiresInDays * DAY_MS),
    });
    const { token: _secret, ...listed } = created;
    await recordAudit(meta, c, { action: 'token.create', target: created.id, after: listed });
    c.header('Cache-Control', 'no-store');
    return c.json(created satisfies CreatedToken, 201);
  });

  // Revoked tokens stay listed, with when; a revoked token is refused from then on.
  app.delete('/:id', async (c) => {
    const id = c.req.param('id');
    const revoked = await tokens.revoke(id);
    if (!revoked) throw new AppError('not_found', `no token "${id}"`);
    await recordAudit(meta, c, { action: 'token.revoke', target: id, after: revoked });
    return c.json(revoked satisfies TokenInfo);
  });

  return app;
}
