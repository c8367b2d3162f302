/**
 * The SLO engine's data plane (the hub's "Engine"), one job per file:
 *
 *   plan.ts        SLI → the ClickHouse SQL of per-minute good/total (planSql for `slo compile --target sql`)
 *   conditions.ts  selectors and matchers → conditions; group keys
 *   rollup.ts      INSERT … SELECT into slo_sli_minutes, span/log SLOs batched per table and service
 *   minutes.ts     reading slo_sli_minutes back, merging into the per-instance minutes kept in memory
 *   engine.ts      the loop: load specs, rollup, evaluate, persist, notify
 *   alerts.ts      alert state changes → transitions, rows, notifications
 *   persist.ts     metadata tables (slo_rollups, slo_status, alert_state, alert_transitions, slo_engine)
 *   list-slos.ts, get-slo.ts, list-alerts.ts, history.ts   what the API reads
 */
export { createSloEngine, type CycleStats, type SloEngine, type SloEngineDeps, type SloEngineStatus } from './engine.js';
export { planSli, planSql, type SliPlan } from './plan.js';
export { listSlos } from './list-slos.js';
export { getSlo } from './get-slo.js';
export { listAlerts } from './list-alerts.js';
export type { LoadedSpecs, SpecLoader } from './specs.js';
