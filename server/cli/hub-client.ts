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

/** A failed request to the hub (fetch's error, whose cause says why, or node:http's own), as the line the user needs. */
export function unreachable(hub: URL, e: unknown): CliExit {
  const cause = (e as { cause?: { code?: string; message?: string } }).cause;
  const why = cause?.code ?? cause?.message ?? (e as NodeJS.ErrnoException).code ?? (e as Error).message;
  return new CliExit(EXIT_FAILED, `cannot reach the hub at ${hub.origin} (${why}): is it running? Point --hub at it`);
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

/** Runs a command's work; its exit code is what the work returns (0 if nothing), or a CliExit's, whose line goes to stderr. */
export async function runCli(io: Pick<CliIo, 'err'>, work: () => Promise<number | void>): Promise<number> {
  try {
    return (await work()) ?? 0;
  } catch (e) {
    if (!(e instanceof CliExit)) throw e;
    io.err(`octolens: ${e.message}`);
    return e.code;
  }
}
