import { describe, expect, it } from 'vitest';
import type { AlertRuleDefinition } from '../../../slo/model.js';
import { ruleAlerts } from './list.js';

const disk: AlertRuleDefinition = {
  id: 'platform-disk-full',
  name: 'disk-full',
  service: 'platform',
  description: '',
  severity: 'page',
  labels: {},
  annotations: { runbook_url: 'https://runbooks.example.com/disk' },
  query: { signal: 'disk', selector: {}, measure: 'time_to_full' },
  windowSeconds: 21_600,
  condition: { op: '<', threshold: 86_400 },
  forSeconds: 600,
  source: { file: 'disk.yaml', line: 1, column: 1, format: 'octolens/v1' },
};

describe('ruleAlerts', () => {
  it('lists a rule alert with its unit and condition, the seconds left as its value', () => {
    const [alert] = ruleAlerts([{ rule: disk, memory: { state: 'firing', since: 1_800_000_000 }, value: 9400 }]);
    expect(alert).toEqual({
      id: 'rule:platform-disk-full',
      name: 'disk-full',
      kind: 'rule',
      severity: 'page',
      state: 'firing',
      since: '2027-01-15T08:00:00.000Z',
      labels: { octolens_rule: 'platform-disk-full', service: 'platform' },
      annotations: { runbook_url: 'https://runbooks.example.com/disk' },
      value: 9400,
      alertKind: 'rule',
      unit: 'seconds',
      condition: { op: '<', threshold: 86_400, windows: [21_600], forSeconds: 600 },
    });
  });

  it('sends "not filling" (Infinity, which JSON cannot carry) as a flag, and leaves inactive rules out', () => {
    const alerts = ruleAlerts([
      { rule: disk, memory: { state: 'resolved', since: 1_800_000_600 }, value: Number.POSITIVE_INFINITY },
      { rule: { ...disk, id: 'quiet' }, memory: { state: 'inactive', since: 1_800_000_000 }, value: Number.POSITIVE_INFINITY },
    ]);
    expect(alerts.map((a) => [a.id, a.state, a.value, a.infinite])).toEqual([['rule:platform-disk-full', 'resolved', null, true]]);
    expect(JSON.parse(JSON.stringify(alerts[0]))).toMatchObject({ value: null, infinite: true });
  });
});
