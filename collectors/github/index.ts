import { openWebhookWarning } from '../delivery/warnings.js';
import type { Collector } from '../types.js';
import { githubConfigSchema, type GithubConfig } from './config.js';
import { githubRoutes } from './routes.js';

/** GitHub webhooks: deployments, pushes, merged pull requests and incident issues (normalise.ts). */
export const githubCollector: Collector<GithubConfig> = {
  name: 'github',
  stability: 'alpha',
  configSchema: githubConfigSchema,
  create: (config, deps) => ({ routes: githubRoutes(config, deps), authenticatesSenders: config.webhookSecret !== undefined }),
  warnings: (config, { hubAuth }) => (!hubAuth && config.webhookSecret === undefined ? [openWebhookWarning('/ingest/github', 'OCTOLENS_GITHUB_WEBHOOK_SECRET')] : []),
};
