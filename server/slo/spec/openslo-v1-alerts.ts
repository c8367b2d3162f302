import type { Alerting, BurnRateTier } from '../model.js';
import { defaultAlerting, type Metadata } from './openslo.js';
import { conditionRef, inlineCondition, inlinePolicy, policyRef, type ConditionSpec, type PolicySpec } from './openslo-v1-schema.js';
import { isObject, resolve, type Entry, type Registry } from './openslo-v1-refs.js';
import { pascalCase, slugify } from './schema-kit.js';
import type { SpecSink } from './sink.js';
import type { PathSegment, SourceDoc } from './yaml-source.js';

/**
 * An SLO's alertPolicies → burn-rate tiers. Each burnrate AlertCondition is one tier:
 * lookbackWindow is the long window, the short window is a twelfth of it (the SRE
 * workbook's ratio, at least 1m), threshold is the burn rate, alertAfter is `for`.
 * Severities page, critical, sev1/p1, high and urgent page; any other is a ticket.
 * Without alertPolicies the SLO gets the default tiers.
 */

interface Located<T> {
  src: SourceDoc;
  /** the object's path in src: [] for a document, the list entry for an inline object */
  path: PathSegment[];
  metadata: Metadata;
  spec: T;
}

const paging = /^(page|paging|critical|crit|sev-?[01]|p[01]|high|urgent|emergency)$/i;

export function alertingFromPolicies(slo: Entry<'SLO'>, registry: Registry, periodSeconds: number, sink: SpecSink): Alerting | undefined {
  const { metadata, spec } = slo.doc;
  const alerting = defaultAlerting(metadata.name, spec.service, periodSeconds);
  const items = spec.alertPolicies ?? [];
  if (items.length === 0) return alerting;
  const tiers: BurnRateTier[] = [];
  let noDataSeconds = 0;
  let ok = true;
  items.forEach((item, i) => {
    const policy = resolvePolicy(item, slo.src, ['spec', 'alertPolicies', i], registry, sink);
    if (!policy) {
      ok = false;
      return;
    }
    policy.spec.conditions.forEach((c, j) => {
      const condition = resolveCondition(c, policy.src, [...policy.path, 'spec', 'conditions', j], registry, sink);
      const tier = condition && toTier(condition, policy.spec, tiers, sink);
      if (!tier) {
        ok = false;
        return;
      }
      tiers.push(tier);
      if (policy.spec.alertWhenNoData) noDataSeconds = noDataSeconds ? Math.min(noDataSeconds, tier.longWindowSeconds) : tier.longWindowSeconds;
    });
  });
  return ok ? { ...alerting, name: pascalCase(`${spec.service}-${metadata.name}`), tiers, noDataSeconds } : undefined;
}

function resolvePolicy(item: unknown, src: SourceDoc, path: PathSegment[], registry: Registry, sink: SpecSink): Located<PolicySpec> | undefined {
  if (isObject(item) && 'alertPolicyRef' in item) {
    const ref = sink.parse(policyRef, src, path, item);
    const entry = ref && resolve(registry, 'AlertPolicy', ref.alertPolicyRef, src, [...path, 'alertPolicyRef'], sink);
    return entry && { src: entry.src, path: [], metadata: entry.doc.metadata, spec: entry.doc.spec };
  }
  const inline = sink.parse(inlinePolicy, src, path, item);
  return inline && { src, path, metadata: inline.metadata, spec: inline.spec };
}

function resolveCondition(item: unknown, src: SourceDoc, path: PathSegment[], registry: Registry, sink: SpecSink): Located<ConditionSpec> | undefined {
  if (isObject(item) && 'conditionRef' in item) {
    const ref = sink.parse(conditionRef, src, path, item);
    const entry = ref && resolve(registry, 'AlertCondition', ref.conditionRef, src, [...path, 'conditionRef'], sink);
    return entry && { src: entry.src, path: [], metadata: entry.doc.metadata, spec: entry.doc.spec };
  }
  const inline = sink.parse(inlineCondition, src, path, item);
  return inline && { src, path, metadata: inline.metadata, spec: inline.spec };
}

function toTier(condition: Located<ConditionSpec>, policy: PolicySpec, earlier: BurnRateTier[], sink: SpecSink): BurnRateTier | undefined {
  const c = condition.spec.condition;
  const at = [...condition.path, 'spec', 'condition'];
  if (c.lookbackWindow <= 60) {
    sink.error(condition.src, [...at, 'lookbackWindow'], 'must be longer than 1m (the short window is a twelfth of it, at least 1m)');
    return undefined;
  }
  if (c.op === 'lt' || c.op === 'lte') {
    sink.warn(condition.src, [...at, 'op'], `read as "burn rate above ${c.threshold}": a burn-rate alert fires when the budget burns faster than the threshold`);
  }
  const base = slugify(condition.metadata.name) || 'burnrate';
  let name = base;
  for (let n = 2; earlier.some((t) => t.name === name); n++) name = `${base}-${n}`;
  return {
    name,
    severity: paging.test(condition.spec.severity.trim()) ? 'page' : 'ticket',
    longWindowSeconds: c.lookbackWindow,
    shortWindowSeconds: Math.max(60, Math.round(c.lookbackWindow / 12)),
    burnRate: c.threshold,
    forSeconds: c.alertAfter ?? 0,
    enabled: policy.alertWhenBreaching !== false,
  };
}
