import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', '..');

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => res(port));
    });
  });
}

export interface RunningHub {
  apiUrl: string;
  otlpUrl: string;
  /** host:port of OTLP/gRPC */
  otlpGrpcAddress: string;
  dataDir: string;
  /** everything the hub printed so far */
  output(): string;
  /** SIGINT and wait for a clean exit; returns the exit code */
  stop(): Promise<number | null>;
  /** SIGKILL (a crash: nothing drains or closes) and wait for the exit */
  kill(): Promise<void>;
  /** stop and delete the data dir */
  dispose(): Promise<void>;
}

export interface StartHubOptions {
  dataDir?: string;
  env?: Record<string, string>;
  args?: string[];
  /** ports chosen beforehand (one the hub must export its own traces to, the API's address an IdP redirects to) */
  otlpPort?: number;
  port?: number;
}

/** Starts `octolens start` as a real child process on free ports; resolves when it says it is ready. */
export async function startHub({ dataDir, env = {}, args = [], ...ports }: StartHubOptions = {}): Promise<RunningHub> {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'octolens-hub-'));
  const port = ports.port ?? (await freePort());
  const otlpPort = ports.otlpPort ?? (await freePort());
  const otlpGrpcPort = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [join(root, 'bin/octolens.mjs'), 'start', '--port', String(port), '--otlp-port', String(otlpPort), '--data-dir', dir, ...args],
    {
      cwd: root,
      // authentication off unless a test turns it on: the scale-out tests' servers would otherwise switch it on
      env: { ...process.env, OCTOLENS_HOST: '127.0.0.1', OCTOLENS_FLUSH_INTERVAL_MS: '50', OCTOLENS_OTLP_GRPC_PORT: String(otlpGrpcPort), OCTOLENS_AUTH: 'off', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  await new Promise<void>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`hub did not become ready in 90s:\n${out}`)), 90_000);
    const check = () => {
      if (out.includes(' ready (')) {
        clearTimeout(timer);
        res();
      }
    };
    child.stdout!.on('data', check);
    child.stderr!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      rej(new Error(`hub exited with ${code} before it was ready:\n${out}`));
    });
  });
  let stopped: Promise<number | null> | undefined;
  const stop = () => {
    stopped ??= (child.kill('SIGINT'), exited);
    return stopped;
  };
  return {
    apiUrl: `http://127.0.0.1:${port}`,
    otlpUrl: `http://127.0.0.1:${otlpPort}`,
    otlpGrpcAddress: `127.0.0.1:${otlpGrpcPort}`,
    dataDir: dir,
    output: () => out,
    stop,
    async kill() {
      stopped ??= (child.kill('SIGKILL'), exited);
      await stopped;
    },
    async dispose() {
      await stop();
      if (!dataDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** GET a JSON API path, failing with the body when the status is not 200. */
export async function getJson<T>(hub: RunningHub, path: string): Promise<T> {
  const res = await fetch(hub.apiUrl + path);
  const body = await res.text();
  if (res.status !== 200) throw new Error(`GET ${path} → ${res.status}: ${body}`);
  return JSON.parse(body) as T;
}
