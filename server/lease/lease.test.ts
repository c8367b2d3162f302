import { describe, expect, it } from 'vitest';
import { createLogger } from '../lib/log.js';
import { inProcessLock } from './in-process.js';
import { leaderJobs } from './jobs.js';
import { createLease } from './lease.js';
import type { LeaseLock } from './types.js';

const log = createLogger('error');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A lock the test hands over and takes away; it records every call in `events`. */
function scriptedLock(events: string[]) {
  let free = true;
  let lost: () => void = () => undefined;
  const lock: LeaseLock = {
    tryHold: async () => (events.push('try'), free),
    holder: async () => null,
    onLost: (l) => void (lost = l),
    release: async () => void events.push('release'),
  };
  return { lock, take: () => ((free = false), lost()), give: () => (free = true) };
}

describe('createLease', () => {
  it('leads at once in-process, and on stop awaits the listeners before it releases', async () => {
    const events: string[] = [];
    const lease = createLease({ lock: { ...inProcessLock('me'), release: async () => void events.push('release') }, id: 'me', intervalMs: 50, log });
    lease.onChange(async (leader) => {
      await sleep(20);
      events.push(`jobs ${leader ? 'started' : 'stopped'}`);
    });
    await lease.start();
    expect(lease.isLeader()).toBe(true);
    expect(await lease.holder()).toBe('me');
    await sleep(120);
    await lease.stop();
    await lease.stop();
    expect(events).toEqual(['jobs started', 'jobs stopped', 'release']);
    expect(lease.isLeader()).toBe(false);
  });

  it('steps down when the lock is lost, and leads again at a later try once it is free', async () => {
    const events: string[] = [];
    const { lock, take, give } = scriptedLock(events);
    const lease = createLease({ lock, id: 'me', intervalMs: 30, log });
    const changes: boolean[] = [];
    lease.onChange((leader) => void changes.push(leader));
    await lease.start();
    take();
    await sleep(0);
    expect(lease.isLeader()).toBe(false);
    await sleep(100);
    expect(changes).toEqual([true, false]);
    give();
    await sleep(60);
    expect(changes).toEqual([true, false, true]);
    await lease.stop();
  });

  it('gives the lock up when the jobs fail to start, and tries again at the next interval', async () => {
    const events: string[] = [];
    const { lock } = scriptedLock(events);
    const lease = createLease({ lock, id: 'me', intervalMs: 30, log });
    let attempts = 0;
    lease.onChange((leader) => {
      if (leader && ++attempts === 1) throw new Error('metadata store down');
    });
    await lease.start();
    expect(lease.isLeader()).toBe(false);
    expect(events).toEqual(['try', 'release']);
    await sleep(50);
    expect(lease.isLeader()).toBe(true);
    expect(attempts).toBe(2);
    await lease.stop();
  });
});

describe('leaderJobs', () => {
  it('creates the jobs afresh each term, starts them in order and stops them in reverse', async () => {
    const events: string[] = [];
    let term = 0;
    const job = (name: string) => ({ start: () => void events.push(`start ${name}`), stop: async () => void events.push(`stop ${name}`) });
    const jobs = leaderJobs(() => (term++, [job(`a${term}`), job(`b${term}`)]));
    await jobs.onChange(true);
    await jobs.onChange(false);
    await jobs.onChange(true);
    await jobs.onChange(false);
    expect(events).toEqual(['start a1', 'start b1', 'stop b1', 'stop a1', 'start a2', 'start b2', 'stop b2', 'stop a2']);
  });

  it('stops the jobs already started when one fails to start', async () => {
    const events: string[] = [];
    const jobs = leaderJobs(() => [
      { start: () => void events.push('start a'), stop: async () => void events.push('stop a') },
      { start: () => Promise.reject(new Error('no')), stop: async () => void events.push('stop b') },
      { start: () => void events.push('start c'), stop: async () => void events.push('stop c') },
    ]);
    await expect(jobs.onChange(true)).rejects.toThrow('no');
    expect(events).toEqual(['start a', 'stop b', 'stop a']);
    await jobs.onChange(false);
    expect(events).toEqual(['start a', 'stop b', 'stop a']);
  });
});
