import { loadCostRules } from '../../server/cost/rules.js';
import type { Collector } from '../types.js';
import { focusConfigSchema, type FocusConfig } from './config.js';
import { focusRoutes } from './routes.js';

/**
 * FOCUS 1.0–1.3 cost and usage exports (POST /ingest/cost/focus, `octolens import focus`),
 * streamed into cost_items with the team, service and environment the allocation rules
 * (OCTOLENS_COST_RULES) give each row; docs/cost.md.
 */
export const focusCollector: Collector<FocusConfig> = {
  name: 'focus',
  stability: 'alpha',
  configSchema: focusConfigSchema,
  // loadCostRules throws CostRulesError (file:line:column) at startup: a broken rules file stops the hub
  create: (config, deps) => ({ routes: focusRoutes(config, loadCostRules(config.rulesFile), deps) }),
};
