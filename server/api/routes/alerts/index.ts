import { Hono } from 'hono';
import { z } from 'zod';
import type { AlertInfo, AlertsResult } from '../../../../shared/api.js';
import { ruleTransition, type RuleStatus } from '../../../alerting/rules.js';
import { listAlerts } from '../../../slo/engine/index.js';
import type { ApiDeps } from '../../app.js';
import { validate } from '../../validate.js';

const listQuery = z.object({}).strict();

/**
 * The rule evaluator's alerts that are pending, firing or just resolved. Its memory lives in
 * its process (server/alerting/rules.ts), so an API-only process lists SLO alerts only.
 */
export function ruleAlerts(status: RuleStatus[]): AlertInfo[] {
  const out: AlertInfo[] = [];
  for (const s of status) {
    const m = s.memory;
    if (!m || m.state === 'inactive') continue;
    const t = ruleTransition(s.rule, m.state, m, s.value ?? null);
    out.push({ id: t.id, name: t.name, kind: 'rule', severity: t.severity, state: m.state, since: new Date(m.since * 1000).toISOString(), labels: t.labels, annotations: t.annotations, value: t.value });
  }
  return out;
}

/** Pending and firing alerts, and those resolved in the last day: SLO alerts, and rule alerts of the evaluator in this process. */
export function alertsRoutes({ meta, rules }: ApiDeps): Hono {
  const app = new Hono();
  app.get('/', validate('query', listQuery), async (c) =>
    c.json((await listAlerts({ db: meta, input: { now: Date.now(), extra: rules ? ruleAlerts(rules.status()) : [] } })) satisfies AlertsResult),
  );
  return app;
}
