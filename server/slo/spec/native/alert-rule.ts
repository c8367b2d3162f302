import type { AlertQuery, AlertRuleDefinition } from '../../model.js';
import { parseDuration } from '../duration.js';
import { slugify } from '../schema-kit.js';
import type { SpecSink } from '../sink.js';
import type { SourceDoc } from '../yaml-source.js';
import { logSelector, spanSelector } from './convert.js';
import type { NativeAlertRule } from './schema.js';

/** measures whose threshold is a duration */
const durations = new Set(['p50', 'p95', 'p99', 'time_to_full']);

/** A parsed octolens/v1 AlertRule → the model; undefined when its condition does not fit its measure. */
export function toAlertRuleDefinition(spec: NativeAlertRule, src: SourceDoc, sink: SpecSink): AlertRuleDefinition | undefined {
  const query = toQuery(spec);
  const condition = toCondition(spec, query.measure, src, sink);
  if (!condition) return undefined;
  if (spec.window < 60) {
    sink.error(src, ['window'], `must be at least 1m, got ${spec.window}s`);
    return undefined;
  }
  return {
    id: spec.id ?? slugify(`${spec.service}-${spec.name}`),
    name: spec.name,
    service: spec.service,
    description: spec.description ?? '',
    severity: spec.severity ?? 'ticket',
    labels: spec.labels ?? {},
    annotations: spec.annotations ?? {},
    query,
    windowSeconds: spec.window,
    condition,
    forSeconds: spec.for ?? 0,
    source: sink.source(src, [], 'octolens/v1'),
  };
}

function toQuery(spec: NativeAlertRule): AlertQuery {
  const q = spec.query;
  if (q.spans) return { signal: 'spans', selector: spanSelector(q.spans, spec.service), measure: q.measure as Extract<AlertQuery, { signal: 'spans' }>['measure'] };
  if (q.logs) return { signal: 'logs', selector: logSelector(q.logs, spec.service), measure: q.measure as Extract<AlertQuery, { signal: 'logs' }>['measure'] };
  if (q.disk) return { signal: 'disk', selector: q.disk, measure: 'time_to_full' };
  return { signal: 'metrics', selector: q.metrics!, measure: q.measure as Extract<AlertQuery, { signal: 'metrics' }>['measure'] };
}

/** Thresholds are plain numbers; a percentage for error_ratio; a duration (in seconds) for p50/p95/p99 and time_to_full. */
function toCondition(spec: NativeAlertRule, measure: string, src: SourceDoc, sink: SpecSink): AlertRuleDefinition['condition'] | undefined {
  const c = spec.condition;
  if ('absent' in c) return { absent: true };
  const text = c.value;
  let threshold: number | undefined;
  if (text.endsWith('%')) {
    if (measure === 'error_ratio') threshold = Number(text.slice(0, -1)) / 100;
  } else if (/^[\d.]+$/.test(text)) {
    threshold = Number(text);
  } else if (durations.has(measure)) {
    threshold = parseDuration(text);
  }
  if (threshold === undefined || !Number.isFinite(threshold)) {
    const unit = durations.has(measure) ? 'a duration such as 300ms, or seconds' : measure === 'error_ratio' ? 'a ratio such as 0.05 or a percentage such as 5%' : 'a number';
    sink.error(src, ['condition'], `the threshold for ${measure} must be ${unit}, got "${text}"`);
    return undefined;
  }
  return { op: c.op, threshold };
}
