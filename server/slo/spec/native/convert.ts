import type { EventSelector, LogSelector, SpanKindName, SpanSelector, SpanStatusName, Sli } from '../../model.js';
import type { EventFilter, LogFilter, SpanFilter } from './filters.js';
import type { NativeSli } from './schema.js';

/** octolens/v1 filters → model selectors. `service` fills in where the filter names none. */

export function spanSelector(f: SpanFilter, service?: string): SpanSelector {
  return compact({
    service: f.service ?? service,
    spanNames: f.name,
    spanKinds: f.kind?.map((k) => capitalise(k) as SpanKindName),
    statuses: f.status?.map((s) => capitalise(s) as SpanStatusName),
    attributes: f.attributes,
    resource: f.resource,
  });
}

export function logSelector(f: LogFilter, service?: string): LogSelector {
  return compact({ service: f.service ?? service, minSeverity: f.minSeverity, bodyContains: f.bodyContains, attributes: f.attributes });
}

function eventSelector(f: EventFilter, name: string): EventSelector {
  return compact({ name: f.name ?? name, attributes: f.attributes });
}

/** The service narrows `total` only: good and bad narrow total further. */
export function toSli(sli: NativeSli, service: string): Sli {
  if (sli.spans) {
    const { total, good, bad } = sli.spans;
    return compact({ kind: 'span_ratio', total: spanSelector(total, service), good: good && spanSelector(good), bad: bad && spanSelector(bad) });
  }
  if (sli.latency) return { kind: 'span_latency', total: spanSelector(sli.latency.spans, service), thresholdSeconds: sli.latency.threshold };
  if (sli.metrics) return compact({ kind: 'metric_ratio', total: sli.metrics.total, good: sli.metrics.good, bad: sli.metrics.bad });
  if (sli.histogram) {
    const { metric, matchers, threshold } = sli.histogram;
    return { kind: 'histogram_threshold', metric: metric.metric, matchers: [...metric.matchers, ...(matchers ?? [])], threshold };
  }
  if (sli.logs) {
    const { total, good, bad } = sli.logs;
    return compact({ kind: 'log_ratio', total: logSelector(total, service), good: good && logSelector(good), bad: bad && logSelector(bad) });
  }
  if (sli.events) {
    const { total, good, bad } = sli.events;
    return compact({ kind: 'event_ratio', total: eventSelector(total, total.name), good: good && eventSelector(good, total.name), bad: bad && eventSelector(bad, total.name) });
  }
  return compact({ kind: 'promql', ...sli.promql! });
}

function capitalise(word: string): string {
  return word[0]!.toUpperCase() + word.slice(1);
}

/** Drops keys whose value is undefined, so definitions compare and print cleanly. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
