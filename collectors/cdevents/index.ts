import { openWebhookWarning } from '../delivery/warnings.js';
import type { Collector } from '../types.js';
import { cdeventsConfigSchema, type CdeventsConfig } from './config.js';
import { cdeventsRoutes } from './routes.js';

/** CDEvents over CloudEvents HTTP: deployments, changes and incidents (routes.ts, normalise.ts). */
export const cdeventsCollector: Collector<CdeventsConfig> = {
  name: 'cdevents',
  stability: 'alpha',
  configSchema: cdeventsConfigSchema,
  create: (config, deps) => ({ routes: cdeventsRoutes(config, deps), authenticatesSenders: config.token !== undefined }),
  warnings: (config, { hubAuth }) => (!hubAuth && config.token === undefined ? [openWebhookWarning('/ingest/cdevents', 'OCTOLENS_CDEVENTS_TOKEN')] : []),
};
