import type { Insertable } from 'kysely';
import type { MetaDb } from '../../meta/index.js';
import type { AlertStateTable, SloStatusTable } from '../../meta/schema.js';
import type { AlertState } from '../evaluate/types.js';
import type { StoredAlerts } from './alerts.js';

/** Rows per INSERT: a few thousand parameters, far below PostgreSQL's 65,535. */
const CHUNK = 200;

function chunks<T>(rows: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += CHUNK) out.push(rows.slice(i, i + CHUNK));
  return out;
}

export interface RollupMark {
  /** `<definition hash>:<lookback seconds>` */
  hash: string;
  /** epoch ms: minutes before it are in slo_sli_minutes */
  rolledTo: number;
}

export async function loadRollupMarks(db: MetaDb): Promise<Map<string, RollupMark>> {
  const rows = await db.selectFrom('slo_rollups').select(['slo_id', 'definition_hash', 'rolled_to']).execute();
  return new Map(rows.map((r) => [r.slo_id, { hash: r.definition_hash, rolledTo: new Date(r.rolled_to).getTime() }]));
}

export async function saveRollupMarks(db: MetaDb, marks: Map<string, RollupMark>): Promise<void> {
  for (const part of chunks([...marks])) {
    await db
      .insertInto('slo_rollups')
      .values(part.map(([sloId, m]) => ({ slo_id: sloId, definition_hash: m.hash, rolled_to: new Date(m.rolledTo) })))
      .onConflict((oc) =>
        oc.column('slo_id').doUpdateSet((eb) => ({
          definition_hash: eb.ref('excluded.definition_hash'),
          rolled_to: eb.ref('excluded.rolled_to'),
          updated_at: new Date(),
        })),
      )
      .execute();
  }
}

/** Every alert's state as the last evaluation left it. */
export async function loadStoredAlerts(db: MetaDb): Promise<StoredAlerts> {
  const rows = await db.selectFrom('alert_state').selectAll().execute();
  const out: StoredAlerts = new Map();
  for (const r of rows) {
    if (!out.has(r.instance_id)) out.set(r.instance_id, new Map());
    out.get(r.instance_id)!.set(r.alert_name, {
      state: r.state as AlertState,
      since: Math.floor(new Date(r.since).getTime() / 1000),
      sloId: r.slo_id,
      name: r.name,
      severity: r.severity,
      labels: r.labels,
      annotations: r.annotations,
    });
  }
  return out;
}

export type StatusRow = Insertable<SloStatusTable>;
export type AlertStateRow = Insertable<AlertStateTable>;

export interface TransitionRow {
  instance_id: string;
  alert_name: string;
  slo_id: string;
  name: string;
  severity: string;
  from_state: string;
  to_state: string;
  at: Date;
  value: number | null;
  labels: string;
  annotations: string;
}

export interface CycleWrites {
  statuses: StatusRow[];
  /** SLO ids whose instances are all in `statuses`: their other rows go */
  evaluatedSlos: Set<string>;
  /** every SLO id loaded: rows of others go */
  loadedSlos: Set<string>;
  alertUpserts: AlertStateRow[];
  /** [instance id, alert name] */
  alertDeletes: Array<[string, string]>;
  transitions: TransitionRow[];
}

/**
 * One cycle's results in one transaction, so the API never reads statuses of one cycle with
 * alerts of another.
 */
export async function saveCycle(db: MetaDb, w: CycleWrites): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const existing = await tx.selectFrom('slo_status').select(['instance_id', 'slo_id']).execute();
    const keep = new Set(w.statuses.map((s) => s.instance_id));
    const stale = existing
      .filter((r) => !w.loadedSlos.has(r.slo_id) || (w.evaluatedSlos.has(r.slo_id) && !keep.has(r.instance_id)))
      .map((r) => r.instance_id);
    for (const part of chunks(stale)) await tx.deleteFrom('slo_status').where('instance_id', 'in', part).execute();
    for (const part of chunks(w.statuses)) {
      await tx
        .insertInto('slo_status')
        .values(part)
        .onConflict((oc) =>
          oc.column('instance_id').doUpdateSet((eb) => ({
            slo_id: eb.ref('excluded.slo_id'),
            group_key: eb.ref('excluded.group_key'),
            group_values: eb.ref('excluded.group_values'),
            definition: eb.ref('excluded.definition'),
            definition_hash: eb.ref('excluded.definition_hash'),
            evaluation: eb.ref('excluded.evaluation'),
            message: eb.ref('excluded.message'),
            evaluated_at: eb.ref('excluded.evaluated_at'),
            updated_at: new Date(),
          })),
        )
        .execute();
    }
    for (const [instance, alert] of w.alertDeletes) {
      await tx.deleteFrom('alert_state').where('instance_id', '=', instance).where('alert_name', '=', alert).execute();
    }
    for (const part of chunks(w.alertUpserts)) {
      await tx
        .insertInto('alert_state')
        .values(part)
        .onConflict((oc) =>
          oc.columns(['instance_id', 'alert_name']).doUpdateSet((eb) => ({
            slo_id: eb.ref('excluded.slo_id'),
            name: eb.ref('excluded.name'),
            severity: eb.ref('excluded.severity'),
            state: eb.ref('excluded.state'),
            since: eb.ref('excluded.since'),
            value: eb.ref('excluded.value'),
            labels: eb.ref('excluded.labels'),
            annotations: eb.ref('excluded.annotations'),
            updated_at: new Date(),
          })),
        )
        .execute();
    }
    for (const part of chunks(w.transitions)) await tx.insertInto('alert_transitions').values(part).execute();
  });
}

export interface EngineLoad {
  dir: string;
  /** epoch ms */
  loadedAt: number;
  errors: string[];
  slos: number;
}

export async function saveEngineLoad(db: MetaDb, load: EngineLoad): Promise<void> {
  await db
    .insertInto('slo_engine')
    .values({ key: 'load', value: JSON.stringify(load) })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(load), updated_at: new Date() }))
    .execute();
}

export async function loadEngineLoad(db: MetaDb): Promise<EngineLoad | null> {
  const row = await db.selectFrom('slo_engine').select('value').where('key', '=', 'load').executeTakeFirst();
  return row ? (row.value as EngineLoad) : null;
}
