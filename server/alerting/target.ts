import type { NotifyStatus } from './labels.js';
import type { AlertTransition } from './types.js';

/** One alert as a target sends it: the transition, what it means, and when it started. */
export interface Notification {
  transition: AlertTransition;
  status: NotifyStatus;
  /** epoch s: when it started firing, as far as this process saw (else the transition's time) */
  startsAt: number;
  /** epoch s: when it resolved; absent while firing */
  endsAt?: number;
}

/** A place notifications go. `send` rejects when they did not get there (after its retries). */
export interface NotifyTarget {
  /** for log lines, never secret: `alertmanager http://am:9093`, `slack`, `webhook` */
  name: string;
  /**
   * true: gets every firing alert at every evaluation, as Alertmanager expects; false: only
   * what changed (an alert starts firing or resolves), so a chat is not posted to every minute.
   */
  repeats: boolean;
  send(notifications: Notification[]): Promise<void>;
}
