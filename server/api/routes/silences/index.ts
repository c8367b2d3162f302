import { Hono } from 'hono';
import { z } from 'zod';
import type { SilenceInfo, SilencesResult } from '../../../../shared/api.js';
import { anchored, selectsSomething } from '../../../alerting/silence-match.js';
import { createSilence, expireSilence, listSilences } from '../../../alerting/silences.js';
import { recordAudit } from '../../../audit/log.js';
import { principalOf } from '../../../auth/guard.js';
import { pinnedServices, requireOwnership } from '../../../auth/ownership.js';
import type { MetaDb } from '../../../meta/index.js';
import type { ApiDeps } from '../../app.js';
import { alertList } from '../alerts/list.js';
import { AppError } from '../../errors.js';
import { parseTime } from '../../time.js';
import { validate } from '../../validate.js';

const matcher = z
  .object({
    label: z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'a label name as notifications carry it (letters, digits, _; `http.route` is `http_route`)'),
    op: z.enum(['=', '!=', '=~', '!~']).default('='),
    value: z.string().max(1000),
  })
  .strict()
  .superRefine((m, ctx) => {
    if (m.op !== '=~' && m.op !== '!~') return;
    try {
      anchored(m.value);
    } catch (e) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: `not a regular expression: ${(e as Error).message}` });
    }
  });

/** epoch ms, RFC 3339 or `now+2h`, as the query API's time parameters */
const time = z.union([z.number().int(), z.string()]).transform((v, ctx) => {
  const ms = typeof v === 'number' ? v : parseTime(v, false);
  if (ms === undefined) {
    ctx.addIssue({ code: 'custom', message: `expected epoch milliseconds, RFC 3339 or an expression like now+2h, got "${v}"` });
    return z.NEVER;
  }
  return ms;
});

const createBody = z
  .object({
    matchers: z.array(matcher).max(20).default([]),
    alertId: z.string().min(1).optional(),
    startsAt: time.optional(),
    endsAt: time,
    comment: z.string().trim().min(1, 'say why: a comment is required').max(2000),
    createdBy: z.string().trim().min(1, 'who silences: a name').max(200),
  })
  .strict();

const listQuery = z.object({}).strict();

const issue = (parameter: string, message: string) => new AppError('bad_request', `${parameter}: ${message}`, [{ parameter, message }]);

/**
 * Silences (server/alerting/silences.ts): list, create, expire. Every process with the
 * metadata store answers; the worker's notifiers read the same table.
 */
export function silencesRoutes({ meta, rules }: ApiDeps): Hono {
  const app = new Hono();

  /** the services a silence's matchers hold it to: service=<name>, and the service of an alert it names */
  async function servicesOf(matchers: ReadonlyArray<{ label: string; op: string; value: string }>): Promise<string[]> {
    const alertIds = matchers.filter((m) => m.label === 'octolens_alert' && m.op === '=').map((m) => m.value);
    const alerts = alertIds.length > 0 ? await alertList({ meta, rules, nowMs: Date.now() }) : [];
    const ofAlerts = alerts.filter((a) => alertIds.includes(a.id)).flatMap((a) => (a.labels.service ? [a.labels.service] : []));
    return [...pinnedServices(matchers), ...ofAlerts];
  }

  app.get('/', validate('query', listQuery), async (c) => c.json({ silences: await listSilences({ db: meta, nowMs: Date.now() }) } satisfies SilencesResult));

  app.post('/', validate('json', createBody), async (c) => {
    const body = c.req.valid('json');
    const nowMs = Date.now();
    // an alert id is a matcher on the label every notification carries (server/alerting/labels.ts)
    const matchers = [...body.matchers, ...(body.alertId ? [{ label: 'octolens_alert', op: '=' as const, value: body.alertId }] : [])];
    if (matchers.length === 0) throw issue('matchers', 'give matchers or an alertId');
    if (!selectsSomething(matchers)) throw issue('matchers', 'these match every alert (each matches an absent label); at least one must need a value');
    const startsAt = body.startsAt ?? nowMs;
    if (body.endsAt <= startsAt) throw issue('endsAt', `must be after startsAt (${new Date(startsAt).toISOString()}), got ${new Date(body.endsAt).toISOString()}`);
    if (body.endsAt <= nowMs) throw issue('endsAt', `must be in the future, got ${new Date(body.endsAt).toISOString()}`);
    await requireOwnership(c, meta, await servicesOf(matchers), 'silence these alerts');
    // with authentication on, who silences is who is logged in, whatever the body says
    const createdBy = principalOf(c)?.name ?? body.createdBy;
    const silence = await meta.transaction().execute(async (trx) => {
      const created = await createSilence({ db: trx, nowMs, input: { matchers, startsAt: new Date(startsAt), endsAt: new Date(body.endsAt), comment: body.comment, createdBy } });
      await recordAudit(trx, c, { action: 'silence.create', target: created.id, after: created });
      return created;
    });
    return c.json(silence satisfies SilenceInfo, 201);
  });

  // Expiring ends the silence now; the record stays (GET lists it as expired).
  app.delete('/:id', async (c) => {
    const id = c.req.param('id');
    const existing = await meta.selectFrom('silences').select('matchers').where('id', '=', id).executeTakeFirst();
    if (!existing) throw new AppError('not_found', `no silence "${id}"`);
    await requireOwnership(c, meta, await servicesOf(existing.matchers), `expire silence "${id}"`);
    const changed = (tx: MetaDb, before: SilenceInfo, after: SilenceInfo) => recordAudit(tx, c, { action: 'silence.expire', target: id, before, after });
    const silence = (await expireSilence({ db: meta, id, nowMs: Date.now(), changed }))!;
    return c.json(silence satisfies SilenceInfo);
  });

  return app;
}
