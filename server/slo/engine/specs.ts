import type { AlertRuleDefinition, SloDefinition } from '../model.js';
import { formatSpecError, loadSpecDirectory as loadSpecs } from '../spec/index.js';

/** A spec directory as the engine needs it: definitions, and load problems as one line each. */
export interface LoadedSpecs {
  slos: SloDefinition[];
  rules: AlertRuleDefinition[];
  /** `file:line:column: message` */
  errors: string[];
}

export type SpecLoader = (dir: string) => Promise<LoadedSpecs>;

/** server/slo/spec's loader (git commits included), its errors formatted as `octolens slo validate` prints them. */
export const loadSpecDirectory: SpecLoader = async (dir) => {
  const loaded = await loadSpecs(dir);
  return { slos: loaded.slos, rules: loaded.rules, errors: loaded.errors.map((e) => formatSpecError(e)) };
};
