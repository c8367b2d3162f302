/**
 * What the commands that talk to a running hub share: exit codes, the error that carries
 * one, and the API token they send (OCTOLENS_TOKEN, read from the environment so it stays
 * out of shell history and `ps`).
 */
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

export class CliExit extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** Authorization for the hub when OCTOLENS_TOKEN is set; none otherwise (a hub with authentication off). */
export function authHeaders(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const token = env.OCTOLENS_TOKEN?.trim();
  return token ? { Authorization: `Bearer ${token}` } : {};
}

/** `a, b,c` → ['a', 'b', 'c'] */
export const splitList = (raw: string) => raw.split(',').map((s) => s.trim()).filter(Boolean);

/** `--hub` as a URL, or a usage error naming what was given. */
export function hubUrl(raw: string): URL {
  try {
    return new URL(raw);
  } catch {
    throw new CliExit(EXIT_USAGE, `--hub: expected a URL such as http://localhost:8080, got "${raw}"`);
  }
}

/** The hub's `{message}` from an error body, or the body as it is. */
export function errorMessage(text: string): string {
  try {
    return (JSON.parse(text) as { message?: string }).message ?? text;
  } catch {
    return text;
  }
}

/** A failed fetch to the hub, as the line the user needs. */
export function unreachable(hub: URL, e: unknown): CliExit {
  const cause = (e as { cause?: { code?: string; message?: string } }).cause;
  return new CliExit(EXIT_FAILED, `cannot reach the hub at ${hub.origin} (${cause?.code ?? cause?.message ?? (e as Error).message}): is it running? Point --hub at it`);
}

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

/** stdout and stderr */
export const consoleIo: CliIo = { out: (l) => console.log(l), err: (l) => console.error(l) };

/** commander's exit: 0 for --help and --version, a usage error otherwise */
export const exitUsage = (e: { exitCode: number }) => process.exit(e.exitCode === 0 ? 0 : EXIT_USAGE);

/** `--hub`, the same on every command that calls the hub */
export const hubOption = ['--hub <url>', 'the running hub', 'http://localhost:8080'] as const;

/** One JSON call to the hub with OCTOLENS_TOKEN; its answer, or a CliExit saying why not. */
export async function callHub<T>(hubOption: string, method: string, path: string, body?: unknown): Promise<T> {
  const hub = hubUrl(hubOption);
  let res: Response;
  try {
    res = await fetch(new URL(path, hub), {
      method,
      headers: { ...authHeaders(), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw unreachable(hub, e);
  }
  const text = await res.text();
  if (res.ok) return (text === '' ? undefined : JSON.parse(text)) as T;
  const hint = res.status === 401 || res.status === 403 ? ' (set OCTOLENS_TOKEN to a token with the admin scope)' : '';
  throw new CliExit(EXIT_FAILED, `the hub refused (${res.status}): ${errorMessage(text)}${hint}`);
}

/** Runs a command's work; a CliExit becomes its line on stderr and its exit code. */
export async function runCli(io: CliIo, work: () => Promise<void>): Promise<number> {
  try {
    await work();
    return 0;
  } catch (e) {
    if (!(e instanceof CliExit)) throw e;
    io.err(`octolens: ${e.message}`);
    return e.code;
  }
}
