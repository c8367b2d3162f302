import type { Selectable } from 'kysely';
import type { SloSummary, SlosResult } from '../../../shared/api.js';
import type { MetaDb } from '../../meta/index.js';
import type { SloStatusTable } from '../../meta/schema.js';
import type { Evaluation } from '../evaluate/types.js';
import type { SloDefinition } from '../model.js';
import { describePeriod, statusOf } from './describe.js';
import { loadEngineLoad } from './persist.js';

export type StatusRecord = Selectable<SloStatusTable>;

/** The 1 h window's burn rate, the list's "burning now". */
export const SUMMARY_BURN_WINDOW = 3600;

export function summaryOf(row: StatusRecord, team: string | null): SloSummary {
  const def = row.definition as SloDefinition;
  const ev = row.evaluation as Evaluation | null;
  // Rows of SLOs the hub cannot evaluate carry no definition hash.
  const hubEvaluable = row.definition_hash !== null;
  return {
    id: row.instance_id,
    sloId: row.slo_id,
    name: def.name,
    service: def.service,
    team,
    group: row.group_values,
    objective: def.objective,
    period: describePeriod(def.period),
    sliKind: def.sli.kind,
    sli: ev?.period.sli ?? null,
    budgetRemaining: ev?.period.remaining ?? null,
    burnRate: ev?.windows.find((w) => w.windowSeconds === SUMMARY_BURN_WINDOW)?.burnRate ?? null,
    status: statusOf(ev, hubEvaluable),
    firing: ev?.alerts.filter((a) => a.state === 'firing').map((a) => a.name) ?? [],
    ...(row.message ? { message: row.message } : {}),
    source: { file: def.source.file, line: def.source.line, format: def.source.format, ...(def.source.commit ? { commit: def.source.commit } : {}) },
    evaluatedAt: row.evaluated_at ? new Date(row.evaluated_at).toISOString() : null,
  };
}

export async function teamsOf(db: MetaDb, services: string[]): Promise<Map<string, string | null>> {
  if (services.length === 0) return new Map();
  const rows = await db.selectFrom('services').select(['name', 'team']).where('name', 'in', [...new Set(services)]).execute();
  return new Map(rows.map((r) => [r.name, r.team]));
}

/** Least budget first; instances without a budget (no data, Prometheus only) last; then by id. */
export function compareSummaries(a: SloSummary, b: SloSummary): number {
  if (a.budgetRemaining !== b.budgetRemaining) {
    if (a.budgetRemaining === null) return 1;
    if (b.budgetRemaining === null) return -1;
    return a.budgetRemaining - b.budgetRemaining;
  }
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Every SLO instance's latest status, sorted by budget left, and the spec directory's load errors. */
export async function listSlos({ db }: { db: MetaDb }): Promise<SlosResult> {
  const rows = await db.selectFrom('slo_status').selectAll().execute();
  const teams = await teamsOf(
    db,
    rows.map((r) => (r.definition as SloDefinition).service),
  );
  const slos = rows.map((r) => summaryOf(r, teams.get((r.definition as SloDefinition).service) ?? null)).sort(compareSummaries);
  const load = await loadEngineLoad(db);
  return { slos, errors: load?.errors ?? [] };
}
