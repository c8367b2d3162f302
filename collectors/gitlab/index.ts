import { openWebhookWarning } from '../delivery/warnings.js';
import type { Collector } from '../types.js';
import { gitlabConfigSchema, type GitlabConfig } from './config.js';
import { gitlabRoutes } from './routes.js';

/** GitLab webhooks: deployments, pushes, merges and incident issues (normalise.ts says how each maps). */
export const gitlabCollector: Collector<GitlabConfig> = {
  name: 'gitlab',
  stability: 'alpha',
  configSchema: gitlabConfigSchema,
  create: (config, deps) => ({ routes: gitlabRoutes(config, deps), authenticatesSenders: config.webhookToken !== undefined }),
  warnings: (config, { hubAuth }) => (!hubAuth && config.webhookToken === undefined ? [openWebhookWarning('/ingest/gitlab', 'OCTOLENS_GITLAB_WEBHOOK_TOKEN')] : []),
};
