import { spawn, type ChildProcess } from 'node:child_process';

export interface RunningDaemon {
  pid: number;
  output(): string;
  /** SIGTERM, then waits for the exit */
  stop(): Promise<void>;
}

/** Starts `bin` and resolves once `readyUrl` answers 2xx (20 s at most), with its output for failure messages. */
export async function startDaemon(name: string, bin: string, args: string[], readyUrl: string): Promise<RunningDaemon> {
  const child: ChildProcess = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  let running = true;
  void exited.then(() => (running = false));

  const until = Date.now() + 20_000;
  for (;;) {
    if (!running) throw new Error(`${name} exited before it was ready:\n${out}`);
    try {
      if ((await fetch(readyUrl)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) throw new Error(`${name} not ready in 20s:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    pid: child.pid!,
    output: () => out,
    async stop() {
      if (!running) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}
