import type { AlertState } from '../slo/evaluate/types.js';

/**
 * The contract between whatever evaluates alerts (the SLO engine, the rule evaluator) and
 * the notification targets. Times are epoch seconds.
 *
 * Every evaluation hands the notifier the alerts whose state changed, and also every alert
 * that is still firing (`from` and `to` both 'firing'): Alertmanager expects a firing alert
 * to be re-sent while it lasts (https://prometheus.io/docs/alerting/latest/clients/), and
 * the notifier decides which targets get the repeat (Alertmanager does; Slack and the
 * generic webhook only see changes).
 */
export interface AlertTransition {
  /** stable, unique per alert instance, e.g. `checkout-availability:page-fast` or `rule:<ruleId>` */
  id: string;
  /** the alert's name (Alertmanager's `alertname`): the SLO's alerting name or the rule's name */
  name: string;
  kind: 'slo' | 'rule';
  /** 'page' | 'ticket' | 'info' */
  severity: string;
  from: AlertState;
  to: AlertState;
  /**
   * When the alert entered `to` (AlertMemory.since): a repeat of an unchanged firing alert
   * carries the time it started firing, a resolved one the time it resolved.
   */
  at: number;
  /**
   * Identifying labels. SLO alerts carry `service` and `slo` (the SLO's name) besides the
   * SLO's and its alerting labels; a rule carries `service` when it has one. Alertmanager's
   * `sloth_*` labels are derived from these.
   */
  labels: Record<string, string>;
  /** e.g. summary, description, runbook_url; not identifying */
  annotations: Record<string, string>;
  /** the measured value: the long window's burn rate for SLO tiers, the query's value for rules; null without data */
  value: number | null;
  sloId?: string;
  /** a link back to what raised the alert; defaults to the hub's page for it when OCTOLENS_PUBLIC_URL is set */
  generatorUrl?: string;
}

export interface Notifier {
  /**
   * Resolves once every target has sent or given up; never rejects because a target failed
   * (each logs its own failures). A target that is down is retried for tens of seconds, so
   * an evaluation loop should hand transitions over and not wait for the sends.
   */
  notify(transitions: AlertTransition[]): Promise<void>;
}
