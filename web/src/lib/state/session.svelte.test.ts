import { describe, expect, it } from 'vitest';
import type { SessionInfo } from '$shared/api';
import { ApiRequestError, type LoginParams } from '../api/client';
import { Session } from './session.svelte';

const ann: SessionInfo = { auth: true, user: { name: 'ann', role: 'editor' }, expiresAt: '2026-12-04T06:00:00.000Z' };

/** A hub with one user, ann, whose password is "s3cret"; `answer` is what GET /session says first. */
function hub(answer: SessionInfo | Error) {
  const calls: string[] = [];
  return {
    calls,
    api: {
      session: async () => {
        calls.push('session');
        if (answer instanceof Error) throw answer;
        return answer;
      },
      login: async (p: LoginParams) => {
        calls.push('login');
        if ('password' in p && p.username === 'ann' && p.password === 's3cret') return ann;
        throw new ApiRequestError('wrong user name or password', 401, 'unauthorized');
      },
      logout: async () => {
        calls.push('logout');
        return undefined;
      },
    },
  };
}

describe('Session', () => {
  it('needs no login with authentication off', async () => {
    const session = new Session(hub({ auth: false, user: null, expiresAt: null }).api);
    expect(session.ready).toBe(false);
    await session.load();
    expect(session.ready).toBe(true);
    expect(session.needsLogin).toBe(false);
    expect(session.user).toBeNull();
  });

  it('needs a login until one succeeds, and again after logging out', async () => {
    const { api, calls } = hub({ auth: true, user: null, expiresAt: null });
    const session = new Session(api);
    await session.load();
    expect(session.needsLogin).toBe(true);
    await expect(session.login({ username: 'ann', password: 'wrong' })).rejects.toThrow('wrong user name or password');
    expect(session.needsLogin).toBe(true);
    await session.login({ username: 'ann', password: 's3cret' });
    expect(session.needsLogin).toBe(false);
    expect(session.user).toEqual({ name: 'ann', role: 'editor' });
    await session.logout();
    expect(session.needsLogin).toBe(true);
    expect(session.user).toBeNull();
    expect(calls).toEqual(['session', 'login', 'login', 'logout']);
  });

  it('needs a login once the API refused the session', async () => {
    const session = new Session(hub(ann).api);
    await session.load();
    expect(session.needsLogin).toBe(false);
    session.lost();
    expect(session.needsLogin).toBe(true);
    expect(session.info).toEqual({ auth: true, user: null, expiresAt: null });
  });

  it('is unknown, not logged out, when the hub cannot say', async () => {
    const session = new Session(hub(new ApiRequestError('could not reach the hub at /api/v1/session: Failed to fetch', 0, 'network')).api);
    await session.load();
    expect(session.ready).toBe(true);
    expect(session.info).toBeUndefined();
    expect(session.needsLogin).toBe(false);
  });
});
