import type { Logger } from '../lib/log.js';
import { createAlertmanagerTarget } from './alertmanager.js';
import type { AlertingConfig } from './config.js';
import { notifyStatus, type NotifyStatus } from './labels.js';
import type { RetryPolicy } from './post.js';
import { createSlackTarget } from './slack.js';
import type { Notification, NotifyTarget } from './target.js';
import type { AlertTransition, Notifier } from './types.js';
import { createWebhookTarget } from './webhook.js';

export interface FanoutNotifier extends Notifier {
  /** names of the targets, for the start-up log line */
  readonly targets: string[];
  /** resolves once every notification handed over so far has been sent or given up on */
  drain(): Promise<void>;
}

/**
 * Sends every batch to every target on its own: a target that is down (retrying, then
 * failing) neither delays nor stops the others, and its failure is logged, not thrown.
 * Batches reach one target in order, so "fired" is never overtaken by "resolved".
 *
 * Targets that `repeat` (Alertmanager) get each firing alert every time; the others get an
 * alert when it starts firing and when it resolves, judged per target against what was last
 * delivered there: a post that failed is tried again at the next evaluation while the alert
 * still fires. An alert handed over as already firing (from 'firing', e.g. after a restart)
 * counts as delivered.
 */
export function createFanout(targets: NotifyTarget[], log: Logger): FanoutNotifier {
  /** id → when it started firing, for the startsAt of its resolved notification */
  const firingSince = new Map<string, number>();
  const lanes = targets.map((target) => ({ target, tail: Promise.resolve(), delivered: new Map<string, NotifyStatus>() }));

  async function sendChanges(lane: (typeof lanes)[number], notifications: Notification[]): Promise<void> {
    for (const n of notifications) {
      const { id, from } = n.transition;
      const last = lane.delivered.get(id) ?? (from === 'firing' ? 'firing' : undefined);
      const due = n.status === 'firing' ? last !== 'firing' : last === 'firing';
      if (!due) continue;
      try {
        await lane.target.send([n]);
        if (n.status === 'firing') lane.delivered.set(id, 'firing');
        else lane.delivered.delete(id);
      } catch (error) {
        // The target still shows what it showed before; the next evaluation's repeat of a
        // firing alert is then due again.
        lane.delivered.set(id, last ?? 'resolved');
        log.error('alert notification failed', { target: lane.target.name, alert: id, status: n.status, error });
      }
    }
  }

  async function sendAll(lane: (typeof lanes)[number], notifications: Notification[]): Promise<void> {
    try {
      await lane.target.send(notifications);
    } catch (error) {
      log.error('alert notification failed', { target: lane.target.name, alerts: notifications.length, error });
    }
  }

  function toNotifications(transitions: AlertTransition[]): Notification[] {
    const out: Notification[] = [];
    for (const t of transitions) {
      const status = notifyStatus(t);
      if (status === 'firing') {
        firingSince.set(t.id, t.at);
        out.push({ transition: t, status, startsAt: t.at });
      } else if (status === 'resolved') {
        out.push({ transition: t, status, startsAt: firingSince.get(t.id) ?? t.at, endsAt: t.at });
        firingSince.delete(t.id);
      }
    }
    return out;
  }

  return {
    targets: targets.map((t) => t.name),
    async notify(transitions) {
      const notifications = toNotifications(transitions);
      if (notifications.length === 0) return;
      await Promise.all(
        lanes.map((lane) => {
          const work = () => (lane.target.repeats ? sendAll(lane, notifications) : sendChanges(lane, notifications));
          lane.tail = lane.tail.then(work, work);
          return lane.tail;
        }),
      );
    },
    async drain() {
      await Promise.all(lanes.map((lane) => lane.tail));
    },
  };
}

export interface NotifierOptions {
  /** the hub's address for links (OCTOLENS_PUBLIC_URL) */
  publicUrl?: string;
  /** how often evaluators re-send firing alerts; Alertmanager's endsAt is 4 of these ahead */
  resendIntervalMs: number;
  retry?: RetryPolicy;
}

/** One target per configured Alertmanager URL, webhook and Slack webhook, behind a fanout. */
export function createNotifier(config: AlertingConfig, log: Logger, { publicUrl, resendIntervalMs, retry }: NotifierOptions): FanoutNotifier {
  const targets: NotifyTarget[] = [
    ...config.alertmanagerUrls.map((url) => createAlertmanagerTarget({ url, resendIntervalMs, publicUrl, retry })),
    ...(config.webhookUrl ? [createWebhookTarget({ url: config.webhookUrl, publicUrl, retry })] : []),
    ...(config.slackWebhookUrl ? [createSlackTarget({ url: config.slackWebhookUrl, publicUrl, retry })] : []),
  ];
  return createFanout(targets, log);
}
