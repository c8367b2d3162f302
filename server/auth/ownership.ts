import type { Context } from 'hono';
import { AppError } from '../api/errors.js';
import type { MetaDb } from '../meta/index.js';
import { principalOf } from './guard.js';
import { allows } from './tokens.js';

/**
 * Reading is organisation-wide; changing what belongs to a service (its alerts' silences and
 * acknowledgements) is for its owning team (services.team, from the catalog) or an admin.
 * A service no team owns may be changed by any editor: nobody's is everybody's, as in a
 * catalog without owners. A principal without `teams` (auth off, an unrestricted token) passes.
 */
export async function requireOwnership(c: Context, meta: MetaDb, services: readonly string[], action: string): Promise<void> {
  const principal = principalOf(c);
  if (!principal?.teams || allows(principal, 'admin')) return;
  if (services.length === 0) {
    throw new AppError('forbidden', `${action} is not tied to a service (no service=<name> matcher, or an alert without a service label), so it could touch any team's alerts: only an admin may do that`);
  }
  const rows = await meta.selectFrom('services').select(['name', 'team']).where('name', 'in', [...new Set(services)]).execute();
  const teamOf = new Map(rows.map((r) => [r.name, r.team]));
  for (const service of services) {
    const team = teamOf.get(service) ?? null;
    if (team !== null && !principal.teams.includes(team)) {
      const mine = principal.teams.length > 0 ? `, "${principal.name}" is in ${principal.teams.map((t) => `"${t}"`).join(', ')}` : `, "${principal.name}" is in no team`;
      throw new AppError('forbidden', `service "${service}" is owned by team "${team}"${mine}: only its members or an admin may ${action}`, { service, team });
    }
  }
}

/** The services a set of silence matchers pins down: `service=<name>` only; a regex or negation may match any. */
export function pinnedServices(matchers: ReadonlyArray<{ label: string; op: string; value: string }>): string[] {
  return matchers.filter((m) => m.label === 'service' && m.op === '=').map((m) => m.value);
}
