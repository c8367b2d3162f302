import { alertAnnotations, alertLabels, alertLink, fingerprint } from './labels.js';
import { defaultRetryPolicy, postJson, type RetryPolicy } from './post.js';
import type { Notification, NotifyTarget } from './target.js';

/**
 * The generic webhook: one POST per alert that starts firing or resolves. The body is
 * Alertmanager's webhook body (https://prometheus.io/docs/alerting/latest/configuration/#webhook_config)
 * with `version: 1` and an `octolens` object per alert, so a receiver written for
 * Alertmanager reads it as a group of one alert. Documented in docs/alerting.md; fields are
 * only ever added.
 */

/** What Alertmanager's webhook sends as the `endsAt` of a firing alert (Go's zero time). */
export const ZERO_TIME = '0001-01-01T00:00:00Z';

export interface WebhookAlert {
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL: string;
  /** Alertmanager's fingerprint of `labels` */
  fingerprint: string;
  octolens: {
    id: string;
    kind: 'slo' | 'rule';
    severity: string;
    from: string;
    to: string;
    /** epoch s: when the alert entered `to` */
    at: number;
    value: number | null;
    sloId?: string;
  };
}

export interface WebhookBody {
  version: 1;
  status: 'firing' | 'resolved';
  receiver: 'octolens';
  groupKey: string;
  truncatedAlerts: 0;
  groupLabels: Record<string, string>;
  commonLabels: Record<string, string>;
  commonAnnotations: Record<string, string>;
  externalURL: string;
  alerts: WebhookAlert[];
}

const iso = (epochSeconds: number) => new Date(epochSeconds * 1000).toISOString();

export function webhookAlert({ transition: t, status, startsAt, endsAt }: Notification, publicUrl: string | undefined): WebhookAlert {
  const labels = alertLabels(t);
  return {
    status,
    labels,
    annotations: alertAnnotations(t),
    startsAt: iso(startsAt),
    endsAt: status === 'firing' ? ZERO_TIME : iso(endsAt ?? t.at),
    generatorURL: alertLink(t, publicUrl) ?? '',
    fingerprint: fingerprint(labels),
    octolens: {
      id: t.id,
      kind: t.kind,
      severity: t.severity,
      from: t.from,
      to: t.to,
      at: t.at,
      value: t.value !== null && Number.isFinite(t.value) ? t.value : null,
      ...(t.sloId ? { sloId: t.sloId } : {}),
    },
  };
}

/** The body for one alert, grouped (as Alertmanager would with `group_by`) by alertname and octolens_alert. */
export function webhookBody(n: Notification, publicUrl: string | undefined): WebhookBody {
  const alert = webhookAlert(n, publicUrl);
  const groupLabels = { alertname: alert.labels.alertname!, octolens_alert: alert.labels.octolens_alert! };
  return {
    version: 1,
    status: alert.status,
    receiver: 'octolens',
    groupKey: `{}:{alertname=${JSON.stringify(groupLabels.alertname)}, octolens_alert=${JSON.stringify(groupLabels.octolens_alert)}}`,
    truncatedAlerts: 0,
    groupLabels,
    commonLabels: alert.labels,
    commonAnnotations: alert.annotations,
    externalURL: publicUrl ?? '',
    alerts: [alert],
  };
}

export interface WebhookTargetParams {
  url: string;
  publicUrl?: string;
  retry?: RetryPolicy;
}

export function createWebhookTarget({ url, publicUrl, retry = defaultRetryPolicy() }: WebhookTargetParams): NotifyTarget {
  return {
    name: 'webhook',
    repeats: false,
    async send(notifications) {
      for (const n of notifications) await postJson(url, webhookBody(n, publicUrl), retry);
    },
  };
}
