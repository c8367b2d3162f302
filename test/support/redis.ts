import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from './hub.js';

export interface RunningRedis {
  url: string;
  port: number;
  /** SIGKILL and start again on the same port and dir, `downMs` later: the AOF is all it keeps */
  restart(options?: { downMs?: number }): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Debian's redis-server on a free port, in a temp dir, with AOF on: `appendfsync always` by
 * default, so a restart keeps every acknowledged job exactly as production with `always`
 * would; benchmarks pass `everysec`, the deploy manifests' setting.
 */
export async function startRedis({ appendfsync = 'always' }: { appendfsync?: 'always' | 'everysec' } = {}): Promise<RunningRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'octolens-redis-'));
  const port = await freePort();
  let child: ChildProcess | undefined;
  let out = '';
  const launch = async () => {
    child = spawn('/usr/bin/redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', appendfsync, '--save', ''], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    const until = Date.now() + 10_000;
    for (;;) {
      const probe = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      probe.on('error', () => {});
      try {
        await probe.connect();
        if ((await probe.ping()) === 'PONG') {
          probe.disconnect();
          return;
        }
      } catch {
        // not listening yet, or still loading the AOF
      }
      probe.disconnect();
      if (Date.now() > until) throw new Error(`redis-server did not start in 10s:\n${out}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const kill = async (signal: NodeJS.Signals) => {
    const c = child;
    if (!c || c.exitCode !== null) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill(signal);
    await exited;
  };
  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async restart({ downMs = 0 } = {}) {
      await kill('SIGKILL');
      await new Promise((r) => setTimeout(r, downMs));
      await launch();
    },
    async stop() {
      await kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
