/**
 * GET /api/v1/adoption's answer (the Platform lens): adoption facts per service, scorecard
 * results, per-team rollups, leadership figures and their daily trend. Definitions in
 * docs/adoption.md. Kept apart from api.ts so the adoption types travel as one module.
 */

/** Every fact the hub derives per service, in the order the UI shows them. */
export const adoptionFactNames = [
  'ownedByGroup',
  'hasDescription',
  'hasSlo',
  'sendsTraces',
  'sendsLogs',
  'sendsMetrics',
  'sendsDeploys',
  'hasCost',
  'goldenPath',
  'hasRunbook',
] as const;

export type AdoptionFactName = (typeof adoptionFactNames)[number];

/** `unknown` when the hub holds no data that could answer (cost before any cost import). */
export type FactValue = boolean | 'unknown';

export type AdoptionFacts = Record<AdoptionFactName, FactValue>;

export type CheckResult = 'pass' | 'fail' | 'unknown';

export interface ServiceScore {
  scorecard: string;
  /** the highest level whose checks, and every lower level's, all pass; null below the first */
  level: string | null;
  passed: number;
  checks: number;
  /** passed / checks, in percent (one decimal) */
  score: number;
  results: { check: string; level: string; result: CheckResult }[];
}

export interface ServiceAdoption {
  service: string;
  /** the catalog's owning team, null when not in the catalog or owned by nobody it can resolve */
  team: string | null;
  /** the catalog Component (kind:namespace/name), null when the catalog does not name it */
  entity: string | null;
  facts: AdoptionFacts;
  /** the `backstage.io/source-template` annotation, when set */
  template: string | null;
  /** the runbook link found, and where: catalog link/annotation or an SLO's alerting annotation */
  runbook: { url: string; from: 'catalog' | 'slo' } | null;
  scores: ServiceScore[];
}

export interface TeamScore {
  scorecard: string;
  /** mean of the services' scores, percent (one decimal) */
  averageScore: number;
  /** services per level reached; `none` for those below the first level */
  levels: Record<string, number>;
}

export interface TeamAdoption {
  team: string;
  services: number;
  /** services sending traces, logs and metrics */
  fullTelemetry: number;
  goldenPath: number;
  /** the month (YYYY-MM) the team was onboarded, null when not yet (docs/adoption.md) */
  onboarded: string | null;
  scores: TeamScore[];
}

export interface LeadershipFigures {
  services: number;
  /** percent of services sending traces, logs and metrics (one decimal; 0 with no services) */
  fullTelemetryPercent: number;
  goldenPathPercent: number;
  teams: number;
  teamsOnboarded: number;
  /** months with at least one team onboarded, oldest first */
  onboardedPerMonth: { month: string; teams: string[] }[];
}

export interface ScorecardInfo {
  name: string;
  title: string;
  /** lowest first */
  levels: string[];
  checks: { id: string; title: string; level: string; facts: AdoptionFactName[]; match: 'all' | 'any' }[];
  /** where it was read: file:line */
  source: string;
}

/** One day of the daily snapshots (adoption_facts), for the scope asked for. */
export interface AdoptionTrendPoint {
  day: string;
  services: number;
  fullTelemetryPercent: number;
  goldenPathPercent: number;
  scores: TeamScore[];
}

/** Platform usage events over the trend's days (POST /ingest/events `platform[]`). */
export interface PlatformUsage {
  /** weeks with at least one event, oldest first; `week` is its Monday (UTC) */
  weeks: { week: string; actions: number; byType: Record<string, number>; activeTeams: string[] }[];
  actions: number;
  /** teams with at least one event in the range (the event's team, else its service's) */
  activeTeams: string[];
  /** services created through the platform (service.created or template.executed), earliest first */
  timeToFirstDeploy: { service: string; team: string | null; createdAt: string; firstProductionDeployAt: string | null; hours: number | null }[];
  /** median of `hours` over the services deployed; null when none is */
  medianHoursToFirstDeploy: number | null;
}

export interface AdoptionResult {
  generatedAt: string;
  /** `team=`, when given */
  team: string | null;
  /** `service=`, when given */
  service: string | null;
  /** how far back each "sends" fact looks */
  windows: { telemetryDays: number; deployDays: number; costDays: number };
  services: ServiceAdoption[];
  teams: TeamAdoption[];
  leadership: LeadershipFigures;
  scorecards: ScorecardInfo[];
  /** daily, oldest first, over `days` (default 90) */
  trend: AdoptionTrendPoint[];
  usage: PlatformUsage;
}
