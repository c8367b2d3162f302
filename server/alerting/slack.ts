import { alertAnnotations, alertLink, describeValue, valueField } from './labels.js';
import { defaultRetryPolicy, postJson, type RetryPolicy } from './post.js';
import type { Notification, NotifyTarget } from './target.js';

/**
 * Slack incoming-webhook messages (https://api.slack.com/messaging/webhooks): `text` is what
 * notifications and clients without Block Kit show; `blocks` is the message. Mattermost and
 * Rocket.Chat accept the same body. One message per alert that starts firing or resolves.
 */

export interface SlackText {
  type: 'mrkdwn';
  text: string;
}

export type SlackBlock = { type: 'section'; text: SlackText } | { type: 'section'; fields: SlackText[] } | { type: 'context'; elements: SlackText[] };

export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

/** Slack reads `&`, `<` and `>` as markup (`<!channel>` would notify everyone), so text from alerts is escaped. */
export const escapeSlack = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A section's text may hold 3000 characters. */
const SECTION_MAX = 3000;
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export function severityEmoji(severity: string, status: 'firing' | 'resolved'): string {
  if (status === 'resolved') return ':white_check_mark:';
  if (severity === 'page') return ':red_circle:';
  if (severity === 'ticket') return ':large_orange_circle:';
  return ':large_blue_circle:';
}

/** Slack shows a date in the reader's timezone; clients that cannot show the ISO fallback. */
const slackDate = (epochSeconds: number) =>
  `<!date^${Math.floor(epochSeconds)}^{date_short_pretty} {time}|${new Date(epochSeconds * 1000).toISOString()}>`;

/** `<url|label>`: a `|` or `>` in the URL would end it early. */
const slackUrl = (url: string) => url.replace(/[|<>]/g, (c) => encodeURIComponent(c));

const field = (title: string, value: string): SlackText => ({ type: 'mrkdwn', text: `*${title}*\n${value}` });

export function slackMessage(n: Notification, publicUrl: string | undefined): SlackMessage {
  const t = n.transition;
  const emoji = severityEmoji(t.severity, n.status);
  const status = n.status === 'firing' ? 'FIRING' : 'RESOLVED';
  const annotations = alertAnnotations(t);
  const link = alertLink(t, publicUrl);

  const fields = [field('Severity', escapeSlack(t.severity))];
  if (t.kind === 'slo') fields.push(field('SLO', escapeSlack(t.labels.slo ?? t.sloId ?? t.id)));
  if (t.labels.service) fields.push(field('Service', escapeSlack(t.labels.service)));
  const value = valueField(t);
  fields.push(field(value.label, value.text));
  fields.push(n.status === 'firing' ? field('Since', slackDate(n.startsAt)) : field('Resolved', slackDate(n.endsAt ?? t.at)));

  const blocks: SlackBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: clip(`${emoji} *[${status}] ${escapeSlack(t.name)}*\n${escapeSlack(annotations.summary ?? '')}`, SECTION_MAX) } },
    { type: 'section', fields },
  ];
  if (annotations.description) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: clip(escapeSlack(annotations.description), SECTION_MAX) } });
  const context: SlackText[] = [];
  if (link) context.push({ type: 'mrkdwn', text: `<${slackUrl(link)}|Open in Octolens>` });
  if (annotations.runbook_url) context.push({ type: 'mrkdwn', text: `<${slackUrl(annotations.runbook_url)}|Runbook>` });
  if (context.length > 0) blocks.push({ type: 'context', elements: context });

  return { text: `${emoji} [${status}] ${escapeSlack(t.name)} (${escapeSlack(t.severity)}): ${describeValue(t)}`, blocks };
}

export interface SlackTargetParams {
  url: string;
  publicUrl?: string;
  retry?: RetryPolicy;
}

export function createSlackTarget({ url, publicUrl, retry = defaultRetryPolicy() }: SlackTargetParams): NotifyTarget {
  return {
    name: 'slack',
    repeats: false,
    async send(notifications) {
      for (const n of notifications) await postJson(url, slackMessage(n, publicUrl), retry);
    },
  };
}
