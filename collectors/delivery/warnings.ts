import type { ConfigWarning } from '../types.js';

/**
 * The start-up warning of a webhook route that takes deliveries from anyone: without its
 * secret, whoever reaches the port can write deployments and incidents into DORA figures.
 * @example openWebhookWarning('/ingest/github', 'OCTOLENS_GITHUB_WEBHOOK_SECRET')
 */
export function openWebhookWarning(path: string, setting: string): ConfigWarning {
  return {
    message: `${path} accepts deliveries without authentication`,
    explain: `set ${setting} (and the same secret at the sender) so that only the sender's deliveries are stored`,
  };
}
