import { describe, expect, it } from 'vitest';
import { resolveRoles } from './roles.js';

const shared = { clickhouseUrl: 'http://ch:8123', databaseUrl: 'postgres://pg/octolens', redisUrl: 'redis://r:6379' };

describe('resolveRoles', () => {
  it.each([
    ['all', {}, ['collector', 'worker', 'api']],
    ['collector,worker,api', {}, ['collector', 'worker', 'api']],
    ['api', shared, ['api']],
    ['collector, worker', { ...shared, redisUrl: undefined }, ['collector', 'worker']],
    // the topology that needs no ClickHouse server: collectors → Redis → one worker,api on chDB
    ['collector', { redisUrl: 'redis://r:6379' }, ['collector']],
    ['worker,api', { redisUrl: 'redis://r:6379' }, ['worker', 'api']],
  ])('%s runs %j', (spec, env, expected) => {
    expect([...resolveRoles(spec, env)]).toEqual(expected);
  });

  it.each([
    ['colector', shared, 'unknown role "colector" (expected: all, collector, worker, api)'],
    ['', shared, 'no role given'],
    ['collector', { ...shared, redisUrl: undefined }, 'need a shared queue: set REDIS_URL'],
    ['api', {}, 'set CLICKHOUSE_URL'],
    ['api', { clickhouseUrl: 'http://ch:8123' }, 'set DATABASE_URL'],
    ['worker', { redisUrl: 'redis://r:6379' }, 'embedded chDB lives in one process, which must run both worker and api'],
    ['worker,api', {}, 'need a shared queue: set REDIS_URL'],
  ])('%j is refused: %s', (spec, env, message) => {
    expect(() => resolveRoles(spec, env)).toThrow(message);
  });
});
