import { z } from 'zod';

/**
 * Where alert notifications go. Every target is optional and independent; with none set,
 * alerts are still evaluated and shown by the hub, just not sent anywhere.
 */

const httpUrl = z.string().transform((text, ctx) => {
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    ctx.addIssue({ code: 'custom', message: `expected an http(s) URL, got "${text}"` });
    return z.NEVER;
  }
  return text;
});

/** A list from YAML, or one comma-separated string from an env var. */
const urlList = z.preprocess(
  (value) => (typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter(Boolean) : value),
  z.array(httpUrl),
);

export const alertingConfigSchema = z
  .object({
    /** Alertmanager base URLs (an HA pair gets every alert, as Prometheus sends to each) */
    alertmanagerUrls: urlList.default([]),
    /** generic JSON webhook, body documented in docs/alerting.md */
    webhookUrl: httpUrl.optional(),
    /** Slack incoming webhook (or anything that takes Slack's `text` + `blocks`) */
    slackWebhookUrl: httpUrl.optional(),
  })
  .strict();

export type AlertingConfig = z.infer<typeof alertingConfigSchema>;

export const defaultAlertingConfig = (): AlertingConfig => ({ alertmanagerUrls: [] });

/** The hub's address as users reach it (links in notifications); no trailing slash. */
export const publicUrlSchema = httpUrl.transform((text) => text.replace(/\/+$/, ''));

export interface ConfigWarning {
  message: string;
  explain: string;
}

/** Settings that work but probably not as meant. */
export function alertingWarnings(config: AlertingConfig, publicUrl: string | undefined): ConfigWarning[] {
  const warnings: ConfigWarning[] = [];
  if (!publicUrl && (config.slackWebhookUrl || config.webhookUrl || config.alertmanagerUrls.length > 0)) {
    warnings.push({
      message: 'OCTOLENS_PUBLIC_URL is not set: notifications carry no link back to the hub',
      explain: 'set it to the address users open the UI at, e.g. https://octolens.example.com',
    });
  }
  const seen = new Set<string>();
  for (const url of config.alertmanagerUrls) {
    if (seen.has(url)) warnings.push({ message: `Alertmanager ${url} is listed twice`, explain: 'each alert would be sent to it twice' });
    seen.add(url);
  }
  return warnings;
}
