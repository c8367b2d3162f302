import type { SloDefinition } from '../model.js';
import type { RecordingRule } from './rule-file.js';
import { calendarNote, num, periodSeconds, periodWindow, sliErrorRatio, sloFilter, sloLabel, sloLabels } from './slo-labels.js';

/**
 * Sloth's metadata rules (internal/prometheus/recording_rules.go), same names, labels and
 * shapes, so its Grafana dashboards find them. The period burn rate reads the
 * event-weighted period ratio, so the budget remaining is event-weighted too.
 */
export function metaRecordingRules(slo: SloDefinition): RecordingRule[] {
  const labels = { ...sloLabels(slo) };
  const filter = sloFilter(slo);
  const on = `on(${sloLabel.id}, ${sloLabel.slo}, ${sloLabel.service}) group_left`;
  const calendar = calendarNote(slo);
  return [
    { record: 'slo:objective:ratio', expr: `vector(${num(slo.objective)})`, labels },
    { record: 'slo:error_budget:ratio', expr: `vector(1-${num(slo.objective)})`, labels },
    { record: 'slo:time_period:days', expr: `vector(${num(periodSeconds(slo) / 86400)})`, labels, ...(calendar ? { comment: calendar } : {}) },
    {
      record: 'slo:current_burn_rate:ratio',
      expr: `${sliErrorRatio('5m')}${filter}\n/ ${on}\nslo:error_budget:ratio${filter}`,
      labels,
    },
    {
      record: 'slo:period_burn_rate:ratio',
      expr: `${sliErrorRatio(periodWindow(slo))}${filter}\n/ ${on}\nslo:error_budget:ratio${filter}`,
      labels,
    },
    { record: 'slo:period_error_budget_remaining:ratio', expr: `1 - slo:period_burn_rate:ratio${filter}`, labels },
    {
      record: 'sloth_slo_info',
      expr: 'vector(1)',
      labels: {
        ...labels,
        sloth_mode: 'cli-gen-prom',
        sloth_objective: num(slo.objective * 100),
        sloth_spec: slo.source.format,
        sloth_version: 'octolens',
      },
    },
  ];
}
