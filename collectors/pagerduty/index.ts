import { openWebhookWarning } from '../delivery/warnings.js';
import type { Collector } from '../types.js';
import { pagerdutyConfigSchema, type PagerdutyConfig } from './config.js';
import { pagerdutyRoutes } from './routes.js';

/** PagerDuty v3 webhooks: incident transitions (routes.ts). */
export const pagerdutyCollector: Collector<PagerdutyConfig> = {
  name: 'pagerduty',
  stability: 'alpha',
  configSchema: pagerdutyConfigSchema,
  create: (config, deps) => ({ routes: pagerdutyRoutes(config, deps), authenticatesSenders: config.webhookSecret !== undefined }),
  warnings: (config, { hubAuth }) => (!hubAuth && config.webhookSecret === undefined ? [openWebhookWarning('/ingest/pagerduty', 'OCTOLENS_PAGERDUTY_WEBHOOK_SECRET')] : []),
};
