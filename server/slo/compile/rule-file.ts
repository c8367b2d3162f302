/**
 * A Prometheus rule file (https://prometheus.io/docs/prometheus/latest/configuration/recording_rules/),
 * as the compiler builds it. `comment` fields are rendered as YAML comments and are not
 * part of the rule format.
 */
export interface RecordingRule {
  record: string;
  expr: string;
  labels?: Record<string, string>;
  comment?: string;
}

export interface AlertingRule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  comment?: string;
}

export type Rule = RecordingRule | AlertingRule;

export interface RuleGroup {
  name: string;
  interval?: string;
  rules: Rule[];
  comment?: string;
}

export interface RuleFile {
  groups: RuleGroup[];
  comment?: string;
}

export const isAlertingRule = (rule: Rule): rule is AlertingRule => 'alert' in rule;
export const isRecordingRule = (rule: Rule): rule is RecordingRule => 'record' in rule;
