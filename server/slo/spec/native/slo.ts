import type { Budgeting, Period, SloDefinition } from '../../model.js';
import { nominalPeriodSeconds } from '../../model.js';
import { pascalCase, slugify } from '../schema-kit.js';
import type { SpecSink } from '../sink.js';
import type { SourceDoc } from '../yaml-source.js';
import { resolveAlerting } from './alerting.js';
import { toSli } from './convert.js';
import type { NativeSlo } from './schema.js';

const thirtyDays = 30 * 86400;

/** A parsed octolens/v1 SLO → the model; undefined when alerting is invalid (errors are in the sink). */
export function toSloDefinition(spec: NativeSlo, src: SourceDoc, sink: SpecSink): SloDefinition | undefined {
  const id = spec.id ?? slugify(`${spec.service}-${spec.name}`);
  if (!id) {
    sink.error(src, ['name'], 'gives an empty id: set id');
    return undefined;
  }
  const period = toPeriod(spec.period);
  const alerting = resolveAlerting(spec.alerting, { defaultName: pascalCase(id), periodSeconds: nominalPeriodSeconds(period), objective: spec.objective, src, sink });
  if (!alerting) return undefined;
  return {
    id,
    name: spec.name,
    service: spec.service,
    description: spec.description ?? '',
    labels: spec.labels ?? {},
    objective: spec.objective,
    period,
    budgeting: toBudgeting(spec.budgeting),
    sli: toSli(spec.sli, spec.service),
    groupBy: spec.groupBy ?? [],
    alerting,
    source: sink.source(src, [], 'octolens/v1'),
  };
}

function toPeriod(p: NativeSlo['period']): Period {
  if (p === undefined) return { kind: 'rolling', seconds: thirtyDays };
  if ('calendar' in p && p.calendar !== undefined) return { kind: 'calendar', unit: p.calendar, timezone: ('timezone' in p && p.timezone) || 'UTC' };
  return { kind: 'rolling', seconds: p.rolling ?? thirtyDays };
}

function toBudgeting(b: NativeSlo['budgeting']): Budgeting {
  if (b === undefined || b === 'occurrences') return { method: 'occurrences' };
  return { method: 'timeslices', sliceSeconds: b.timeslices.slice, sliceObjective: b.timeslices.objective };
}
