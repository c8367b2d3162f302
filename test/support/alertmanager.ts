import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
  const child: ChildProcess = spawn(
    ALERTMANAGER_BIN,
    [`--config.file=${config}`, `--storage.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address='],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  let running = true;
  void exited.then(() => (running = false));

  const until = Date.now() + 20_000;
  for (;;) {
    if (!running) throw new Error(`alertmanager exited before it was ready:\n${out}`);
    try {
      if ((await fetch(`${url}/-/ready`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) throw new Error(`alertmanager not ready in 20s:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }

  return {
    url,
    async alerts() {
      const res = await fetch(`${url}/api/v2/alerts`);
      if (!res.ok) throw new Error(`GET /api/v2/alerts → ${res.status}: ${await res.text()}`);
      return (await res.json()) as GettableAlert[];
    },
    output: () => out,
    async stop() {
      if (running) {
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
