import type { SpecSink } from '../sink.js';
import { kindOf } from '../kinds.js';
import type { SourceDoc } from '../yaml-source.js';
import { toAlertRuleDefinition } from './alert-rule.js';
import { nativeAlertRule, nativeSlo } from './schema.js';
import { toSloDefinition } from './slo.js';

/** Reads octolens/v1 documents: one SLO or AlertRule each. */
export function importNative(docs: readonly SourceDoc[], sink: SpecSink): void {
  for (const src of docs) {
    const kind = kindOf(src, ['SLO', 'AlertRule'], 'octolens/v1', sink);
    if (kind === 'SLO') {
      const spec = sink.parse(nativeSlo, src, [], src.value);
      const slo = spec && toSloDefinition(spec, src, sink);
      if (slo) sink.slos.push(slo);
    } else if (kind === 'AlertRule') {
      const spec = sink.parse(nativeAlertRule, src, [], src.value);
      const rule = spec && toAlertRuleDefinition(spec, src, sink);
      if (rule) sink.rules.push(rule);
    }
  }
}
