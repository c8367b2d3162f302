import type { Logger } from '../lib/log.js';
import { createAlertmanagerTarget } from './alertmanager.js';
import type { AlertingConfig } from './config.js';
import { alertLabels, notifyStatus, type NotifyStatus } from './labels.js';
import type { RetryPolicy } from './post.js';
import { matchesAll } from './silence-match.js';
import type { Silence } from './silences.js';
import { createSlackTarget } from './slack.js';
import type { Notification, NotifyTarget } from './target.js';
import type { AlertTransition, Notifier } from './types.js';
import { createWebhookTarget } from './webhook.js';

/** Where the fanout reads the silences in force (server/alerting/silences.ts's activeSilences over the metadata store). */
export type SilenceSource = (nowMs: number) => Promise<Silence[]>;

export interface FanoutOptions {
  silences?: SilenceSource;
  /** epoch ms; tests set it */
  now?: () => number;
}

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
 *
 * A silenced alert (an active silence's matchers select its labels, alertLabels) goes to no
 * target, first or repeated. Its resolution still goes to a target that was told it fired
 * before the silence began, so none keeps showing it; one that fires and resolves under a
 * silence is never heard of. An alert still firing when its silence ends is announced then.
 */
export function createFanout(targets: NotifyTarget[], log: Logger, { silences, now = Date.now }: FanoutOptions = {}): FanoutNotifier {
  /** id → when it started firing, for the startsAt of its resolved notification */
  const firingSince = new Map<string, number>();
  const lanes = targets.map((target) => ({ target, tail: Promise.resolve(), delivered: new Map<string, NotifyStatus>() }));

  type Lane = (typeof lanes)[number];
  const lastDelivered = (lane: Lane, t: AlertTransition) => lane.delivered.get(t.id) ?? (t.from === 'firing' ? 'firing' : undefined);

  /**
   * Takes out what a silence holds back from this lane, and remembers that the lane was not
   * told: the first notification after the silence is then due, even as a repeat.
   */
  function unsilenced(lane: Lane, notifications: Notification[], silenced: Set<string>): Notification[] {
    return notifications.filter((n) => {
      if (!silenced.has(n.transition.id)) return true;
      if (n.status === 'resolved') return lastDelivered(lane, n.transition) === 'firing';
      if (lastDelivered(lane, n.transition) !== 'firing') lane.delivered.set(n.transition.id, 'resolved');
      return false;
    });
  }

  async function sendChanges(lane: Lane, notifications: Notification[]): Promise<void> {
    for (const n of notifications) {
      const { id } = n.transition;
      const last = lastDelivered(lane, n.transition);
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

  async function sendAll(lane: Lane, notifications: Notification[]): Promise<void> {
    if (notifications.length === 0) return;
    try {
      await lane.target.send(notifications);
      for (const n of notifications) {
        if (n.status === 'firing') lane.delivered.set(n.transition.id, 'firing');
        else lane.delivered.delete(n.transition.id);
      }
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

  /** ids of the alerts an active silence holds back; none when the silences cannot be read (a page is not lost to a database hiccup) */
  async function silencedIds(notifications: Notification[]): Promise<Set<string>> {
    const out = new Set<string>();
    if (!silences) return out;
    let active: Silence[];
    try {
      active = await silences(now());
    } catch (error) {
      log.warn('silences not read; notifying as if none were active', { error });
      return out;
    }
    for (const n of notifications) {
      const labels = alertLabels(n.transition);
      if (active.some((s) => matchesAll(s.matchers, labels))) out.add(n.transition.id);
    }
    return out;
  }

  return {
    targets: targets.map((t) => t.name),
    async notify(transitions) {
      const notifications = toNotifications(transitions);
      if (notifications.length === 0) return;
      // Read once for every lane, but awaited inside each lane's queue, which is extended
      // right now: batches keep their order even when a read is slow.
      const silenced = silencedIds(notifications);
      await Promise.all(
        lanes.map((lane) => {
          const work = async () => {
            const mine = unsilenced(lane, notifications, await silenced);
            return lane.target.repeats ? sendAll(lane, mine) : sendChanges(lane, mine);
          };
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
  /** the silences every target honours */
  silences?: SilenceSource;
}

/** One target per configured Alertmanager URL, webhook and Slack webhook, behind a fanout. */
export function createNotifier(config: AlertingConfig, log: Logger, { publicUrl, resendIntervalMs, retry, silences }: NotifierOptions): FanoutNotifier {
  const targets: NotifyTarget[] = [
    ...config.alertmanagerUrls.map((url) => createAlertmanagerTarget({ url, resendIntervalMs, publicUrl, retry })),
    ...(config.webhookUrl ? [createWebhookTarget({ url: config.webhookUrl, publicUrl, retry })] : []),
    ...(config.slackWebhookUrl ? [createSlackTarget({ url: config.slackWebhookUrl, publicUrl, retry })] : []),
  ];
  return createFanout(targets, log, { silences });
}
