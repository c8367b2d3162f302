import { describe, expect, it } from 'vitest';
import { actionText, AUDIT_ACTIONS, entrySummary, formatState, knownAction } from './entries';

describe('AUDIT_ACTIONS', () => {
  it('offers every action the hub records (shared/api.ts AuditEntry.action), once each', () => {
    expect(AUDIT_ACTIONS.map((a) => a.action)).toEqual([
      'silence.create',
      'silence.expire',
      'alert.ack',
      'token.create',
      'token.revoke',
      'user.add',
      'user.remove',
      'session.login',
      'session.login_failed',
      'session.logout',
      'slos.reload',
    ]);
  });

  it('takes a known action from the URL and nothing else', () => {
    expect(knownAction('token.revoke')).toBe('token.revoke');
    expect(knownAction('silence')).toBe('');
    expect(knownAction('toString')).toBe('');
    expect(knownAction('')).toBe('');
  });

  it('says an unknown action as it is', () => {
    expect(actionText('alert.ack')).toBe('acknowledged an alert');
    expect(actionText('dashboard.save')).toBe('dashboard.save');
    expect(actionText('constructor')).toBe('constructor');
  });
});

describe('entrySummary', () => {
  it.each([
    [{ actor: 'bootstrap', actorKind: 'token', action: 'user.add', target: 'ada' }, 'bootstrap (token) added a user: ada'],
    [{ actor: 'ada', actorKind: 'user', action: 'session.login', target: 'ada' }, 'ada (user) logged in'],
    [{ actor: 'eve', actorKind: 'user', action: 'session.login_failed', target: 'eve' }, 'eve (user) failed to log in'],
    [{ actor: 'anonymous', actorKind: 'anonymous', action: 'silence.expire', target: '7' }, 'anonymous expired a silence: 7'],
    [{ actor: 'anonymous', actorKind: 'anonymous', action: 'session.login_failed', target: 'oidc' }, 'anonymous failed to log in: oidc'],
    [{ actor: 'ci', actorKind: 'token', action: 'dashboard.save', target: 'hub' }, 'ci (token) dashboard.save: hub'],
  ] as const)('%o → %s', (entry, line) => {
    expect(entrySummary(entry)).toBe(line);
  });
});

describe('formatState', () => {
  it('indents JSON by two spaces, and names an absent state', () => {
    expect(formatState({ id: '7', matchers: [{ label: 'service', value: '<b>x</b>' }] })).toBe(
      '{\n  "id": "7",\n  "matchers": [\n    {\n      "label": "service",\n      "value": "<b>x</b>"\n    }\n  ]\n}',
    );
    expect(formatState(null)).toBe('(none)');
    expect(formatState({ slos: 0 })).toBe('{\n  "slos": 0\n}');
  });
});
