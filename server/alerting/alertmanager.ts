import { alertAnnotations, alertLabels, alertLink } from './labels.js';
import { defaultRetryPolicy, postJson, redact, type RetryPolicy } from './post.js';
import type { Notification, NotifyTarget } from './target.js';

/**
 * Alertmanager API v2 client: `POST /api/v2/alerts` with a JSON array of postableAlert
 * (https://github.com/prometheus/alertmanager/blob/main/api/v2/openapi.yaml,
 * https://prometheus.io/docs/alerting/latest/clients/).
 *
 * Alertmanager identifies an alert by its labels and expects it to be re-sent while it
 * fires; it keeps the earliest `startsAt` it has seen. A firing alert is sent with an
 * `endsAt` four evaluation intervals (at least four minutes) ahead, so if the hub stops, its
 * alerts resolve by themselves instead of firing forever; each re-send pushes it forward. A resolved
 * alert is sent once with `endsAt` = the time it resolved, which ends it at once.
 */

/** RFC 3339, what the API's strfmt date-time parses. */
const iso = (epochMs: number) => new Date(epochMs).toISOString();

export interface PostableAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL?: string;
}

/**
 * A firing alert ends this many resend intervals after it was sent, the interval counted
 * as at least a minute: Prometheus' rule (`ValidUntil = ts + 4 × max(evaluation interval,
 * resend delay 1m)`), so a short evaluation interval or one slow cycle does not let
 * Alertmanager resolve an alert that still fires.
 */
export const ENDS_AT_INTERVALS = 4;
export const MIN_RESEND_INTERVAL_MS = 60_000;

export const firingEndsAt = (nowMs: number, resendIntervalMs: number) => nowMs + ENDS_AT_INTERVALS * Math.max(resendIntervalMs, MIN_RESEND_INTERVAL_MS);

export interface PostableAlertsParams {
  nowMs: number;
  /** how often the evaluator re-sends a firing alert */
  resendIntervalMs: number;
  publicUrl?: string;
}

export function postableAlerts(notifications: Notification[], { nowMs, resendIntervalMs, publicUrl }: PostableAlertsParams): PostableAlert[] {
  return notifications.map(({ transition: t, status, startsAt, endsAt }) => {
    const link = alertLink(t, publicUrl);
    return {
      labels: alertLabels(t),
      annotations: alertAnnotations(t),
      startsAt: iso(startsAt * 1000),
      endsAt: status === 'firing' ? iso(firingEndsAt(nowMs, resendIntervalMs)) : iso((endsAt ?? t.at) * 1000),
      ...(link ? { generatorURL: link } : {}),
    };
  });
}

/** `http://am:9093` or `http://host/alertmanager/` (a route prefix) → its `/api/v2/alerts`. */
export const alertsEndpoint = (baseUrl: string) => new URL('api/v2/alerts', baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`).toString();

export interface AlertmanagerTargetParams {
  url: string;
  resendIntervalMs: number;
  publicUrl?: string;
  retry?: RetryPolicy;
  now?: () => number;
}

export function createAlertmanagerTarget({ url, resendIntervalMs, publicUrl, retry = defaultRetryPolicy(), now = Date.now }: AlertmanagerTargetParams): NotifyTarget {
  const endpoint = alertsEndpoint(url);
  return {
    name: `alertmanager ${redact(url)}`,
    repeats: true,
    async send(notifications) {
      if (notifications.length === 0) return;
      await postJson(endpoint, postableAlerts(notifications, { nowMs: now(), resendIntervalMs, publicUrl }), retry);
    },
  };
}
