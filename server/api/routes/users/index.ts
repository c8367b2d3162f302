import { Hono } from 'hono';
import { z } from 'zod';
import type { UserInfo, UsersResult } from '../../../../shared/api.js';
import { recordAudit } from '../../../audit/log.js';
import { principalOf } from '../../../auth/guard.js';
import type { MetaDb } from '../../../meta/index.js';
import { userRoles, type UserStore } from '../../../auth/users.js';
import { AppError } from '../../errors.js';
import { validate } from '../../validate.js';

const addBody = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}$/, 'letters, digits and . _ @ - (an e-mail address works), at most 100'),
    // NIST SP 800-63B: length over composition rules
    password: z.string().min(12, 'at least 12 characters').max(1024),
    role: z.enum(userRoles),
    /** the teams (as the catalog names them) whose services an editor may change */
    teams: z.array(z.string().trim().min(1).max(200)).max(100).default([]),
  })
  .strict();

/** Local users (admin scope, server/api/app.ts): add, list, remove. Removing one ends their sessions. */
export function usersRoutes(users: UserStore, meta: MetaDb): Hono {
  const app = new Hono();

  app.get('/', validate('query', z.object({}).strict()), async (c) => c.json({ users: await users.list() } satisfies UsersResult));

  app.post('/', validate('json', addBody), async (c) => {
    const body = c.req.valid('json');
    const user = await users.add({ ...body, createdBy: principalOf(c)?.name ?? 'anonymous' });
    if (!user) throw new AppError('bad_request', `name: a user "${body.name}" exists already`, [{ parameter: 'name', message: 'exists already' }]);
    await recordAudit(meta, c, { action: 'user.add', target: user.name, after: user });
    return c.json(user satisfies UserInfo, 201);
  });

  app.delete('/:name', async (c) => {
    const name = c.req.param('name');
    const before = (await users.list()).find((u) => u.name === name);
    if (!before || !(await users.remove(name))) throw new AppError('not_found', `no user "${name}"`);
    await recordAudit(meta, c, { action: 'user.remove', target: name, before });
    return c.body(null, 204);
  });

  return app;
}
