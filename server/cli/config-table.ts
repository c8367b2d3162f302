import type { OctolensConfig } from '../config/config.js';

/** A row of `octolens config`: the variable, the value the hub runs with, what it does. */
export interface ConfigRow {
  name: string;
  value: string;
  doc: string;
}

export interface EnvSetting {
  path: string[];
  doc: string;
  /** the value in the variable's own syntax, where JSON would not be it */
  show?: (value: never) => string;
}

/**
 * Variables the hub reads outside its config schema, straight from the environment: the OTel
 * SDK's self-tracing (server/telemetry/tracing.ts).
 */
export const processEnvVars: Record<string, string> = {
  OTEL_EXPORTER_OTLP_ENDPOINT: 'the hub traces itself to this OTLP/HTTP endpoint; its own SLOs (slo-specs/octolens) load then, under the service name octolens',
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'the same, for traces only',
  OTEL_SERVICE_NAME: 'service name of the self-traces (default octolens)',
};

/** secrets are shown as set or not, never printed */
const secretName = /SECRET|TOKEN|WEBHOOK_URL/;

function shown(name: string, value: unknown): string {
  if (value === undefined || value === '') return '(unset)';
  if (secretName.test(name)) return '(set)';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  // a password in a connection URL (DATABASE_URL, CLICKHOUSE_URL, REDIS_URL) stays out of terminals and logs
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@/]*@/i, '$1***@');
}

/**
 * One row per variable, valued as the hub sees it: `config` is what loadConfig built (file,
 * then env vars, as `octolens start` reads them), `env` the process environment for the
 * variables outside the schema.
 */
export function configRows(config: OctolensConfig, envVars: Record<string, EnvSetting>, env: NodeJS.ProcessEnv): ConfigRow[] {
  const rows = Object.entries(envVars).map(([name, { path, doc, show }]) => {
    const value = path.reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], config);
    return { name, value: show && value !== undefined ? (show as (v: unknown) => string)(value) : shown(name, value), doc };
  });
  for (const [name, doc] of Object.entries(processEnvVars)) rows.push({ name, value: shown(name, env[name]), doc });
  return rows;
}

/** values longer than this get a line of their own, so one JSON map does not push every description off screen */
const MAX_VALUE_WIDTH = 32;

/**
 * Three aligned columns, as wide as their longest entry (the value column at most
 * MAX_VALUE_WIDTH; a longer value is printed alone and its description on the next line).
 * @example formatConfigRows([{ name: 'A', value: '1', doc: 'a' }]) // ['A  1  a']
 */
export function formatConfigRows(rows: readonly ConfigRow[]): string[] {
  const nameWidth = Math.max(0, ...rows.map((r) => r.name.length));
  const valueWidth = Math.min(MAX_VALUE_WIDTH, Math.max(0, ...rows.map((r) => r.value.length)));
  return rows.flatMap((r) => {
    if (r.value.length > valueWidth) return [`${r.name.padEnd(nameWidth)}  ${r.value}`, `${' '.repeat(nameWidth + valueWidth + 4)}${r.doc}`];
    return [`${r.name.padEnd(nameWidth)}  ${r.value.padEnd(valueWidth)}  ${r.doc}`];
  });
}
