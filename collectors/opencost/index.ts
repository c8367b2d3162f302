import { loadCostRules } from '../../server/cost/rules.js';
import type { Collector, CollectorInstance } from '../types.js';
import { opencostConfigSchema, type OpencostConfig } from './config.js';
import { createOpencostPull } from './pull.js';

/** OpenCost's in-cluster allocation (OCTOLENS_OPENCOST_URL), pulled daily into cost_items like a FOCUS import (pull.ts). */
export const opencostCollector: Collector<OpencostConfig> = {
  name: 'opencost',
  stability: 'development',
  configSchema: opencostConfigSchema,
  create: (config, deps): CollectorInstance => {
    if (config.url === undefined) return {};
    const pull = createOpencostPull({ ...config, url: config.url }, loadCostRules(config.rulesFile), deps);
    return { start: () => pull.start(), stop: () => pull.stop() };
  },
};
