import { describe, expect, it } from 'vitest';
import { envVars, loadConfig } from '../config/config.js';
import { apiQueryLimits, backgroundQueryLimits, defaultQueryConfig, querySettingNames } from './config.js';

describe('query bounds config', () => {
  it('has safe defaults', () => {
    expect(defaultQueryConfig()).toEqual({
      timeoutSeconds: 30,
      maxMemoryBytes: 2147483648,
      maxResultRows: 1000000,
      maxRowsToRead: 5000000000,
      maxRangeDays: 31,
      maxLongRangeDays: 400,
      traceMaxSpans: 10000,
      maxSeries: 500,
      backgroundTimeoutSeconds: 300,
    });
  });

  it('names in errors the env var that sets each value', () => {
    for (const [key, name] of Object.entries(querySettingNames)) expect(envVars[name]?.path).toEqual(['query', key]);
  });

  it('reads the env vars', () => {
    const config = loadConfig({ file: '/nonexistent.yaml', env: { OCTOLENS_QUERY_MAX_RANGE_DAYS: '7', OCTOLENS_BACKGROUND_QUERY_TIMEOUT_SECONDS: '600' } });
    expect([config.query.maxRangeDays, config.query.backgroundTimeoutSeconds, config.query.timeoutSeconds]).toEqual([7, 600, 30]);
    expect(apiQueryLimits(config.query)).toEqual({
      timeoutSeconds: 30,
      maxMemoryBytes: 2147483648,
      maxResultRows: 1000000,
      maxRowsToRead: 5000000000,
      settings: { time: 'OCTOLENS_QUERY_TIMEOUT_SECONDS', memory: 'OCTOLENS_QUERY_MAX_MEMORY_BYTES', rows: 'OCTOLENS_QUERY_MAX_RESULT_ROWS', scan: 'OCTOLENS_QUERY_MAX_ROWS_TO_READ' },
    });
    expect(backgroundQueryLimits(config.query)).toEqual({ timeoutSeconds: 600, maxRowsToRead: 0, settings: { time: 'OCTOLENS_BACKGROUND_QUERY_TIMEOUT_SECONDS' } });
  });

  it.each([
    [{ OCTOLENS_QUERY_MAX_RANGE_DAYS: '0' }, 'OCTOLENS_QUERY_MAX_RANGE_DAYS (query.maxRangeDays): Too small: expected number to be >=1'],
    [{ OCTOLENS_QUERY_MAX_RANGE_DAYS: '90', OCTOLENS_QUERY_MAX_LONG_RANGE_DAYS: '60' }, 'OCTOLENS_QUERY_MAX_LONG_RANGE_DAYS (query.maxLongRangeDays): must be ≥ the telemetry search cap (maxRangeDays)'],
  ])('refuses %j at startup', (env, line) => {
    expect(() => loadConfig({ file: '/nonexistent.yaml', env })).toThrow(`invalid configuration:\n  ${line}`);
  });
});
