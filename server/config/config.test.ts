import { describe, expect, it } from 'vitest';
import { authEnabled, ConfigError, loadConfig } from './config.js';

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

describe('OCTOLENS_SCRUB_*', () => {
  it('scrubs by default, and reads the rules, keys and patterns from env vars', () => {
    expect(load({}).collectors.otlp.scrub).toEqual({ enabled: true, rules: ['keys', 'bearer', 'basic', 'jwt', 'email', 'card'], keys: [], patterns: {} });
    expect(load({ OCTOLENS_SCRUB: 'false', OCTOLENS_SCRUB_RULES: 'keys,email', OCTOLENS_SCRUB_KEYS: '^user\\.ssn$ session', OCTOLENS_SCRUB_PATTERNS: 'employee_id=EMP-\\d{2,6}' }).collectors.otlp.scrub).toEqual({
      enabled: false,
      rules: ['keys', 'email'],
      keys: ['^user\\.ssn$', 'session'],
      patterns: { employee_id: 'EMP-\\d{2,6}' },
    });
  });

  it('stops the hub at start on a bad regular expression, naming the env var', () => {
    expect(() => load({ OCTOLENS_SCRUB_KEYS: 'ok [unclosed' })).toThrow(
      'invalid configuration:\n  OCTOLENS_SCRUB_KEYS (collectors.otlp.scrub.keys): pattern 2: "[unclosed" is not a valid regular expression: /[unclosed/i: Unterminated character class',
    );
    expect(() => load({ OCTOLENS_SCRUB_PATTERNS: 'ssn=(\\d' })).toThrow('OCTOLENS_SCRUB_PATTERNS (collectors.otlp.scrub.patterns): ssn: "(\\\\d" is not a valid regular expression: /(\\d/g: Unterminated group');
  });
});

describe('OCTOLENS_AUTH', () => {
  it('defaults to off only when ClickHouse, the queue and the metadata store are all embedded', () => {
    expect(([{}, { CLICKHOUSE_URL: 'http://ch:8123' }, { DATABASE_URL: 'postgres://pg/db' }, { REDIS_URL: 'redis://r:6379' }] as Array<Record<string, string>>).map((env) => authEnabled(load(env)))).toEqual([false, true, true, true]);
    expect([authEnabled(load({ OCTOLENS_AUTH: 'on' })), authEnabled(load({ OCTOLENS_AUTH: 'off', CLICKHOUSE_URL: 'http://ch:8123' }))]).toEqual([true, false]);
  });

  it('refuses a value other than on or off, and a short bootstrap token, naming the env var', () => {
    expect(() => load({ OCTOLENS_AUTH: 'yes' })).toThrow('OCTOLENS_AUTH (auth.mode): expected on or off, got "yes"');
    expect(() => load({ OCTOLENS_BOOTSTRAP_TOKEN: 'hunter2' })).toThrow('OCTOLENS_BOOTSTRAP_TOKEN (auth.bootstrapToken): must be at least 32 characters');
  });
});
