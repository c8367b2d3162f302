import type { MetricSelector, SloDefinition } from '../model.js';
import { metricLabelName, promCounterName } from './names.js';
import { parseEventsQuery, type PromMatcher, type PromSelector } from './promql-selector.js';
import { fullMatch, sampleMatches } from './regex-sample.js';

/**
 * Counter series that reproduce an SLO's SLI in a `promtool test rules` file. Each series
 * plays a role: `bad` counts error events, `good` the others, `total` all of them (when the
 * error counter is a different metric from the total one).
 */
export type Role = 'bad' | 'good' | 'total';

export interface SyntheticSeries {
  metric: string;
  /** label values; an empty value means the label is absent */
  labels: Record<string, string>;
  role: Role;
}

export interface SyntheticSli {
  series: SyntheticSeries[];
  /** the group-by labels the SLI keeps, as the series carry them */
  groupLabels: Record<string, string>;
}

export function syntheticSli(slo: SloDefinition): SyntheticSli | { skipped: string } {
  const sli = slo.sli;
  if (sli.kind === 'promql') {
    if (!sli.errorQuery || !sli.totalQuery) return { skipped: 'an error-ratio query has no counters to synthesize' };
    const error = parseEventsQuery(sli.errorQuery);
    const total = parseEventsQuery(sli.totalQuery);
    if (!error || !total) return { skipped: 'the queries are not single-counter `sum(rate(metric{…}[{{.window}}]))` shapes' };
    return split(total.selector, error.selector, 'bad', total.by);
  }
  if (sli.kind === 'metric_ratio') {
    const narrowed = sli.bad ?? sli.good;
    if (!narrowed) return { skipped: 'metric_ratio without good or bad' };
    const total = promSelector(sli.total);
    // Same counter: narrowed matchers add to total's (as the compiler queries it).
    const n = narrowed.metric === sli.total.metric ? { metric: total.metric, matchers: [...total.matchers, ...promSelector(narrowed).matchers] } : promSelector(narrowed);
    return split(total, n, sli.bad ? 'bad' : 'good', slo.groupBy.map(metricLabelName));
  }
  return { skipped: `${sli.kind} SLIs are not counters a test can synthesize` };
}

function promSelector(sel: MetricSelector): PromSelector {
  return { metric: promCounterName(sel.metric), matchers: sel.matchers.map((m) => ({ label: metricLabelName(m.key), op: m.op, value: m.value })) };
}

/**
 * Series for `narrowed ⊆ total`. On one counter: an `inside` series matching both
 * selectors and an `outside` one matching total but not narrowed, differing in one label.
 * On two counters: the narrowed counter and the total counter.
 */
function split(total: PromSelector, narrowed: PromSelector, role: 'bad' | 'good', by: string[]): SyntheticSli | { skipped: string } {
  const other: Role = role === 'bad' ? 'good' : 'bad';
  if (narrowed.metric === total.metric) {
    const inside = solve([...total.matchers, ...narrowed.matchers], by);
    if (!inside) return { skipped: `no label values satisfy ${describe(narrowed)}` };
    const outside = violate(inside, total.matchers, narrowed.matchers, by);
    if (!outside) return { skipped: `no series matches ${describe(total)} without matching ${describe(narrowed)}` };
    return { series: [{ metric: total.metric, labels: inside, role }, { metric: total.metric, labels: outside, role: other }], groupLabels: pick(inside, by) };
  }
  const both = solve([...total.matchers, ...narrowed.matchers.filter((m) => by.includes(m.label))], by);
  if (!both) return { skipped: `no group-by values satisfy both selectors` };
  const groups = pick(both, by);
  const n = solve(narrowed.matchers, by, groups);
  const t = solve(total.matchers, by, groups);
  if (!n || !t) return { skipped: `no label values satisfy the selectors` };
  return { series: [{ metric: narrowed.metric, labels: n, role }, { metric: total.metric, labels: t, role: 'total' }], groupLabels: groups };
}

const describe = (s: PromSelector) => `${s.metric}{${s.matchers.map((m) => `${m.label}${m.op}${JSON.stringify(m.value)}`).join(',')}}`;

function pick(labels: Record<string, string>, keys: string[]): Record<string, string> {
  return Object.fromEntries(keys.filter((k) => labels[k]).map((k) => [k, labels[k]!]));
}

function satisfies(m: PromMatcher, value: string): boolean {
  switch (m.op) {
    case '=':
      return value === m.value;
    case '!=':
      return value !== m.value;
    case '=~':
      return fullMatch(m.value, value);
    case '!~':
      return !fullMatch(m.value, value);
  }
}

function candidates(ms: PromMatcher[], preferred?: string): string[] {
  const out: string[] = preferred !== undefined ? [preferred] : [];
  for (const m of ms) {
    if (m.op === '=' || m.op === '!=') out.push(m.value);
    else out.push(...sampleMatches(m.value));
  }
  out.push('200', 'ok', 'a', 'x', '0', '');
  return out;
}

/** Label values satisfying every matcher; group-by labels get a value even when unconstrained. */
function solve(ms: PromMatcher[], by: string[], fixed: Record<string, string> = {}): Record<string, string> | undefined {
  const keys = [...new Set([...ms.map((m) => m.label), ...by])];
  const out: Record<string, string> = {};
  for (const key of keys) {
    const on = ms.filter((m) => m.label === key);
    // An unconstrained group-by label gets a value that reads as a group, not as a status code.
    const preferred = fixed[key] ?? (by.includes(key) && on.length === 0 ? 'group-a' : undefined);
    const value = candidates(on, preferred).find((v) => on.every((m) => satisfies(m, v)));
    if (value === undefined) return undefined;
    out[key] = value;
  }
  return out;
}

/** `inside` with one non-group label changed so that total still matches and narrowed no longer does. */
function violate(inside: Record<string, string>, total: PromMatcher[], narrowed: PromMatcher[], by: string[]): Record<string, string> | undefined {
  for (const key of new Set(narrowed.map((m) => m.label))) {
    if (by.includes(key)) continue;
    const t = total.filter((m) => m.label === key);
    const n = narrowed.filter((m) => m.label === key);
    const value = candidates([...t, ...n]).find((v) => t.every((m) => satisfies(m, v)) && !n.every((m) => satisfies(m, v)));
    if (value !== undefined) return { ...inside, [key]: value };
  }
  return undefined;
}
