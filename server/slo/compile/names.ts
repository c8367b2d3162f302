import type { Matcher } from '../model.js';

/**
 * How hub names become Prometheus names, following the OpenTelemetry "Prometheus and
 * OpenMetrics compatibility" spec (what the Collector's prometheus and
 * prometheusremotewrite exporters do):
 *
 * - metric names: every character outside `[a-zA-Z0-9_:]` becomes `_`
 *   (`http.server.requests` → `http_server_requests`), a leading digit gets a `_` prefix;
 * - counters (monotonic sums) end in `_total`, added unless already there;
 * - histograms become `<name>_bucket{le}`, `<name>_count`, `<name>_sum`;
 * - label names: as metric names without `:` (`http.route` → `http_route`);
 * - the `service.name` resource attribute becomes the `job` label (the spec joins
 *   `service.namespace/service.name`; with a namespace, match `job` yourself).
 *
 * Unit suffixes (`_seconds`, `_bytes`) are not added: the SLO names the metric, not its
 * unit, so write the suffix into the metric name if your exporter adds one.
 * See docs/slo-prometheus-rules.md.
 */
export function promMetricName(name: string): string {
  const clean = name.replace(/[^a-zA-Z0-9_:]/g, '_');
  return /^[0-9]/.test(clean) ? `_${clean}` : clean;
}

/** @example promCounterName('http.server.requests') // 'http_server_requests_total' */
export function promCounterName(name: string): string {
  const clean = promMetricName(name);
  return clean.endsWith('_total') ? clean : `${clean}_total`;
}

/** @example promLabelName('http.route') // 'http_route' */
export function promLabelName(key: string): string {
  const clean = key.replace(/[^a-zA-Z0-9_]/g, '_');
  return /^[0-9]/.test(clean) ? `_${clean}` : clean;
}

/** Label name for a metric attribute key: `service.name` is `job`, the rest are cleaned. */
export function metricLabelName(key: string): string {
  return key === 'service.name' ? 'job' : promLabelName(key);
}

/** A PromQL string literal (double-quoted, Go escapes). */
export function promString(value: string): string {
  return JSON.stringify(value);
}

/** Escapes RE2 metacharacters so a literal can sit inside a `=~` alternation. */
export function regexLiteral(value: string): string {
  return value.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

export function renderMatcher(m: Matcher, labelName: (key: string) => string = promLabelName): string {
  return `${labelName(m.key)}${m.op}${promString(m.value)}`;
}

/** `name{a="1",b=~"x|y"}`; `name` alone without matchers. */
export function renderSelector(metric: string, matchers: string[]): string {
  return matchers.length === 0 ? metric : `${metric}{${matchers.join(',')}}`;
}

/** One value is `=`, several are a `=~` alternation of escaped literals. */
export function anyOfMatcher(label: string, values: string[]): string {
  if (values.length === 1) return `${label}=${promString(values[0]!)}`;
  return `${label}=~${promString(values.map(regexLiteral).join('|'))}`;
}
