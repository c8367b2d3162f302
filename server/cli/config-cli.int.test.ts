/**
 * `octolens config` as a user runs it: the real CLI in a child process, a settings file and
 * env vars, read as `octolens start` reads them (file, then env over it), in aligned columns.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const cli = resolve(import.meta.dirname, '../../bin/octolens.mjs');

describe('octolens config', () => {
  let dir: string;
  let lines: string[];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'octolens-config-'));
    const file = join(dir, 'octolens.yaml');
    writeFileSync(file, 'port: 7000\notlpPort: 5999\nlogLevel: warn\nretentionDays:\n  traces: 3\n');
    // only what the test sets: no OCTOLENS_*, REDIS_URL or OTEL_* of the machine running it
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(OCTOLENS_|OTEL_|REDIS_URL$|DATABASE_URL$|CLICKHOUSE_)/.test(k)));
    const out = execFileSync(process.execPath, [cli, 'config', '--config', file], {
      env: { ...env, OCTOLENS_PORT: '9191', OCTOLENS_LOG_LEVEL: '', OCTOLENS_ALERTMANAGER_URL: 'http://am-1:9093,http://am-2:9093', REDIS_URL: 'redis://:hunter2@redis:6379', OTEL_SERVICE_NAME: 'hub' },
      encoding: 'utf8',
    });
    lines = out.trimEnd().split('\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** name → [value, doc], from the printed lines (a long value's doc is on the next line) */
  const rows = () => {
    const out = new Map<string, [string, string]>();
    for (let i = 0; i < lines.length; i++) {
      const m = /^(\S+) {2,}(\S+)(?: {2,}(.*))?$/.exec(lines[i]!);
      if (!m) continue;
      out.set(m[1]!, [m[2]!, m[3] ?? lines[i + 1]!.trim()]);
    }
    return out;
  };

  it('values each setting as the hub runs with it: env over the file, an empty env var as unset', () => {
    const value = (name: string) => rows().get(name)?.[0];
    expect(value('OCTOLENS_PORT')).toBe('9191');
    expect(value('OCTOLENS_OTLP_PORT')).toBe('5999');
    expect(value('OCTOLENS_LOG_LEVEL')).toBe('warn');
    expect(value('OCTOLENS_RETENTION_TRACES_DAYS')).toBe('3');
    expect(value('OCTOLENS_RETENTION_LOGS_DAYS')).toBe('7');
    expect(value('OCTOLENS_ALERTMANAGER_URL')).toBe('["http://am-1:9093","http://am-2:9093"]');
    expect(value('REDIS_URL')).toBe('redis://:***@redis:6379');
    expect(value('OTEL_SERVICE_NAME')).toBe('hub');
    expect(value('OTEL_EXPORTER_OTLP_ENDPOINT')).toBe('(unset)');
    expect(rows().get('OCTOLENS_OTLP_PORT')?.[1]).toBe('OTLP/HTTP receiver');
  });

  it('aligns every value and every description in one column; a value too long for it gets its line', () => {
    const names = [...rows().keys()];
    const nameWidth = Math.max(...names.map((n) => n.length));
    const single = lines.filter((l) => /^\S+ {2,}\S+ {2,}\S/.test(l));
    const long = lines.filter((l) => /^\S+ {2,}\S+$/.test(l));
    const continuation = lines.filter((l) => /^ +\S/.test(l));
    expect(single.length + long.length).toBe(names.length);
    expect(continuation.length).toBe(long.length);
    expect(long.length).toBeGreaterThan(0);
    // values start two spaces after the longest name
    expect(new Set([...single, ...long].map((l) => /^\S+ +/.exec(l)![0].length))).toEqual(new Set([nameWidth + 2]));
    // descriptions start in one column, continuation lines too
    const docColumn = (l: string) => l.length - l.replace(/^\S+ {2,}\S+ {2,}/, '').length;
    const columns = new Set([...single.map(docColumn), ...continuation.map((l) => l.search(/\S/))]);
    expect(columns.size).toBe(1);
    // a value past 32 characters (the value column's cap) is alone on its line
    expect(long.every((l) => l.slice(nameWidth + 2).length > 32)).toBe(true);
  });
});
