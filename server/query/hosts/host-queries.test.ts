import { describe, expect, it } from 'vitest';
import { hostCpuSql, hostDiskSql, hostMemorySql, hostNetworkSql } from './host-metrics-query.js';
import { diskForecastSql, hostsSql } from './hosts-query.js';
import { podsSql } from './pods-query.js';
import { sustainedUseSql } from './saturation.js';

const q = { fromMs: 1795557600000, toMs: 1795561200000, stepSeconds: 60, host: 'node-1' };

describe('host query builders', () => {
  it.each([
    ['hostCpuSql', hostCpuSql(q)],
    ['hostMemorySql', hostMemorySql(q)],
    ['hostDiskSql', hostDiskSql(q)],
    ['hostNetworkSql', hostNetworkSql(q)],
    ['podsSql', podsSql(q)],
    ['hostsSql', hostsSql(q)],
    ['diskForecastSql (every host)', diskForecastSql({ fromMs: q.fromMs, toMs: q.toMs })],
    ['sustainedUseSql (every host)', sustainedUseSql({ toMs: q.toMs })],
  ])('%s', (_, query) => {
    expect(query).toMatchSnapshot();
  });

  it('binds the host only when one is asked for', () => {
    expect(hostCpuSql({ ...q, host: undefined }).params).not.toHaveProperty('host');
    expect(hostCpuSql(q).params).toMatchObject({ host: 'node-1', stepMs: 60_000, scanFromMs: q.fromMs - 300_000 });
  });
});
