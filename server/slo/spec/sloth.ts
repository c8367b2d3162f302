import { defaultTiers, type BurnRateTier, type SloDefinition, type SourceFormat } from '../model.js';
import { kindOf } from './kinds.js';
import { pascalCase, slugify } from './schema-kit.js';
import type { SpecSink } from './sink.js';
import { slothCrd, slothCrdSlo, slothFile, slothFileSlo, type SlothAlert, type SlothSlo } from './sloth-schema.js';
import type { PathSegment, SourceDoc } from './yaml-source.js';

/**
 * Sloth specs, read as they are. Sloth has a 30-day period and the SRE workbook's four
 * tiers (page: 1h/5m 14.4×, 6h/30m 6×; ticket: 1d/2h 3×, 3d/6h 1×); `page_alert` and
 * `ticket_alert` disable, label and delay (`for`) the two page or the two ticket tiers.
 */

const slothPeriodSeconds = 30 * 86400;
/** Sloth's contrib plugin that reads page_alert.for / ticket_alert.for, which Octolens honours natively. */
const alertForPlugin = 'sloth.dev/contrib/alert_for/v1';

interface SlothGroup {
  src: SourceDoc;
  service: string;
  labels: Record<string, string>;
  slos: unknown[];
  /** where the SLO list sits in the document */
  path: PathSegment[];
  format: SourceFormat;
}

/** `version: prometheus/v1` files. */
export function importSlothFile(docs: readonly SourceDoc[], sink: SpecSink): void {
  for (const src of docs) {
    const top = sink.parse(slothFile, src, [], src.value);
    if (!top) continue;
    warnAboutPlugins(top.slo_plugins, src, ['slo_plugins'], sink);
    importGroup({ src, service: top.service, labels: top.labels ?? {}, slos: top.slos, path: ['slos'], format: 'sloth/prometheus/v1' }, sink);
  }
}

/** `sloth.slok.dev/v1` PrometheusServiceLevel resources. */
export function importSlothCrd(docs: readonly SourceDoc[], sink: SpecSink): void {
  for (const src of docs) {
    const kind = (src.value as { kind?: unknown }).kind;
    if (kind === 'AlertWindows') {
      sink.error(src, ['kind'], 'AlertWindows is not supported: Octolens scales the alert tiers to each SLO period; write the SLO in octolens/v1 with period and alerting.tiers');
      continue;
    }
    if (!kindOf(src, ['PrometheusServiceLevel'], 'sloth.slok.dev/v1', sink)) continue;
    const top = sink.parse(slothCrd, src, [], src.value);
    if (!top) continue;
    warnAboutPlugins(top.spec.sloPlugins, src, ['spec', 'sloPlugins'], sink);
    importGroup({ src, service: top.spec.service, labels: top.spec.labels ?? {}, slos: top.spec.slos, path: ['spec', 'slos'], format: 'sloth/k8s/v1' }, sink);
  }
}

function importGroup(group: SlothGroup, sink: SpecSink): void {
  const schema = group.format === 'sloth/prometheus/v1' ? slothFileSlo : slothCrdSlo;
  group.slos.forEach((raw, i) => {
    const path = [...group.path, i];
    const slo = sink.parse(schema, group.src, path, raw) as SlothSlo | undefined;
    if (!slo) return;
    warnAboutPlugins(slo.plugins, group.src, [...path, 'plugins'], sink);
    const def = toDefinition(slo, group, path, sink);
    if (def) sink.slos.push(def);
  });
}

function toDefinition(slo: SlothSlo, group: SlothGroup, path: PathSegment[], sink: SpecSink): SloDefinition | undefined {
  const { events, raw, plugin } = slo.sli;
  if (plugin) {
    sink.error(group.src, [...path, 'sli', 'plugin'], `plugins are not supported (plugin "${plugin.id}"): write the plugin's queries as sli.events or sli.raw`);
    return undefined;
  }
  if ((events === undefined) === (raw === undefined)) {
    sink.error(group.src, [...path, 'sli'], events ? 'give events or raw, not both' : 'needs events (error and total queries) or raw (an error ratio query)');
    return undefined;
  }
  // Sloth's own id, sloth_id, is `<service>-<slo name>`.
  const id = slugify(`${group.service}-${slo.name}`);
  const tiers = defaultTiers(slothPeriodSeconds).map((tier) => withAlert(tier, tier.severity === 'page' ? slo.alerting.pageAlert : slo.alerting.ticketAlert));
  return {
    id,
    name: slo.name,
    service: group.service,
    description: slo.description ?? '',
    labels: { ...group.labels, ...slo.labels },
    objective: slo.objective,
    period: { kind: 'rolling', seconds: slothPeriodSeconds },
    budgeting: { method: 'occurrences' },
    sli: events ? { kind: 'promql', errorQuery: events.errorQuery, totalQuery: events.totalQuery } : { kind: 'promql', errorRatioQuery: raw!.errorRatioQuery },
    groupBy: [],
    alerting: {
      name: slo.alerting.name || pascalCase(id),
      labels: slo.alerting.labels ?? {},
      annotations: slo.alerting.annotations ?? {},
      tiers,
      minEvents: 0,
      noDataSeconds: 0,
      budgetExhausted: false,
    },
    source: sink.source(group.src, path, group.format),
  };
}

function withAlert(tier: BurnRateTier, alert: SlothAlert | undefined): BurnRateTier {
  if (!alert) return tier;
  const next: BurnRateTier = { ...tier, enabled: !alert.disable, forSeconds: alert.for ?? 0 };
  if (alert.labels && Object.keys(alert.labels).length) next.labels = alert.labels;
  if (alert.annotations && Object.keys(alert.annotations).length) next.annotations = alert.annotations;
  return next;
}

/** Sloth plugins change generated rules in ways Octolens does not reproduce; say so, except for the one it honours. */
function warnAboutPlugins(plugins: { chain: { id: string }[] } | undefined, src: SourceDoc, path: PathSegment[], sink: SpecSink): void {
  plugins?.chain.forEach((plugin, i) => {
    if (plugin.id !== alertForPlugin) sink.warn(src, [...path, 'chain', i, 'id'], `Sloth SLO plugin "${plugin.id}" is ignored: Octolens generates its own rules`);
  });
}
