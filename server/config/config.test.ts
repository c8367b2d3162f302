import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

const load = (env: Record<string, string>) => loadConfig({ env, file: '/nonexistent/octolens.yaml' });

describe('CLICKHOUSE_CLUSTER', () => {
  it('is refused without CLICKHOUSE_URL, naming both', () => {
    expect(() => load({ CLICKHOUSE_CLUSTER: 'octolens' })).toThrow(ConfigError);
    expect(() => load({ CLICKHOUSE_CLUSTER: 'octolens' })).toThrow(
      'invalid configuration:\n  CLICKHOUSE_CLUSTER (clickhouseCluster): set to "octolens" without CLICKHOUSE_URL: a cluster is reached through one of its servers (set CLICKHOUSE_URL to one, or unset CLICKHOUSE_CLUSTER for embedded chDB)',
    );
  });

  it('is read with CLICKHOUSE_URL; unset, there is no cluster', () => {
    expect(load({ CLICKHOUSE_URL: 'http://ch:8123', CLICKHOUSE_CLUSTER: 'prod-eu' }).clickhouseCluster).toBe('prod-eu');
    expect(load({ CLICKHOUSE_URL: 'http://ch:8123' }).clickhouseCluster).toBeUndefined();
  });

  it('takes a plain cluster name only (it is written into ON CLUSTER and Distributed())', () => {
    expect(() => load({ CLICKHOUSE_URL: 'http://ch:8123', CLICKHOUSE_CLUSTER: "x'; DROP" })).toThrow('CLICKHOUSE_CLUSTER (clickhouseCluster): must be a cluster name from remote_servers (letters, digits, _ and -)');
  });
});
