import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDaemon } from './daemon.js';
import { freePort } from './hub.js';

/** Debian's package (`apt-get install prometheus`); .ci/run installs it. */
export const PROMETHEUS_BIN = process.env.PROMETHEUS_BIN ?? '/usr/bin/prometheus';

/** Why Prometheus tests skip; under CI=true a missing binary is a failure instead. */
export function prometheusSkipReason(): string | undefined {
  if (existsSync(PROMETHEUS_BIN)) return undefined;
  const message = `${PROMETHEUS_BIN} not found: apt-get install -y prometheus`;
  if (process.env.CI === 'true') throw new Error(message);
  return message;
}

export interface RunningPrometheus {
  url: string;
  output(): string;
  stop(): Promise<void>;
}

/**
 * A real Prometheus on a free port with its own TSDB: scrapes `targets` every second (job
 * `job`) and remote-writes everything, metadata included, to `remoteWriteUrl` within about a second.
 */
export async function startPrometheus({ targets, job, remoteWriteUrl }: { targets: string[]; job: string; remoteWriteUrl: string }): Promise<RunningPrometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'octolens-prometheus-'));
  const config = join(dir, 'prometheus.yml');
  writeFileSync(
    config,
    `global:
  scrape_interval: 1s
scrape_configs:
  - job_name: ${JSON.stringify(job)}
    static_configs:
      - targets: ${JSON.stringify(targets)}
remote_write:
  - url: ${JSON.stringify(remoteWriteUrl)}
    queue_config:
      batch_send_deadline: 1s
      min_backoff: 100ms
      max_backoff: 1s
    metadata_config:
      send: true
      send_interval: 1s
`,
  );
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const daemon = await startDaemon('prometheus', PROMETHEUS_BIN, [`--config.file=${config}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`], `${url}/-/ready`);
  return {
    url,
    output: daemon.output,
    async stop() {
      await daemon.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
