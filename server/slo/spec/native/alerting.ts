import { defaultTiers, type Alerting, type BurnRateTier } from '../../model.js';
import { didYouMean } from '../did-you-mean.js';
import { formatDuration } from '../duration.js';
import type { SpecSink } from '../sink.js';
import type { PathSegment, SourceDoc } from '../yaml-source.js';
import type { NativeAlerting, TierDefinition, TierOverride } from './schema.js';

export interface AlertingContext {
  /** alert name when the spec gives none */
  defaultName: string;
  periodSeconds: number;
  objective: number;
  src: SourceDoc;
  sink: SpecSink;
}

/**
 * The SLO's alerting: the default tiers scaled to the period, adjusted by name, or a list
 * that replaces them. Returns undefined when a tier is invalid (the sink has the errors).
 */
export function resolveAlerting(spec: NativeAlerting | undefined, ctx: AlertingContext): Alerting | undefined {
  const path: PathSegment[] = ['alerting', 'tiers'];
  let tiers: BurnRateTier[] | undefined;
  if (spec?.tiers === undefined) tiers = defaultTiers(ctx.periodSeconds);
  else if (Array.isArray(spec.tiers)) tiers = fromList(spec.tiers, ctx, path);
  else tiers = withOverrides(spec.tiers, ctx, path);
  if (!tiers || !tiers.every((tier, i) => checkTier(tier, ctx, spec?.tiers === undefined ? ['objective'] : Array.isArray(spec.tiers) ? [...path, i] : [...path, tier.name]))) {
    return undefined;
  }
  return {
    name: spec?.name ?? ctx.defaultName,
    labels: spec?.labels ?? {},
    annotations: spec?.annotations ?? {},
    tiers,
    minEvents: spec?.minEvents ?? 0,
    noDataSeconds: spec?.noData === undefined || spec.noData === false ? 0 : spec.noData,
    budgetExhausted: spec?.budgetExhausted ?? false,
  };
}

function fromList(list: TierDefinition[], ctx: AlertingContext, path: PathSegment[]): BurnRateTier[] | undefined {
  const seen = new Set<string>();
  let ok = true;
  const tiers = list.map((t, i) => {
    if (seen.has(t.name)) {
      ctx.sink.error(ctx.src, [...path, i, 'name'], `duplicate tier name "${t.name}"`);
      ok = false;
    }
    seen.add(t.name);
    return applyFields({ name: t.name, severity: t.severity, longWindowSeconds: t.longWindow, shortWindowSeconds: Math.round(t.longWindow / 12), burnRate: 0, forSeconds: 0, enabled: true }, t, ctx);
  });
  return ok ? tiers : undefined;
}

function withOverrides(overrides: Record<string, TierOverride>, ctx: AlertingContext, path: PathSegment[]): BurnRateTier[] | undefined {
  const tiers = defaultTiers(ctx.periodSeconds);
  const names = tiers.map((t) => t.name);
  let ok = true;
  for (const [name, override] of Object.entries(overrides)) {
    const index = names.indexOf(name);
    if (index < 0) {
      ctx.sink.error(ctx.src, [...path, name], `unknown tier "${name}"${didYouMean(name, names)}; the default tiers are ${names.join(', ')} (give a list of tiers to define your own)`, 'key');
      ok = false;
      continue;
    }
    tiers[index] = applyFields(tiers[index]!, override, ctx);
  }
  return ok ? tiers : undefined;
}

function applyFields(tier: BurnRateTier, t: TierOverride, ctx: AlertingContext): BurnRateTier {
  const next: BurnRateTier = { ...tier };
  if (t.severity !== undefined) next.severity = t.severity;
  if (t.longWindow !== undefined) next.longWindowSeconds = t.longWindow;
  if (t.shortWindow !== undefined) next.shortWindowSeconds = t.shortWindow;
  if (t.burnRate !== undefined) next.burnRate = t.burnRate;
  if (t.budgetPercent !== undefined) next.burnRate = burnRateForShare(t.budgetPercent / 100, ctx.periodSeconds, next.longWindowSeconds);
  if (t.for !== undefined) next.forSeconds = t.for;
  if (t.enabled !== undefined) next.enabled = t.enabled;
  if (t.labels !== undefined) next.labels = t.labels;
  if (t.annotations !== undefined) next.annotations = t.annotations;
  return next;
}

/** The burn rate at which `share` of the period's budget goes in `longWindowSeconds` (as defaultTiers computes it). */
export function burnRateForShare(share: number, periodSeconds: number, longWindowSeconds: number): number {
  return Math.round(((share * periodSeconds) / longWindowSeconds) * 1e6) / 1e6;
}

/** Refuses windows that cannot work; warns about a tier that can never fire. */
function checkTier(tier: BurnRateTier, ctx: AlertingContext, path: PathSegment[]): boolean {
  if (tier.shortWindowSeconds >= tier.longWindowSeconds) {
    ctx.sink.error(ctx.src, path, `tier "${tier.name}": shortWindow (${formatDuration(tier.shortWindowSeconds)}) must be shorter than longWindow (${formatDuration(tier.longWindowSeconds)})`);
    return false;
  }
  if (tier.shortWindowSeconds < 60) {
    ctx.sink.error(ctx.src, path, `tier "${tier.name}": windows must be at least 1m, got ${formatDuration(tier.shortWindowSeconds)}`);
    return false;
  }
  const needed = tier.burnRate * (1 - ctx.objective);
  if (tier.enabled && needed >= 1) {
    ctx.sink.warn(
      ctx.src,
      path,
      `tier "${tier.name}" can never fire: a ${tier.burnRate}× burn of a ${round(100 * (1 - ctx.objective))}% error budget needs an error ratio of ${round(100 * needed)}%`,
    );
  }
  return true;
}

const round = (n: number) => Math.round(n * 1000) / 1000;
