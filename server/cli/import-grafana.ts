/**
 * `octolens import grafana <file.json> [--out dashboards/x.yaml]`: a Grafana dashboard whose
 * panels query the ClickHouse data source with SQL, converted to a dashboard YAML (best
 * effort, server/dashboards/grafana-import.ts). The YAML goes to --out or stdout; what was not
 * converted goes to stderr, one line each. Nothing is sent to a hub: commit the file to the
 * dashboards directory and the hub loads it.
 *
 * Exit codes: 0 converted whole; 3 written, but parts were not converted (the report says
 * which); 1 nothing written (unreadable file, not JSON, no convertible panel); 2 bad usage.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { importGrafanaDashboard } from '../dashboards/grafana-import.js';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
export const EXIT_PARTIAL = 3;

export interface ImportGrafanaOptions {
  out?: string;
  /** replace --out when it exists */
  force: boolean;
}

export function importGrafanaFile(file: string, opts: ImportGrafanaOptions, io: { out: (text: string) => void; err: (line: string) => void }): number {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    io.err(`octolens: cannot read ${file}: ${(e as Error).message}`);
    return EXIT_FAILED;
  }
  if (opts.out && existsSync(opts.out) && !opts.force) {
    io.err(`octolens: ${opts.out} exists; pass --force to replace it`);
    return EXIT_USAGE;
  }
  const result = importGrafanaDashboard(json, basename(file));
  for (const line of result.report) io.err(`${file}: ${line}`);
  if (!result.yaml) return EXIT_FAILED;
  if (opts.out) {
    writeFileSync(opts.out, result.yaml);
    io.err(`wrote ${opts.out}: ${result.panels} panel${result.panels === 1 ? '' : 's'}${result.report.length ? `, ${result.report.length} note${result.report.length === 1 ? '' : 's'} above` : ''}`);
  } else {
    io.out(result.yaml);
  }
  return result.report.length > 0 ? EXIT_PARTIAL : EXIT_OK;
}

export function registerImportGrafana(importCommand: Command): void {
  importCommand
    .command('grafana')
    .description(
      'convert a Grafana dashboard JSON whose panels use the ClickHouse data source with SQL into a dashboard YAML (docs/dashboards.md); what is not converted is listed on stderr. Exit codes: 0 converted, 3 converted in part, 1 nothing converted, 2 bad usage',
    )
    .argument('<file.json>', 'a dashboard JSON as Grafana exports it (Share → Export, or GET /api/dashboards/uid/<uid>)')
    .option('--out <file>', 'write the YAML there (e.g. dashboards/x.yaml) instead of stdout')
    .option('--force', 'replace --out when it exists', false)
    .exitOverride((e) => process.exit(e.exitCode === 0 ? 0 : EXIT_USAGE))
    .action((file: string, opts: { out?: string; force: boolean }) => {
      process.exitCode = importGrafanaFile(file, opts, { out: (t) => process.stdout.write(t), err: console.error });
    });
}
