/**
 * Platform usage from adoption_events (POST /ingest/events `platform[]`, docs/adoption.md):
 * actions and active teams per week over [from, to), and for every service created through the
 * platform (its earliest service.created or template.executed event) the time to its first
 * successful production deployment at or after that.
 */
import type { PlatformUsage } from '../../shared/adoption.js';
import type { TelemetryStore } from '../storage/index.js';

/** Event types that create a service: its creation time is the earliest of them. */
export const CREATION_TYPES = ['service.created', 'template.executed'];

const median = (xs: number[]) => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

export async function getPlatformUsage({
  store,
  teamOf,
  input,
}: {
  store: TelemetryStore;
  /** the catalog's team of a service */
  teamOf: (service: string) => string | null;
  input: { from: number; to: number; team?: string; service?: string };
}): Promise<PlatformUsage> {
  const [counts, created] = await Promise.all([
    store.query<{ week: string; type: string; team: string; service: string; n: number }>(
      `SELECT toString(toMonday(At, 'UTC')) AS week, Type AS type, Team AS team, Service AS service, count() AS n
       FROM adoption_events FINAL
       WHERE At >= fromUnixTimestamp64Milli({from:Int64}) AND At < fromUnixTimestamp64Milli({to:Int64})
       GROUP BY week, type, team, service ORDER BY week`,
      { from: input.from, to: input.to },
    ),
    store.query<{ service: string; team: string; created: number; deployed: number | null }>(
      `SELECT c.service AS service, c.team AS team, c.created AS created, d.first AS deployed
       FROM (SELECT Service AS service, argMin(Team, At) AS team, toUnixTimestamp64Milli(min(At)) AS created FROM adoption_events FINAL
             WHERE Service != '' AND Type IN {types:Array(String)} GROUP BY Service) AS c
       LEFT JOIN (SELECT d.Service AS service, toUnixTimestamp64Milli(min(d.ReportedAt)) AS first
                  FROM deployments AS d
                  INNER JOIN (SELECT Service, min(At) AS at FROM adoption_events FINAL WHERE Service != '' AND Type IN {types:Array(String)} GROUP BY Service) AS e
                    ON d.Service = e.Service
                  WHERE d.IsProduction AND d.Status = 'success' AND d.ReportedAt >= e.at
                  GROUP BY d.Service) AS d ON c.service = d.service
       ORDER BY created, service
       SETTINGS join_use_nulls = 1`,
      { types: CREATION_TYPES },
    ),
  ]);

  const resolve = (team: string, service: string) => team || (service ? teamOf(service) : null) || null;
  const weeks = new Map<string, { actions: number; byType: Record<string, number>; teams: Set<string> }>();
  const active = new Set<string>();
  let actions = 0;
  for (const r of counts) {
    const team = resolve(r.team, r.service);
    if (input.team !== undefined && team !== input.team) continue;
    if (input.service !== undefined && r.service !== input.service) continue;
    const n = Number(r.n);
    const w = weeks.get(r.week) ?? { actions: 0, byType: {}, teams: new Set<string>() };
    w.actions += n;
    w.byType[r.type] = (w.byType[r.type] ?? 0) + n;
    if (team) {
      w.teams.add(team);
      active.add(team);
    }
    weeks.set(r.week, w);
    actions += n;
  }

  const services = created
    .map((r) => {
      const deployed = r.deployed === null || r.deployed === undefined ? null : Number(r.deployed);
      const createdAt = Number(r.created);
      return {
        service: r.service,
        team: teamOf(r.service) ?? (r.team || null),
        createdAt: new Date(createdAt).toISOString(),
        firstProductionDeployAt: deployed === null ? null : new Date(deployed).toISOString(),
        hours: deployed === null ? null : Math.round((deployed - createdAt) / 360_000) / 10,
      };
    })
    .filter((s) => (input.team === undefined || s.team === input.team) && (input.service === undefined || s.service === input.service));

  return {
    weeks: [...weeks].map(([week, w]) => ({ week, actions: w.actions, byType: w.byType, activeTeams: [...w.teams].sort() })),
    actions,
    activeTeams: [...active].sort(),
    timeToFirstDeploy: services,
    medianHoursToFirstDeploy: median(services.flatMap((s) => (s.hours === null ? [] : [s.hours]))),
  };
}
