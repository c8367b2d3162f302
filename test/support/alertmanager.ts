import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDaemon } from './daemon.js';
import { freePort } from './hub.js';

/** Debian's package (`apt-get install prometheus-alertmanager`); .ci/run installs it. */
export const ALERTMANAGER_BIN = process.env.ALERTMANAGER_BIN ?? '/usr/bin/prometheus-alertmanager';

/** Why Alertmanager tests skip; under CI=true a missing binary is a failure instead. */
export function alertmanagerSkipReason(): string | undefined {
  if (existsSync(ALERTMANAGER_BIN)) return undefined;
  const message = `${ALERTMANAGER_BIN} not found: apt-get install -y prometheus-alertmanager`;
  if (process.env.CI === 'true') throw new Error(message);
  return message;
}

/** What `GET /api/v2/alerts` returns per alert (gettableAlert), the fields tests read. */
export interface GettableAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL?: string;
  fingerprint: string;
  status: { state: 'unprocessed' | 'active' | 'suppressed' };
}

export interface RunningAlertmanager {
  url: string;
  alerts(): Promise<GettableAlert[]>;
  output(): string;
  stop(): Promise<void>;
}

/**
 * A real Alertmanager on a free port, its own storage dir, clustering off, one webhook
 * receiver at `webhookUrl` that gets firing and resolved groups about a second after they change.
 */
export async function startAlertmanager({ webhookUrl }: { webhookUrl: string }): Promise<RunningAlertmanager> {
  const dir = mkdtempSync(join(tmpdir(), 'octolens-am-'));
  const config = join(dir, 'alertmanager.yml');
  writeFileSync(
    config,
    `route:
  receiver: hook
  group_by: ['alertname']
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 1h
receivers:
  - name: hook
    webhook_configs:
      - url: ${JSON.stringify(webhookUrl)}
        send_resolved: true
`,
  );
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const daemon = await startDaemon(
    'alertmanager',
    ALERTMANAGER_BIN,
    [`--config.file=${config}`, `--storage.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address='],
    `${url}/-/ready`,
  );

  return {
    url,
    async alerts() {
      const res = await fetch(`${url}/api/v2/alerts`);
      if (!res.ok) throw new Error(`GET /api/v2/alerts → ${res.status}: ${await res.text()}`);
      return (await res.json()) as GettableAlert[];
    },
    output: daemon.output,
    async stop() {
      await daemon.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
