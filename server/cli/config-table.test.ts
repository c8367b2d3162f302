import { describe, expect, it } from 'vitest';
import { envVars, loadConfig } from '../config/config.js';
import { configRows, formatConfigRows } from './config-table.js';

describe('octolens config', () => {
  it('values each variable as the hub does: env over file, empty as unset, the variables read outside the schema too', () => {
    const env = { OCTOLENS_PORT: '9090', OCTOLENS_SLO_DIR: '', OCTOLENS_EXAMPLES: 'yes', REDIS_URL: 'redis://:hunter2@r:6379', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' };
    const rows = configRows(loadConfig({ env, file: '/nonexistent.yaml' }), envVars, env);
    const value = (name: string) => rows.find((r) => r.name === name)?.value;
    expect(value('OCTOLENS_PORT')).toBe('9090');
    expect(value('OCTOLENS_SLO_DIR')).toBe('./slo-specs');
    expect(value('OCTOLENS_EXAMPLES')).toBe('true');
    expect(value('REDIS_URL')).toBe('redis://:***@r:6379');
    expect(value('OTEL_EXPORTER_OTLP_ENDPOINT')).toBe('http://127.0.0.1:4318');
    expect(value('OTEL_SERVICE_NAME')).toBe('(unset)');
  });

  it('shows rate limits as the variables take them, off included', () => {
    const env = { OCTOLENS_RATE_LIMIT_API: '10/min', OCTOLENS_RATE_LIMIT_LOGIN: 'off' };
    const rows = configRows(loadConfig({ env, file: '/nonexistent.yaml' }), envVars, env);
    const value = (name: string) => rows.find((r) => r.name === name)?.value;
    expect([value('OCTOLENS_RATE_LIMIT_INGEST'), value('OCTOLENS_RATE_LIMIT_API'), value('OCTOLENS_RATE_LIMIT_LOGIN')]).toEqual(['2000/s,burst=4000', '10/min', 'off']);
  });

  it('never prints a secret', () => {
    const env = { OCTOLENS_GITHUB_WEBHOOK_SECRET: 's3cret', OCTOLENS_SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T/B/x', DATABASE_URL: 'postgres://app:pw@db:5432/octolens' };
    const rows = configRows(loadConfig({ env, file: '/nonexistent.yaml' }), envVars, env);
    const value = (name: string) => rows.find((r) => r.name === name)?.value;
    expect(value('OCTOLENS_GITHUB_WEBHOOK_SECRET')).toBe('(set)');
    expect(value('OCTOLENS_SLACK_WEBHOOK_URL')).toBe('(set)');
    expect(value('DATABASE_URL')).toBe('postgres://app:***@db:5432/octolens');
    expect(value('OCTOLENS_CDEVENTS_TOKEN')).toBe('(unset)');
  });

  it('aligns the columns to the longest name and value; a value past the cap gets its own line', () => {
    const lines = formatConfigRows([
      { name: 'A_LONGER_NAME', value: '1', doc: 'one' },
      { name: 'B', value: 'twenty', doc: 'two' },
      { name: 'C', value: 'x'.repeat(40), doc: 'three' },
    ]);
    expect(lines).toEqual(['A_LONGER_NAME  1                                 one', 'B              twenty                            two', `C              ${'x'.repeat(40)}`, `${' '.repeat(49)}three`]);
  });
});
