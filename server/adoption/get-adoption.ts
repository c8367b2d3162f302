/**
 * GET /api/v1/adoption's verb: every service's facts derived now (the same derivation the
 * daily snapshot stores), scored by the scorecards on read, rolled up per team and for the
 * organisation, plus the trend from the stored daily snapshots (docs/adoption.md).
 *
 * Scorecards are evaluated when read, not stored: a pass is a few comparisons per service and
 * check, while the facts (scans of the telemetry tables) are what the schedule snapshots; so a
 * changed scorecard file rescores today and every stored day alike and the trend stays one
 * comparable series.
 */
import type { AdoptionFacts, AdoptionResult, AdoptionTrendPoint, ServiceAdoption, TeamAdoption } from '../../shared/adoption.js';
import type { MetaDb } from '../meta/index.js';
import type { TelemetryStore } from '../storage/index.js';
import { COST_DAYS, DEPLOY_DAYS, deriveAdoptionFacts, TELEMETRY_DAYS } from './derive-facts.js';
import { percent, rollUpScores, scoreService, toInfo, type Scorecard } from './scorecards.js';
import { readAdoptionSnapshots, utcDay } from './snapshot.js';
import { getPlatformUsage } from './usage.js';

const DAY = 86_400_000;

export interface AdoptionParams {
  team?: string;
  /** one service: its facts, scores and its own trend */
  service?: string;
  /** days of trend, today included */
  days: number;
  now?: number;
}

const fullTelemetry = (f: AdoptionFacts) => f.sendsTraces === true && f.sendsLogs === true && f.sendsMetrics === true;

export async function getAdoption({ store, meta, scorecards, input }: { store: TelemetryStore; meta: MetaDb; scorecards: Scorecard[]; input: AdoptionParams }): Promise<AdoptionResult> {
  const now = input.now ?? Date.now();
  const [derived, firstSeen, stored] = await Promise.all([
    deriveAdoptionFacts({ store, meta, now }),
    meta.selectFrom('services').select(['team', (eb) => eb.fn.min('first_seen').as('first')]).where('team', 'is not', null).where('first_seen', 'is not', null).groupBy('team').execute(),
    readAdoptionSnapshots(store, { fromDay: utcDay(now - (input.days - 1) * DAY), toDay: utcDay(now), team: input.team, service: input.service }),
  ]);
  const teamOfService = new Map(derived.map((s) => [s.service, s.team]));
  const usage = await getPlatformUsage({
    store,
    teamOf: (service) => teamOfService.get(service) ?? null,
    input: { from: Date.parse(`${utcDay(now - (input.days - 1) * DAY)}T00:00:00Z`), to: now + 1, team: input.team, service: input.service },
  });
  const scope = derived.filter((s) => (input.team === undefined || s.team === input.team) && (input.service === undefined || s.service === input.service));
  const services: ServiceAdoption[] = scope.map((s) => ({ ...s, scores: scorecards.map((sc) => scoreService(sc, s.facts)) }));

  // A team is onboarded in the month its first service was first seen sending telemetry.
  const onboarded = new Map<string, string>();
  for (const r of firstSeen) if (r.team && r.first) onboarded.set(r.team, new Date(r.first as Date | string).toISOString().slice(0, 7));

  const byTeam = new Map<string, ServiceAdoption[]>();
  for (const s of services) if (s.team !== null) byTeam.set(s.team, [...(byTeam.get(s.team) ?? []), s]);
  const teams: TeamAdoption[] = [...byTeam]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([team, list]) => ({
      team,
      services: list.length,
      fullTelemetry: list.filter((s) => fullTelemetry(s.facts)).length,
      goldenPath: list.filter((s) => s.facts.goldenPath === true).length,
      onboarded: onboarded.get(team) ?? null,
      scores: scorecards.map((sc) => rollUpScores(sc, list.map((s) => s.scores.find((x) => x.scorecard === sc.name)!))),
    }));

  const months = new Map<string, string[]>();
  for (const t of teams) if (t.onboarded) months.set(t.onboarded, [...(months.get(t.onboarded) ?? []), t.team]);

  const days = new Map<string, typeof stored>();
  for (const r of stored) days.set(r.day, [...(days.get(r.day) ?? []), r]);
  const trend: AdoptionTrendPoint[] = [...days].map(([day, rows]) => ({
    day,
    services: rows.length,
    fullTelemetryPercent: percent(rows.filter((r) => fullTelemetry(r.facts)).length, rows.length),
    goldenPathPercent: percent(rows.filter((r) => r.facts.goldenPath === true).length, rows.length),
    scores: scorecards.map((sc) => rollUpScores(sc, rows.map((r) => scoreService(sc, r.facts)))),
  }));

  return {
    generatedAt: new Date(now).toISOString(),
    team: input.team ?? null,
    service: input.service ?? null,
    windows: { telemetryDays: TELEMETRY_DAYS, deployDays: DEPLOY_DAYS, costDays: COST_DAYS },
    services,
    teams,
    leadership: {
      services: services.length,
      fullTelemetryPercent: percent(services.filter((s) => fullTelemetry(s.facts)).length, services.length),
      goldenPathPercent: percent(services.filter((s) => s.facts.goldenPath === true).length, services.length),
      teams: teams.length,
      teamsOnboarded: teams.filter((t) => t.onboarded !== null).length,
      onboardedPerMonth: [...months].sort(([a], [b]) => (a < b ? -1 : 1)).map(([month, list]) => ({ month, teams: list.sort() })),
    },
    scorecards: scorecards.map(toInfo),
    trend,
    usage,
  };
}
