import { plainGroups, plainRuleFile, renderRuleFile } from './prometheus.js';
import type { RuleFile, RuleGroup } from './rule-file.js';
import { emitYaml, type YamlComments, type YamlValue } from './yaml-emit.js';

/** Where and how the PrometheusRule objects are named; the labels are what the Prometheus `ruleSelector` matches. */
export interface OperatorOptions {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  /** split into several objects above this many bytes of rendered groups (etcd caps an object near 1.5 MB) */
  maxBytes: number;
}

export function defaultOperatorOptions(): OperatorOptions {
  return {
    name: 'octolens-slos',
    namespace: 'monitoring',
    labels: { 'app.kubernetes.io/name': 'octolens', 'app.kubernetes.io/component': 'slo-rules', 'app.kubernetes.io/managed-by': 'octolens' },
    maxBytes: 1_000_000,
  };
}

export interface PrometheusRule {
  apiVersion: 'monitoring.coreos.com/v1';
  kind: 'PrometheusRule';
  metadata: { name: string; namespace: string; labels: Record<string, string>; annotations: Record<string, string> };
  spec: { groups: YamlValue[] };
}

/**
 * The rule file's groups in Prometheus Operator `PrometheusRule` objects
 * (https://prometheus-operator.dev/docs/api-reference/api/#monitoring.coreos.com/v1.PrometheusRule):
 * one object, or `<name>-1`, `<name>-2`… when the groups outgrow `maxBytes` (an SLO's groups
 * always stay in one object).
 */
export function toPrometheusRules(file: RuleFile, options: Partial<OperatorOptions> = {}): { rule: PrometheusRule; groups: RuleGroup[] }[] {
  const o = { ...defaultOperatorOptions(), ...options };
  const chunks = chunkBySize(file.groups, o.maxBytes);
  return chunks.map((groups, i) => ({
    groups,
    rule: {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: {
        name: chunks.length === 1 ? o.name : `${o.name}-${i + 1}`,
        namespace: o.namespace,
        labels: o.labels,
        annotations: { 'octolens.io/generated-by': 'octolens slo compile --target prometheus-operator' },
      },
      spec: plainRuleFile({ groups }),
    },
  }));
}

/** Multi-document YAML, the compiler's comments kept. */
export function renderPrometheusRules(file: RuleFile, options: Partial<OperatorOptions> = {}): string {
  return toPrometheusRules(file, options)
    .map(({ rule, groups }, i) => {
      const comments: YamlComments = new WeakMap();
      const doc = { ...rule, spec: plainGroups(groups, comments) };
      const header = i === 0 && file.comment ? file.comment.replace('--target prometheus', '--target prometheus-operator') : undefined;
      return emitYaml(doc as unknown as YamlValue, comments, header);
    })
    .join('---\n');
}

/** The SLO id a compiled group belongs to (prometheus.ts names them `octolens-slo-<kind>-<id>`). */
export const groupSloId = (group: RuleGroup) => group.name.replace(/^octolens-slo-(sli-recordings|meta-recordings|alerts)-/, '');

/** Keeps an SLO's groups together (they are consecutive) and cuts between SLOs. */
function chunkBySize(groups: RuleGroup[], maxBytes: number): RuleGroup[][] {
  const bySlo: RuleGroup[][] = [];
  for (const g of groups) {
    const last = bySlo[bySlo.length - 1];
    if (last && groupSloId(last[0]!) === groupSloId(g)) last.push(g);
    else bySlo.push([g]);
  }
  const chunks: RuleGroup[][] = [[]];
  let size = 0;
  for (const slo of bySlo) {
    const bytes = Buffer.byteLength(renderRuleFile({ groups: slo }));
    if (size > 0 && size + bytes > maxBytes) {
      chunks.push([]);
      size = 0;
    }
    chunks[chunks.length - 1]!.push(...slo);
    size += bytes;
  }
  return chunks;
}
