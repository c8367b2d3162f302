import type { Context } from 'hono';
import { AppError } from '../api/errors.js';
import type { MetaDb } from '../meta/index.js';
import { principalOf } from './guard.js';
import { allows } from './tokens.js';

/**
 * Reading is organisation-wide; changing what belongs to a service (its alerts' silences and
 * acknowledgements) is for its owning team (services.team, from the catalog) or an admin.
 * A service no team owns may be changed by any editor: nobody's is everybody's, as in a
 * catalog without owners. A token limited to services changes only those, owned by anyone.
 * A principal without `teams` or `services` (auth off, an unrestricted token) passes.
 */
export async function requireOwnership(c: Context, meta: MetaDb, services: readonly string[], action: string): Promise<void> {
  const principal = principalOf(c);
  if (!principal || allows(principal, 'admin') || (!principal.teams && !principal.services)) return;
  if (services.length === 0) {
    throw new AppError('forbidden', `${action} is not tied to a service (no service=<name> matcher, or an alert without a service label), so it could touch any ${principal.teams ? 'team' : 'service'}'s alerts: only an admin may do that`);
  }
  const mine = principal.services;
  const outside = mine && services.find((s) => !mine.includes(s));
  if (mine && outside !== undefined) {
    throw new AppError('forbidden', `service "${outside}" is not one of the services "${principal.name}" is limited to (${quoted(mine)}): only a token for it or an admin may ${action}`, { service: outside, services: mine });
  }
  if (principal.teams) await requireTeams(meta, principal.name, principal.teams, services, action);
}

async function requireTeams(meta: MetaDb, name: string, teams: readonly string[], services: readonly string[], action: string): Promise<void> {
  const rows = await meta.selectFrom('services').select(['name', 'team']).where('name', 'in', [...new Set(services)]).execute();
  const teamOf = new Map(rows.map((r) => [r.name, r.team]));
  for (const service of services) {
    const team = teamOf.get(service) ?? null;
    if (team !== null && !teams.includes(team)) {
      const mine = teams.length > 0 ? `, "${name}" is in ${quoted(teams)}` : `, "${name}" is in no team`;
      throw new AppError('forbidden', `service "${service}" is owned by team "${team}"${mine}: only its members or an admin may ${action}`, { service, team });
    }
  }
}

const quoted = (names: readonly string[]) => names.map((n) => `"${n}"`).join(', ');

/** The services a set of silence matchers pins down: `service=<name>` only; a regex or negation may match any. */
export function pinnedServices(matchers: ReadonlyArray<{ label: string; op: string; value: string }>): string[] {
  return matchers.filter((m) => m.label === 'service' && m.op === '=').map((m) => m.value);
}
